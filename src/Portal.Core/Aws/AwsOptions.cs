namespace Portal.Core.Aws;

/// <summary>AWS endpoints, credentials and resource names, section <c>Portal:Aws</c>.</summary>
public sealed class AwsOptions
{
    public const string Section = "Portal:Aws";

    public string Region { get; set; } = "us-east-1";

    // Endpoint overrides, one per service, honoured by every client of it (local stack, VPC endpoints, tests).
    // Empty means the service's regional endpoint. DynamoDB and S3 are required in Local mode.
    public string? DynamoDbServiceUrl { get; set; }
    public string? S3ServiceUrl { get; set; }
    public string? Ec2ServiceUrl { get; set; }
    public string? SnsServiceUrl { get; set; }
    public string? SqsServiceUrl { get; set; }
    public string? SsmServiceUrl { get; set; }
    public string? SecretsManagerServiceUrl { get; set; }
    public string? CognitoServiceUrl { get; set; }

    public AwsRetryOptions Retry { get; set; } = new();

    /// <summary>Static keys for the local stack only (s3rver accepts just S3RVER/S3RVER).
    /// In Aws mode the SDK's default credential chain is used and these must stay empty.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>The one bucket for the token and order files.</summary>
    public string Bucket { get; set; } = "portal-data";

    public TableNames Tables { get; set; } = new();

    /// <summary>Every endpoint override by its key under <see cref="Section"/>, for validation.</summary>
    public IEnumerable<(string Key, string? Url)> ServiceUrls() =>
    [
        (nameof(DynamoDbServiceUrl), DynamoDbServiceUrl), (nameof(S3ServiceUrl), S3ServiceUrl), (nameof(Ec2ServiceUrl), Ec2ServiceUrl),
        (nameof(SnsServiceUrl), SnsServiceUrl), (nameof(SqsServiceUrl), SqsServiceUrl), (nameof(SsmServiceUrl), SsmServiceUrl),
        (nameof(SecretsManagerServiceUrl), SecretsManagerServiceUrl), (nameof(CognitoServiceUrl), CognitoServiceUrl),
    ];
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
    public string Audit { get; set; } = "portal-audit";

    /// <summary>The orders pipeline's own state: stream checkpoints, the notifier's lease, throughput and latency samples.</summary>
    public string Pipeline { get; set; } = "portal-pipeline";

    public IEnumerable<(string Key, string Name)> All() =>
    [
        (nameof(Vpcs), Vpcs), (nameof(Ec2Sandbox), Ec2Sandbox), (nameof(TokenRuns), TokenRuns),
        (nameof(Leases), Leases), (nameof(Notifications), Notifications), (nameof(Orders), Orders),
        (nameof(LoadJobs), LoadJobs), (nameof(Sessions), Sessions), (nameof(Audit), Audit), (nameof(Pipeline), Pipeline),
    ];
}
