using System.Net;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs.Graph;

/// <summary>
/// Decisions taken at submit, from the subnets: which private route tables exist (one per zone with private subnets,
/// whatever the NAT choice) and where each NAT gateway goes (Single: the first zone's first public subnet; PerZone: each
/// zone's first public subnet; none without an internet gateway, which a NAT gateway needs).
/// </summary>
internal static class VpcLayout
{
    public static IReadOnlyList<string> ZonesOf(IReadOnlyList<VpcRecordSubnet> subnets) => [.. subnets.Select(s => s.AvailabilityZone).Distinct(StringComparer.Ordinal)];

    public static IReadOnlyList<VpcRecordRouteTable> PrivateRouteTables(IReadOnlyList<VpcRecordSubnet> subnets) =>
        [.. ZonesOf(subnets).Where(zone => subnets.Any(s => s.AvailabilityZone == zone && s.Kind == SubnetKind.Private)).Select(zone => new VpcRecordRouteTable(zone))];

    public static IReadOnlyList<VpcRecordNatGateway> NatGateways(NatGatewayMode mode, bool internetGateway, IReadOnlyList<VpcRecordSubnet> subnets)
    {
        if (mode == NatGatewayMode.None || !internetGateway)
            return [];
        var placed = ZonesOf(subnets)
            .Select(zone => subnets.FirstOrDefault(s => s.AvailabilityZone == zone && s.Kind == SubnetKind.Public))
            .OfType<VpcRecordSubnet>()
            .Select(s => new VpcRecordNatGateway(s.AvailabilityZone, s.Name));
        return mode == NatGatewayMode.Single ? [.. placed.Take(1)] : [.. placed];
    }

    /// <summary>The NAT gateway a zone's private route table sends 0.0.0.0/0 to: its own zone's, else the first one.</summary>
    public static VpcRecordNatGateway? NatFor(string zone, IReadOnlyList<VpcRecordNatGateway> nats) =>
        nats.FirstOrDefault(n => n.AvailabilityZone == zone) ?? nats.FirstOrDefault();

    /// <summary>The <paramref name="index"/>-th /64 of a /56 (index 0 to 255 is the eighth byte of the address).</summary>
    public static string Ipv6Subnet(string vpcBlock, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 255);
        var network = IPNetwork.Parse(vpcBlock);
        if (network.PrefixLength != 56)
            throw new ArgumentException($"'{vpcBlock}' is not a /56.", nameof(vpcBlock));
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[7] = (byte)index;
        return new IPNetwork(new IPAddress(bytes), 64).ToString();
    }
}
