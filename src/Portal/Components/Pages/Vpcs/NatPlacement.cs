using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Components.Pages.Vpcs;

/// <summary>
/// Where the plan's NAT gateways go, by the rule the builder's contract fixes (the console's): one in the first zone's
/// first public subnet, or one in each zone's first public subnet. A zone without a public subnet gets none (Core's
/// validator says so beside the NAT field).
/// </summary>
public static class NatPlacement
{
    /// <summary>The names of the subnets that hold a NAT gateway.</summary>
    /// <param name="zones">The chosen zones, in the plan's order.</param>
    /// <param name="subnets">The plan's rows, in the plan's order.</param>
    public static IReadOnlyList<string> SubnetNames(NatGatewayMode mode, IReadOnlyList<string> zones, IEnumerable<(string Name, string AvailabilityZone, SubnetKind Kind)> subnets)
    {
        if (mode == NatGatewayMode.None)
            return [];
        var firstPublic = subnets.Where(s => s.Kind == SubnetKind.Public)
            .GroupBy(s => s.AvailabilityZone, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        var natZones = mode == NatGatewayMode.Single ? zones.Take(1) : zones;
        return [.. natZones.Where(firstPublic.ContainsKey).Select(zone => firstPublic[zone])];
    }
}
