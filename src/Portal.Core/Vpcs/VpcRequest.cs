using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// What a user asks for in the VPC builder, as typed (strings stay strings until validated, so every
/// mistake can be reported against its field). Check with <see cref="VpcRequestValidator"/>.
/// </summary>
public sealed record VpcRequest
{
    public string Name { get; init; } = "";

    /// <summary>The VPC's IPv4 block as typed, e.g. <c>10.0.0.0/16</c>.</summary>
    public string Cidr { get; init; } = "";

    public IReadOnlyList<string> AvailabilityZones { get; init; } = [];

    public int PublicSubnetsPerZone { get; init; }

    public int PrivateSubnetsPerZone { get; init; }

    /// <summary>AWS default for a new VPC is on.</summary>
    public bool EnableDnsSupport { get; init; } = true;

    /// <summary>AWS default for a non-default VPC is off; the portal turns it on so instances get DNS names.</summary>
    public bool EnableDnsHostnames { get; init; } = true;

    /// <summary>Null means "decide for me": see <see cref="WillCreateInternetGateway"/>.</summary>
    public bool? CreateInternetGateway { get; init; }

    /// <summary>NAT gateways for the private subnets' IPv4 egress: none, one (in the first zone) or one per zone.</summary>
    public NatGatewayMode NatGatewayMode { get; init; } = NatGatewayMode.None;

    /// <summary>An S3 gateway endpoint (free) on the private route tables, so S3 traffic skips the NAT gateways.</summary>
    public bool S3GatewayEndpoint { get; init; }

    /// <summary>An Amazon-provided IPv6 /56 on the VPC and a /64 per subnet (<see cref="VpcRequestSubnet.Ipv6Index"/>).</summary>
    public bool Ipv6 { get; init; }

    public VpcTenancy Tenancy { get; init; } = VpcTenancy.Default;

    /// <summary>The user's own tags; the portal adds its tags (<see cref="VpcRequestValidator.PortalTagKeys"/>) itself.</summary>
    public IReadOnlyList<VpcRequestTag> Tags { get; init; } = [];

    /// <summary>The subnet rows, usually from <see cref="SubnetPlanner"/> with any hand overrides; empty means not planned yet.</summary>
    public IReadOnlyList<VpcRequestSubnet> Subnets { get; init; } = [];

    /// <summary>On by default when any subnet is public, since a public subnet needs a route to an internet gateway.</summary>
    public bool WillCreateInternetGateway =>
        CreateInternetGateway ?? (PublicSubnetsPerZone > 0 || Subnets.Any(subnet => subnet.Kind == SubnetKind.Public));
}

/// <summary>One user tag as typed.</summary>
public sealed record VpcRequestTag(string Key, string Value);

/// <summary>One subnet row as shown in the builder; <see cref="Cidr"/> may have been typed over by hand.</summary>
/// <param name="Name">The subnet's key (tier, zone letter, ordinal: <c>private-b-2</c>): stable across edits of the plan.</param>
/// <param name="Ipv6Index">With IPv6, which /64 of the VPC's /56 (0 to 255) this subnet takes; planned by Core, stable per key.</param>
public sealed record VpcRequestSubnet(string Name, string AvailabilityZone, SubnetKind Kind, string Cidr, int? Ipv6Index = null)
{
    public static VpcRequestSubnet From(PlannedSubnet planned) =>
        new(planned.Name, planned.AvailabilityZone, planned.Kind, planned.Cidr.ToString());
}

/// <summary>The console's "NAT gateways" choice.</summary>
public enum NatGatewayMode
{
    None,

    /// <summary>One NAT gateway, in the first zone's public subnet; every zone's private route table points at it.</summary>
    Single,

    /// <summary>One NAT gateway per zone, each zone's private route table pointing at its own (survives a zone outage).</summary>
    PerZone,
}

/// <summary>EC2's instance tenancy of a VPC (<c>default</c> or <c>dedicated</c>).</summary>
public enum VpcTenancy
{
    Default,
    Dedicated,
}
