namespace Portal.Core.Aws;

/// <summary>AWS endpoints, credentials and resource names, section <c>Portal:Aws</c>.</summary>
public sealed class AwsOptions
{
    public const string Section = "Portal:Aws";

    public string Region { get; set; } = "us-east-1";

    /// <summary>DynamoDB endpoint; empty means the real regional endpoint (Aws mode only).</summary>
    public string? DynamoDbServiceUrl { get; set; }

    /// <summary>S3 endpoint; empty means the real regional endpoint (Aws mode only).</summary>
    public string? S3ServiceUrl { get; set; }

    /// <summary>Static keys for the local stack only (s3rver accepts just S3RVER/S3RVER).
    /// In Aws mode the SDK's default credential chain is used and these must stay empty.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>The one bucket for the token and order files.</summary>
    public string Bucket { get; set; } = "portal-data";

    public TableNames Tables { get; set; } = new();
}

/// <summary>DynamoDB table names (AWS requires 3 to 255 characters: a-z, A-Z, 0-9, '_', '-', '.').</summary>
public sealed class TableNames
{
    public string Vpcs { get; set; } = "portal-vpcs";
    public string Ec2Sandbox { get; set; } = "portal-ec2-sandbox";
    public string TokenRuns { get; set; } = "portal-token-runs";
    public string Leases { get; set; } = "portal-leases";
    public string Notifications { get; set; } = "portal-notifications";
    public string Orders { get; set; } = "orders";
    public string LoadJobs { get; set; } = "portal-load-jobs";
    public string Sessions { get; set; } = "portal-sessions";

    public IEnumerable<(string Key, string Name)> All() =>
    [
        (nameof(Vpcs), Vpcs), (nameof(Ec2Sandbox), Ec2Sandbox), (nameof(TokenRuns), TokenRuns),
        (nameof(Leases), Leases), (nameof(Notifications), Notifications), (nameof(Orders), Orders),
        (nameof(LoadJobs), LoadJobs), (nameof(Sessions), Sessions),
    ];
}
