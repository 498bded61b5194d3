using Portal.Core.Networking;

namespace Portal.Components.Pages.Vpcs;

/// <summary>One box of <see cref="SubnetDiagram"/>: a planned row or a created subnet.</summary>
/// <param name="UsableAddresses">Null when the block as typed is not valid.</param>
/// <param name="Ipv6">With IPv6: the subnet takes a /64 of the VPC's /56; <paramref name="Ipv6Index"/> is which one, once planned.</param>
/// <param name="HoldsNatGateway">The plan puts a NAT gateway (with its Elastic IP) in this public subnet.</param>
public sealed record DiagramSubnet(string Name, string AvailabilityZone, SubnetKind Kind, string Cidr, long? UsableAddresses, bool HasError = false,
    bool Ipv6 = false, int? Ipv6Index = null, bool HoldsNatGateway = false);
