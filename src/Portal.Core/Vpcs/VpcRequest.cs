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
public sealed record VpcRequestSubnet(string Name, string AvailabilityZone, SubnetKind Kind, string Cidr)
{
    public static VpcRequestSubnet From(PlannedSubnet planned) =>
        new(planned.Name, planned.AvailabilityZone, planned.Kind, planned.Cidr.ToString());
}
