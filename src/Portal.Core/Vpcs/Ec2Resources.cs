namespace Portal.Core.Vpcs;

/// <summary>An EC2 resource tag.</summary>
public sealed record Ec2Tag(string Key, string Value);

/// <summary>An EC2 Describe* filter such as <c>vpc-id</c> or <c>tag:portal:request-id</c>; values are OR-ed.</summary>
public sealed record Ec2Filter(string Name, IReadOnlyList<string> Values)
{
    public static Ec2Filter Of(string name, params string[] values) => new(name, values);

    public static Ec2Filter Tag(string key, string value) => new($"tag:{key}", [value]);
}

public enum VpcAttribute
{
    EnableDnsSupport,
    EnableDnsHostnames,
}

public sealed record AvailabilityZone(string ZoneName, string? ZoneId, string State, string? RegionName);

/// <summary>A VPC; <see cref="Ipv6CidrBlock"/> is its Amazon-provided /56 once associated, <see cref="InstanceTenancy"/>
/// EC2's <c>default</c> or <c>dedicated</c>.</summary>
public sealed record Vpc(
    string VpcId, string CidrBlock, string State, bool IsDefault, IReadOnlyList<Ec2Tag> Tags, string? Ipv6CidrBlock = null, string InstanceTenancy = "default");

public sealed record Subnet(
    string SubnetId,
    string VpcId,
    string CidrBlock,
    string AvailabilityZone,
    string State,
    bool MapPublicIpOnLaunch,
    IReadOnlyList<Ec2Tag> Tags,
    string? Ipv6CidrBlock = null);

/// <summary>An internet gateway attachment; State is "available" once attached.</summary>
public sealed record InternetGatewayAttachment(string VpcId, string State);

public sealed record InternetGateway(
    string InternetGatewayId,
    IReadOnlyList<InternetGatewayAttachment> Attachments,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>A route to an IPv4 (<see cref="DestinationCidrBlock"/>) or IPv6 (<see cref="DestinationIpv6CidrBlock"/>)
/// destination; its target is one of GatewayId ("local" for the VPC's own range, or an internet gateway), NatGatewayId
/// or EgressOnlyInternetGatewayId.</summary>
public sealed record Route(
    string? DestinationCidrBlock, string? GatewayId, string? State,
    string? DestinationIpv6CidrBlock = null, string? NatGatewayId = null, string? EgressOnlyInternetGatewayId = null)
{
    /// <summary>The destination whichever family it is.</summary>
    public string? Destination => DestinationCidrBlock ?? DestinationIpv6CidrBlock;

    public bool Targets(RouteTarget target) =>
        target.GatewayId is not null ? GatewayId == target.GatewayId
        : target.NatGatewayId is not null ? NatGatewayId == target.NatGatewayId
        : EgressOnlyInternetGatewayId == target.EgressOnlyInternetGatewayId;
}

/// <summary>Where a new route goes: exactly one of an internet gateway, a NAT gateway or an egress-only internet gateway.</summary>
public sealed record RouteTarget(string? GatewayId = null, string? NatGatewayId = null, string? EgressOnlyInternetGatewayId = null)
{
    public static RouteTarget Gateway(string internetGatewayId) => new(GatewayId: internetGatewayId);

    public static RouteTarget Nat(string natGatewayId) => new(NatGatewayId: natGatewayId);

    public static RouteTarget EgressOnly(string egressOnlyInternetGatewayId) => new(EgressOnlyInternetGatewayId: egressOnlyInternetGatewayId);

    public override string ToString() => GatewayId ?? NatGatewayId ?? EgressOnlyInternetGatewayId ?? "";

    /// <summary>EC2 tells the families apart by parameter (DestinationCidrBlock or DestinationIpv6CidrBlock).</summary>
    public static bool IsIpv6(string destination) => destination.Contains(':', StringComparison.Ordinal);
}

/// <summary>A route table association; SubnetId is null for the main association.</summary>
public sealed record RouteTableAssociation(string RouteTableAssociationId, string? SubnetId, bool Main);

public sealed record RouteTable(
    string RouteTableId,
    string VpcId,
    IReadOnlyList<Route> Routes,
    IReadOnlyList<RouteTableAssociation> Associations,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>An Elastic IP address (domain vpc); <see cref="AssociationId"/> is set while something (a NAT gateway) uses it.</summary>
public sealed record ElasticIp(string AllocationId, string PublicIp, string? AssociationId, IReadOnlyList<Ec2Tag> Tags);

/// <summary>EC2's NAT gateway states: pending, failed, available, deleting, deleted.</summary>
public static class NatGatewayStates
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Available = "available";
    public const string Deleting = "deleting";
    public const string Deleted = "deleted";
}

/// <summary>A public NAT gateway in <see cref="SubnetId"/> with the Elastic IP <see cref="AllocationId"/>.
/// <see cref="FailureCode"/> and <see cref="FailureMessage"/> say why one ended <c>failed</c>.</summary>
public sealed record NatGateway(
    string NatGatewayId,
    string VpcId,
    string SubnetId,
    string State,
    string? AllocationId,
    string? PublicIp,
    string? FailureCode,
    string? FailureMessage,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>An egress-only internet gateway: created attached to its VPC (attachment state <c>attached</c>).</summary>
public sealed record EgressOnlyInternetGateway(
    string EgressOnlyInternetGatewayId, IReadOnlyList<InternetGatewayAttachment> Attachments, IReadOnlyList<Ec2Tag> Tags);

/// <summary>A gateway VPC endpoint (S3 or DynamoDB) and the route tables it adds its prefix-list route to.</summary>
public sealed record VpcEndpoint(
    string VpcEndpointId, string VpcId, string ServiceName, string VpcEndpointType, string State, IReadOnlyList<string> RouteTableIds, IReadOnlyList<Ec2Tag> Tags);
