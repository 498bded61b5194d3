using System.Globalization;

namespace Portal.Core.Networking;

/// <summary>Keyed planning: an edit of the plan never moves the subnets it keeps.</summary>
/// <remarks>
/// A subnet's name is its key (tier, zone letter, ordinal). <see cref="Replan"/> keeps every kept key's block where it
/// is, drops the keys the new inputs no longer have (their space becomes free), and places only the new keys in the
/// free space: largest first, each in the smallest free block that holds it (lowest address on a tie), aligned to its
/// own size. New subnets take the size most of their tier's kept subnets have, so a tier stays uniform; when that does
/// not fit, the size a fresh plan would give. Only a fresh <see cref="Plan"/> (a new VPC block, or "Plan again") lays out
/// everything again. This is what the terraform-aws-modules VPC module's index-keyed lists do not do: there, inserting
/// a zone renumbers and recreates the subnets after it.
/// </remarks>
public static partial class SubnetPlanner
{
    /// <summary>The key of a subnet name: <c>public-a</c> and <c>public-a-1</c> are the same subnet (the first of its
    /// tier in its zone), named with the ordinal only when the zone has more than one, so going from one subnet per
    /// zone to two keeps the first where it is.</summary>
    public static string KeyOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith("-1", StringComparison.Ordinal) ? name[..^2] : name;
    }

    /// <summary>
    /// The plan for <paramref name="request"/> that keeps the blocks of <paramref name="kept"/> (subnet name or key to
    /// its block). With nothing kept it is exactly <see cref="Plan"/>. Kept blocks are not checked here (a hand-typed
    /// block may overlap or stick out: <see cref="SubnetPlanValidator"/> reports it on its row); new subnets never
    /// overlap them. Fails with an issue on <c>Subnets</c> when the new subnets do not fit around the kept ones.
    /// </summary>
    public static SubnetPlanResult Replan(SubnetPlanRequest request, IReadOnlyDictionary<string, Cidr> kept)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(kept);
        if (kept.Count == 0)
            return Plan(request);
        var issues = CheckInputs(request);
        if (issues.Count > 0)
            return new SubnetPlanResult(null, issues);

        var byKey = new Dictionary<string, Cidr>(StringComparer.Ordinal);
        foreach (var (name, cidr) in kept)
            byKey.TryAdd(KeyOf(name), cidr);

        var zones = request.AvailabilityZones.Count;
        var (freshPublic, freshPrivate) = ChooseSizes(request, zones * request.PublicSubnetsPerZone, zones * request.PrivateSubnetsPerZone);
        var rows = Rows(request, freshPublic, freshPrivate);
        var placed = new Cidr?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            placed[i] = byKey.TryGetValue(KeyOf(rows[i].Name), out var cidr) ? cidr : null;

        var fresh = Enumerable.Range(0, rows.Count).Where(i => placed[i] is null).ToArray();
        if (fresh.Length > 0)
        {
            var used = placed.OfType<Cidr>().ToArray();
            // The size most of the tier's kept subnets have (one typed by hand in another size does not set it; a tie takes the larger).
            int TierSize(SubnetKind kind, int freshSize) =>
                Enumerable.Range(0, rows.Count).Where(i => placed[i] is not null && rows[i].Kind == kind)
                    .GroupBy(i => placed[i]!.Value.Prefix)
                    .OrderByDescending(sizes => sizes.Count()).ThenBy(sizes => sizes.Key)
                    .Select(sizes => sizes.Key).DefaultIfEmpty(freshSize).First();

            var tierSizes = new Dictionary<SubnetKind, int>
            {
                [SubnetKind.Public] = TierSize(SubnetKind.Public, freshPublic),
                [SubnetKind.Private] = TierSize(SubnetKind.Private, freshPrivate),
            };
            var freshSizes = new Dictionary<SubnetKind, int> { [SubnetKind.Public] = freshPublic, [SubnetKind.Private] = freshPrivate };
            var blocks = PlaceAround(request.VpcBlock, used, fresh.Select(i => ClampSize(tierSizes[rows[i].Kind])).ToArray())
                ?? PlaceAround(request.VpcBlock, used, fresh.Select(i => freshSizes[rows[i].Kind]).ToArray());
            if (blocks is null)
            {
                var names = string.Join(", ", fresh.Select(i => rows[i].Name));
                return new SubnetPlanResult(null,
                [
                    ValidationIssue.Error("Subnets", string.Create(CultureInfo.InvariantCulture,
                        $"{names} do not fit in the space {request.VpcBlock} has left without moving the other subnets; choose \"Plan again\" to lay out every subnet afresh, fewer subnets, or a larger block.")),
                ]);
            }

            for (var n = 0; n < fresh.Length; n++)
                placed[fresh[n]] = blocks[n];
        }

        var subnets = rows.Select((row, i) => new PlannedSubnet(i, row.Name, row.Zone, row.Kind, placed[i]!.Value)).ToArray();
        return new SubnetPlanResult(new SubnetPlan(request.VpcBlock, subnets), []);
    }

    private static int ClampSize(int prefix) => Math.Clamp(prefix, VpcCidrRules.LargestPrefix, VpcCidrRules.SmallestPrefix);

    /// <summary>Blocks of the given prefix lengths (in the same order) in the free space of <paramref name="block"/>
    /// around <paramref name="used"/>, largest first, best fit; null when they do not all fit.</summary>
    private static Cidr[]? PlaceAround(Cidr block, IReadOnlyCollection<Cidr> used, int[] prefixes)
    {
        var taken = new List<Cidr>(used);
        var result = new Cidr[prefixes.Length];
        // OrderBy is stable: equal sizes are placed in row order, so the result is deterministic.
        foreach (var n in Enumerable.Range(0, prefixes.Length).OrderBy(n => prefixes[n]))
        {
            if (prefixes[n] < block.Prefix)
                return null;
            // Free space comes as maximal aligned blocks, so the start of any big enough one is aligned for this size.
            var home = FreeAddressSpace.Within(block, taken)
                .Where(free => free.Prefix <= prefixes[n])
                .OrderByDescending(free => free.Prefix)
                .ThenBy(free => free.NetworkValue)
                .Select(free => (Cidr?)free)
                .FirstOrDefault();
            if (home is null)
                return null;
            result[n] = Cidr.Create(home.Value.NetworkValue, prefixes[n]);
            taken.Add(result[n]);
        }

        return result;
    }
}
