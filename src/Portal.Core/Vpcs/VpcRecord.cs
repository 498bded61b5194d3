using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// What the portal knows about one VPC request: written before anything is created and updated after every step
/// with the ids created, so a crash never loses track of a resource (and the tags find the rest).
/// </summary>
public sealed record VpcRecord
{
    /// <summary>A GUID in "N" format; also the <c>portal:request-id</c> tag on every resource.</summary>
    public required string RequestId { get; init; }

    public required string Name { get; init; }

    public required string Cidr { get; init; }

    public VpcStatus Status { get; init; }

    public required string RequestedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool EnableDnsSupport { get; init; }

    public bool EnableDnsHostnames { get; init; }

    public bool CreateInternetGateway { get; init; }

    public IReadOnlyList<VpcRequestTag> Tags { get; init; } = [];

    public IReadOnlyList<VpcRecordSubnet> Subnets { get; init; } = [];

    public string? VpcId { get; init; }

    public string? InternetGatewayId { get; init; }

    public string? RouteTableId { get; init; }

    public IReadOnlyList<string> RouteTableAssociationIds { get; init; } = [];

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<ProvisioningStep> Steps { get; init; } = [];

    /// <summary>The AWS error code that failed the request (e.g. <c>VpcLimitExceeded</c>), or <c>Interrupted</c> after a crash.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary><c>complete</c> when nothing is left; otherwise names what is left.</summary>
    public string? RollbackOutcome { get; init; }

    public string? DeletedBy { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    public required string Region { get; init; }

    /// <summary>True when created in the local EC2 sandbox, not in AWS.</summary>
    public bool Sandbox { get; init; }

    /// <summary>Optimistic concurrency: <see cref="VpcRecordStore.SaveAsync"/> writes only over this version.</summary>
    public long Version { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => Status is VpcStatus.Succeeded or VpcStatus.Failed or VpcStatus.Deleted or VpcStatus.DeleteFailed;
}

/// <summary>One subnet of the request; <see cref="SubnetId"/> is set once created.</summary>
public sealed record VpcRecordSubnet(string Name, string Cidr, string AvailabilityZone, SubnetKind Kind, long UsableAddresses, string? SubnetId = null);

/// <summary>One line of the record's history. <see cref="Outcome"/> is one of <see cref="StepOutcomes"/>.</summary>
public sealed record ProvisioningStep(DateTimeOffset At, string Name, string Outcome, string? Detail);

public static class StepOutcomes
{
    public const string Ok = "ok";

    /// <summary>Found (by its tags or its state) from an earlier attempt, or after a create whose answer was lost, and
    /// used instead of creating a second one.</summary>
    public const string Reused = "reused";

    public const string Failed = "failed";

    public const string RolledBack = "rolled back";

    public const string Deleted = "deleted";

    public const string Interrupted = "interrupted";
}
