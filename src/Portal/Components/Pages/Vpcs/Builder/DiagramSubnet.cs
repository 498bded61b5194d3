using Portal.Core.Networking;

namespace Portal.Components.Pages.Vpcs;

/// <summary>One box of <see cref="SubnetDiagram"/>: a planned row or a created subnet.</summary>
/// <param name="UsableAddresses">Null when the block as typed is not valid.</param>
public sealed record DiagramSubnet(string Name, string AvailabilityZone, SubnetKind Kind, string Cidr, long? UsableAddresses, bool HasError = false);
