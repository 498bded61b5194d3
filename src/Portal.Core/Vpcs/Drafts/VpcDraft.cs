using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// The VPC builder's values as the user has them now, before they become a <see cref="VpcRequest"/>. The draft keeps its
/// subnet rows by name (<see cref="Subnets"/>): an edit of the zones or counts keeps every row it does not remove where
/// it is (blocks typed by hand included) and places only new rows in the free space (<see cref="SubnetPlanner.Replan"/>);
/// only a new VPC block (<see cref="PlannedFor"/>) or <see cref="Replanned"/> plans every row afresh.
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

    /// <summary>The rows the draft keeps, in plan order; empty until first planned (then the planner's rows are used).</summary>
    public IReadOnlyList<VpcDraftSubnet> Subnets { get; init; } = [];

    /// <summary>The VPC block (canonical text) <see cref="Subnets"/> were planned in; another block makes them stale.</summary>
    public string? PlannedFor { get; init; }

    /// <summary>Row name to the block typed over the planned one.</summary>
    public IReadOnlyDictionary<string, string> TypedCidrs =>
        Subnets.Where(row => row.TypedCidr is not null).ToDictionary(row => row.Name, row => row.TypedCidr!, StringComparer.Ordinal);

    /// <summary>The defaults for a new VPC: the first <see cref="DefaultZoneCount"/> zones of the Region.</summary>
    public static VpcDraft Fresh(IReadOnlyList<string> zones) => new() { AvailabilityZones = zones.Take(DefaultZoneCount).ToArray() };

    /// <summary>The values a request was made with, for "Edit and retry": its rows are kept as they were (blocks and IPv6
    /// indexes), and rows that differ from a fresh plan show as typed by hand.</summary>
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
        if (!Networking.Cidr.TryParse(record.Cidr, out var block, out _))
            return draft;
        var fresh = draft.Lay().Rows.ToDictionary(row => SubnetPlanner.KeyOf(row.Name), row => row.PlannedCidr, StringComparer.Ordinal);
        var rows = record.Subnets.Select(subnet =>
        {
            var planned = fresh.GetValueOrDefault(SubnetPlanner.KeyOf(subnet.Name), subnet.Cidr);
            return new VpcDraftSubnet(subnet.Name, planned, planned == subnet.Cidr ? null : subnet.Cidr, subnet.Ipv6Index);
        }).ToArray();
        return draft with { Subnets = rows, PlannedFor = block.ToString() };
    }

    /// <summary>The row <paramref name="index"/> of the plan shown now typed as <paramref name="cidr"/>; the other rows stay.</summary>
    public VpcDraft WithSubnetCidr(int index, string cidr)
    {
        ArgumentNullException.ThrowIfNull(cidr);
        var laid = Lay();
        var rows = laid.Rows.ToArray();
        if (index >= 0 && index < rows.Length)
            rows[index] = rows[index] with { TypedCidr = cidr.Trim() };
        return this with { Subnets = rows, PlannedFor = laid.Block ?? PlannedFor };
    }

    /// <summary>"Plan again": the planner's rows afresh, hand edits and kept places dropped.</summary>
    public VpcDraft Replanned() => this with { Subnets = [], PlannedFor = null };

    /// <summary>The rows for the draft's inputs, keeping <see cref="Subnets"/> when they were planned in this block.</summary>
    /// <returns>The rows in plan order and the plan beside them (kept rows at their typed blocks when those parse), both
    /// empty when the block or counts allow no plan; the canonical block (null when it does not parse); and whether rows
    /// the user saw were given up: blocks typed by hand under another VPC block, or kept rows new ones did not fit around.</returns>
    internal (IReadOnlyList<VpcDraftSubnet> Rows, IReadOnlyList<PlannedSubnet> Plan, string? Block, bool GaveUpKeptRows) Lay()
    {
        if (VpcCidrRules.CheckVpcBlock(Cidr.Trim(), "Cidr", out var block).HasErrors())
            return ([], [], null, false);
        var blockText = block.ToString();
        IReadOnlyList<VpcDraftSubnet> kept = PlannedFor == blockText ? Subnets : [];
        var planRequest = new SubnetPlanRequest(block, AvailabilityZones, PublicSubnetsPerZone, PrivateSubnetsPerZone);
        var placed = new Dictionary<string, Networking.Cidr>(StringComparer.Ordinal);
        foreach (var row in kept)
        {
            var text = row.TypedCidr ?? row.PlannedCidr;
            // A typed block that does not parse yet holds on to its planned place, so nothing moves into it meanwhile.
            if (Networking.Cidr.TryParse(text, out var cidr, out _) || Networking.Cidr.TryParse(row.PlannedCidr, out cidr, out _))
                placed.TryAdd(SubnetPlanner.KeyOf(row.Name), cidr);
        }

        var plan = SubnetPlanner.Replan(planRequest, placed).Plan;
        // A new block plans afresh; that is news to the user only when it drops blocks they typed.
        var gaveUp = PlannedFor != blockText && Subnets.Any(row => row.TypedCidr is not null && row.TypedCidr != row.PlannedCidr);
        if (plan is null && placed.Count > 0)
        {
            // The new rows do not fit around the kept ones: plan afresh rather than show no plan.
            plan = SubnetPlanner.Plan(planRequest).Plan;
            gaveUp = plan is not null;
            kept = [];
        }

        if (plan is null)
            return ([], [], blockText, gaveUp);

        var keptByKey = kept.GroupBy(row => SubnetPlanner.KeyOf(row.Name), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var names = plan.Subnets.Select(subnet => subnet.Name).ToArray();
        var indexes = Ipv6SubnetIndexes.Assign(names, kept.Where(row => row.Ipv6Index is not null)
            .GroupBy(row => SubnetPlanner.KeyOf(row.Name), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Ipv6Index!.Value, StringComparer.Ordinal));
        var rows = plan.Subnets.Select((subnet, i) => keptByKey.TryGetValue(SubnetPlanner.KeyOf(subnet.Name), out var had)
            ? new VpcDraftSubnet(subnet.Name, had.PlannedCidr, had.TypedCidr, indexes[i])
            : new VpcDraftSubnet(subnet.Name, subnet.Cidr.ToString(), null, indexes[i])).ToArray();
        return (rows, plan.Subnets, blockText, gaveUp);
    }
}

/// <summary>A subnet row the draft keeps, by name.</summary>
/// <param name="PlannedCidr">Where the planner put it.</param>
/// <param name="TypedCidr">The block typed over it by hand, as typed; null when not typed.</param>
/// <param name="Ipv6Index">Its /64 within the VPC's /56, kept while the row lives (used when IPv6 is on).</param>
public sealed record VpcDraftSubnet(string Name, string PlannedCidr, string? TypedCidr = null, int? Ipv6Index = null);
