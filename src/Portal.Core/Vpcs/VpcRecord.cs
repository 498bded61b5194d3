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

    public NatGatewayMode NatGatewayMode { get; init; }

    public bool S3GatewayEndpoint { get; init; }

    public bool Ipv6 { get; init; }

    public VpcTenancy Tenancy { get; init; }

    /// <summary>The Amazon-provided /56, once EC2 has assigned it.</summary>
    public string? Ipv6CidrBlock { get; init; }

    /// <summary>The NAT gateways the request asked for (from <see cref="NatGatewayMode"/>); ids filled in as they are made.</summary>
    public IReadOnlyList<VpcRecordNatGateway> NatGateways { get; init; } = [];

    /// <summary>One private route table per zone with private subnets; ids filled in as they are made.</summary>
    public IReadOnlyList<VpcRecordRouteTable> PrivateRouteTables { get; init; } = [];

    /// <summary>With IPv6 and private subnets: the gateway their <c>::/0</c> route goes to.</summary>
    public string? EgressOnlyInternetGatewayId { get; init; }

    public string? S3EndpointId { get; init; }

    /// <summary>The monthly estimate shown before Create (NAT gateway hours, public IPv4 addresses).</summary>
    public VpcCostEstimate? CostEstimate { get; init; }

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
public sealed record VpcRecordSubnet(
    string Name, string Cidr, string AvailabilityZone, SubnetKind Kind, long UsableAddresses, string? SubnetId = null,
    int? Ipv6Index = null, string? Ipv6CidrBlock = null);

/// <summary>One NAT gateway of the request, in <see cref="SubnetName"/> (a public subnet of its zone), with its Elastic IP.</summary>
public sealed record VpcRecordNatGateway(
    string AvailabilityZone, string SubnetName, string? AllocationId = null, string? PublicIp = null, string? NatGatewayId = null, string? State = null);

/// <summary>A zone's private route table; <see cref="NatGatewayId"/> is where its <c>0.0.0.0/0</c> goes (none without NAT).</summary>
public sealed record VpcRecordRouteTable(
    string AvailabilityZone, string? RouteTableId = null, string? NatGatewayId = null, IReadOnlyList<string>? AssociationIds = null);

/// <summary>A monthly cost estimate from the configured price table; <see cref="Source"/> says where the prices come from.</summary>
public sealed record VpcCostEstimate(decimal MonthlyUsd, IReadOnlyList<VpcCostLine> Lines, string Region, string Source);

/// <summary>One priced item: e.g. 3 NAT gateways at $0.045 an hour for 730 hours.</summary>
public sealed record VpcCostLine(string Item, int Quantity, decimal HourlyUsd, decimal MonthlyUsd);

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
