using System.Globalization;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// The VPC builder's values as the user has them now, before they become a <see cref="VpcRequest"/>. Subnet rows are
/// not kept whole: the planner rebuilds them from the block, zones and counts, and only the CIDRs typed over by hand
/// are kept (<see cref="SubnetCidrs"/>), with <see cref="PlannedFor"/>, the inputs those rows were planned from.
/// </summary>
public sealed record VpcDraft
{
    public const string DefaultCidr = "10.0.0.0/16";
    public const int DefaultZoneCount = 2;

    public string Name { get; init; } = "";

    public string Cidr { get; init; } = DefaultCidr;

    public IReadOnlyList<string> AvailabilityZones { get; init; } = [];

    public int PublicSubnetsPerZone { get; init; } = 1;

    public int PrivateSubnetsPerZone { get; init; } = 1;

    public bool EnableDnsSupport { get; init; } = true;

    public bool EnableDnsHostnames { get; init; } = true;

    /// <summary>Null is "automatic": on when there are public subnets.</summary>
    public bool? CreateInternetGateway { get; init; }

    public NatGatewayMode NatGatewayMode { get; init; } = NatGatewayMode.None;

    public bool S3GatewayEndpoint { get; init; }

    public bool Ipv6 { get; init; }

    public VpcTenancy Tenancy { get; init; } = VpcTenancy.Default;

    /// <summary>Tag rows as shown, empty ones included (they are dropped from the request).</summary>
    public IReadOnlyList<VpcRequestTag> Tags { get; init; } = [];

    /// <summary>Row index to the CIDR typed in that row.</summary>
    public IReadOnlyDictionary<int, string> SubnetCidrs { get; init; } = new Dictionary<int, string>();

    /// <summary>The <see cref="PlanKey"/> the typed rows were planned for; another key makes them stale.</summary>
    public string? PlannedFor { get; init; }

    /// <summary>What the subnet rows depend on; hand edits only apply to rows planned for the same key.</summary>
    public string PlanKey => string.Create(CultureInfo.InvariantCulture,
        $"{Cidr.Trim()}|{string.Join(",", AvailabilityZones)}|{PublicSubnetsPerZone}|{PrivateSubnetsPerZone}");

    /// <summary>The defaults for a new VPC: the first <see cref="DefaultZoneCount"/> zones of the Region.</summary>
    public static VpcDraft Fresh(IReadOnlyList<string> zones) => new() { AvailabilityZones = zones.Take(DefaultZoneCount).ToArray() };

    /// <summary>The values a request was made with, for "Edit and retry": rows that differ from the plan stay hand-typed.</summary>
    public static VpcDraft From(VpcRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var zones = record.Subnets.Select(subnet => subnet.AvailabilityZone).Distinct(StringComparer.Ordinal).ToArray();
        int PerZone(SubnetKind kind) => zones.Length == 0 ? 0 : record.Subnets.Count(subnet => subnet.Kind == kind) / zones.Length;
        var draft = new VpcDraft
        {
            Name = record.Name,
            Cidr = record.Cidr,
            AvailabilityZones = zones,
            PublicSubnetsPerZone = PerZone(SubnetKind.Public),
            PrivateSubnetsPerZone = PerZone(SubnetKind.Private),
            EnableDnsSupport = record.EnableDnsSupport,
            EnableDnsHostnames = record.EnableDnsHostnames,
            CreateInternetGateway = record.CreateInternetGateway,
            NatGatewayMode = record.NatGatewayMode,
            S3GatewayEndpoint = record.S3GatewayEndpoint,
            Ipv6 = record.Ipv6,
            Tenancy = record.Tenancy,
            Tags = record.Tags,
        };
        var planned = VpcDraftPreview.Plan(draft);
        var typed = record.Subnets.Select((subnet, index) => (subnet, index))
            .Where(row => row.index >= planned.Count || planned[row.index].Cidr.ToString() != row.subnet.Cidr)
            .ToDictionary(row => row.index, row => row.subnet.Cidr);
        return typed.Count == 0 ? draft : draft with { SubnetCidrs = typed, PlannedFor = draft.PlanKey };
    }

    /// <summary>The row <paramref name="index"/> typed as <paramref name="cidr"/>, against the plan shown now.</summary>
    public VpcDraft WithSubnetCidr(int index, string cidr)
    {
        var typed = PlannedFor == PlanKey ? new Dictionary<int, string>(SubnetCidrs) : [];
        typed[index] = cidr.Trim();
        return this with { SubnetCidrs = typed, PlannedFor = PlanKey };
    }

    /// <summary>"Plan again": the planner's rows, hand edits dropped.</summary>
    public VpcDraft Replanned() => this with { SubnetCidrs = new Dictionary<int, string>(), PlannedFor = null };
}
