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

public sealed record Vpc(string VpcId, string CidrBlock, string State, bool IsDefault, IReadOnlyList<Ec2Tag> Tags);

public sealed record Subnet(
    string SubnetId,
    string VpcId,
    string CidrBlock,
    string AvailabilityZone,
    string State,
    bool MapPublicIpOnLaunch,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>An internet gateway attachment; State is "available" once attached.</summary>
public sealed record InternetGatewayAttachment(string VpcId, string State);

public sealed record InternetGateway(
    string InternetGatewayId,
    IReadOnlyList<InternetGatewayAttachment> Attachments,
    IReadOnlyList<Ec2Tag> Tags);

/// <summary>A route; GatewayId is "local" for the VPC's own range.</summary>
public sealed record Route(string? DestinationCidrBlock, string? GatewayId, string? State);

/// <summary>A route table association; SubnetId is null for the main association.</summary>
public sealed record RouteTableAssociation(string RouteTableAssociationId, string? SubnetId, bool Main);

public sealed record RouteTable(
    string RouteTableId,
    string VpcId,
    IReadOnlyList<Route> Routes,
    IReadOnlyList<RouteTableAssociation> Associations,
    IReadOnlyList<Ec2Tag> Tags);
