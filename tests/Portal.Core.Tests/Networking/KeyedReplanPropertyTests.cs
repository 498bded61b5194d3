using Portal.Core.Networking;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Portal.Core.Tests.Networking;

/// <summary>
/// Keyed planning over random plans and random edit sequences (seeded; a failure names its seed). An edit is a zone
/// added or removed, a count raised or lowered, or a row typed by hand into free space.
/// </summary>
public class KeyedReplanPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 600;
    private const int EditsPerCase = 12;
    private const int FirstSeed = 20261202;
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];

    [Fact]
    public void With_nothing_kept_or_everything_kept_it_is_todays_plan()
    {
        var random = new Random(FirstSeed);
        var planned = 0;
        for (var n = 0; n < 2000; n++)
        {
            var request = RandomRequest(random);
            var fresh = SubnetPlanner.Plan(request);
            var replanned = SubnetPlanner.Replan(request, new Dictionary<string, Cidr>());
            Assert.Equal(fresh.Plan, replanned.Plan);
            Assert.Equal(fresh.Issues, replanned.Issues);
            if (fresh.Plan is null)
                continue;
            planned++;
            var all = fresh.Plan.Subnets.ToDictionary(s => s.Name, s => s.Cidr);
            Assert.Equal(fresh.Plan, SubnetPlanner.Replan(request, all).Plan);
        }

        Assert.True(planned > 1000, $"only {planned} random requests planned");
    }

    [Fact]
    public void Edits_never_move_a_kept_subnet_or_its_IPv6_index_and_never_overlap()
    {
        var applied = 0;
        var refused = 0;
        for (var seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            try
            {
                var (ok, no) = RunEditCase(seed);
                applied += ok;
                refused += no;
            }
            catch (Exception failure) when (failure is not XunitException { Message: var m } || !m.StartsWith("seed ", StringComparison.Ordinal))
            {
                throw new XunitException($"seed {seed}: {failure.Message}");
            }
        }

        output.WriteLine($"{Cases} cases: {applied} edits applied, {refused} refused for want of room");
        // Most edits must go through, or the invariants were barely exercised.
        Assert.True(applied > Cases * EditsPerCase / 2, $"{applied} edits applied, {refused} refused for want of room");
    }

    [Fact]
    public void A_removed_zone_frees_its_blocks_for_the_next_new_rows()
    {
        var block = Cidr.Parse("10.0.0.0/16");
        var three = SubnetPlanner.Plan(new SubnetPlanRequest(block, Zones[..3], 1, 1)).Plan!;
        var withoutB = SubnetPlanner.Replan(new SubnetPlanRequest(block, [Zones[0], Zones[2]], 1, 1), Kept(three)).Plan!;
        var withD = SubnetPlanner.Replan(new SubnetPlanRequest(block, [Zones[0], Zones[2], Zones[3]], 1, 1), Kept(withoutB)).Plan!;

        Assert.Equal(Cidr.Parse("10.0.64.0/18"), Row(three, "private-b"));
        Assert.Equal(Row(three, "private-b"), Row(withD, "private-d"));
        Assert.Equal(Row(three, "public-b"), Row(withD, "public-d"));
        foreach (var name in new[] { "public-a", "private-a", "public-c", "private-c" })
            Assert.Equal(Row(three, name), Row(withD, name));
    }

    [Fact]
    public void A_second_subnet_per_zone_keeps_the_first_and_names_it_with_its_ordinal()
    {
        var block = Cidr.Parse("10.0.0.0/16");
        var one = SubnetPlanner.Plan(new SubnetPlanRequest(block, Zones[..2], 1, 1)).Plan!;
        var two = SubnetPlanner.Replan(new SubnetPlanRequest(block, Zones[..2], 2, 1), Kept(one)).Plan!;

        Assert.Equal(Row(one, "public-a"), Row(two, "public-a-1"));
        Assert.Equal(Row(one, "public-b"), Row(two, "public-b-1"));
        Assert.Equal(Row(one, "private-a"), Row(two, "private-a"));
        // New public rows take the tier's size (/20) in the free space after the plan.
        Assert.Equal(Cidr.Parse("10.0.160.0/20"), Row(two, "public-a-2"));
        Assert.Equal(Cidr.Parse("10.0.176.0/20"), Row(two, "public-b-2"));
    }

    [Fact]
    public void New_rows_take_the_size_most_of_their_tier_has_not_a_hand_typed_one()
    {
        var block = Cidr.Parse("10.0.0.0/16");
        var three = SubnetPlanner.Plan(new SubnetPlanRequest(block, Zones[..3], 1, 0)).Plan!; // three /18s, 10.0.192.0/18 free
        var kept = Kept(three);
        kept["public-a"] = Cidr.Parse("10.0.200.0/24");

        var four = SubnetPlanner.Replan(new SubnetPlanRequest(block, Zones[..4], 1, 0), kept).Plan!;

        Assert.Equal(Cidr.Parse("10.0.0.0/18"), Row(four, "public-d")); // the /18 public-a left
        Assert.Equal(Cidr.Parse("10.0.200.0/24"), Row(four, "public-a"));
        Assert.Empty(SubnetPlanValidator.Validate(four));
    }

    [Fact]
    public void New_rows_that_do_not_fit_around_kept_ones_are_an_issue_on_the_plan()
    {
        var block = Cidr.Parse("10.0.0.0/24");
        var full = SubnetPlanner.Plan(new SubnetPlanRequest(block, Zones[..2], 0, 1)).Plan!; // two /25s fill the block

        var result = SubnetPlanner.Replan(new SubnetPlanRequest(block, Zones[..3], 0, 1), Kept(full));

        Assert.Null(result.Plan);
        var issue = Assert.Single(result.Issues);
        Assert.Equal("Subnets", issue.Field);
        Assert.Contains("Plan again", issue.Message, StringComparison.Ordinal);
    }

    private static (int Applied, int Refused) RunEditCase(int seed)
    {
        var random = new Random(seed);
        var vpc = Cidr.Containing((uint)random.Next(0x0A000000, 0x0AFFFFFF), random.Next(16, 23));
        var request = new SubnetPlanRequest(vpc, Zones.Take(random.Next(1, 4)).ToArray(), random.Next(1, 3), random.Next(0, 3));
        var plan = SubnetPlanner.Plan(request).Plan;
        if (plan is null)
            return (0, 0);
        var ipv6 = Ipv6Indexes(plan, new Dictionary<string, int>());
        var applied = 0;
        var refused = 0;
        for (var step = 0; step < EditsPerCase; step++)
        {
            var kept = Kept(plan);
            var next = RandomEdit(random, request, plan, kept);
            var result = SubnetPlanner.Replan(next, kept);
            if (result.Plan is null)
            {
                // Only "no room" may refuse an edit whose inputs are valid.
                Assert.True(SubnetPlanner.CheckInputs(next).Count > 0 || result.Issues.Single().Field == "Subnets", string.Join("; ", result.Issues));
                refused++;
                continue;
            }

            var after = result.Plan;
            Assert.Equal(SubnetPlanner.Plan(next).Plan?.Subnets.Select(s => s.Name) ?? after.Subnets.Select(s => s.Name),
                after.Subnets.Select(s => s.Name));
            foreach (var row in after.Subnets)
            {
                if (kept.TryGetValue(SubnetPlanner.KeyOf(row.Name), out var before))
                    Assert.True(before == row.Cidr, $"{row.Name} moved from {before} to {row.Cidr}");
                Assert.True(vpc.Contains(row.Cidr), $"{row.Name} {row.Cidr} is outside {vpc}");
            }

            var rows = after.Subnets;
            for (var i = 0; i < rows.Count; i++)
            {
                for (var j = i + 1; j < rows.Count; j++)
                    Assert.False(rows[i].Cidr.Overlaps(rows[j].Cidr), $"{rows[i].Name} {rows[i].Cidr} overlaps {rows[j].Name} {rows[j].Cidr}");
            }

            Assert.Empty(SubnetPlanValidator.Validate(after));
            var nextIpv6 = Ipv6Indexes(after, ipv6);
            foreach (var (key, index) in nextIpv6)
            {
                if (ipv6.TryGetValue(key, out var had))
                    Assert.True(had == index, $"{key} IPv6 index moved from {had} to {index}");
            }

            (request, plan, ipv6) = (next, after, nextIpv6);
            applied++;
        }

        return (applied, refused);
    }

    /// <summary>Indexes by key; checks they are unique, 0 to 255, and their /64s disjoint inside a /56.</summary>
    private static Dictionary<string, int> Ipv6Indexes(SubnetPlan plan, Dictionary<string, int> kept)
    {
        var names = plan.Subnets.Select(s => s.Name).ToArray();
        var indexes = Ipv6SubnetIndexes.Assign(names, kept);
        Assert.All(indexes, index => Assert.True(index is >= 0 and < 256, $"index {index}"));
        Assert.Equal(indexes.Count, indexes.Distinct().Count());
        var vpc = Ipv6Cidr.Parse("2600:1f18:abc:de00::/56");
        var blocks = indexes.Select(index => vpc.Subnet64(index!.Value)).ToArray();
        Assert.All(blocks, block => Assert.True(vpc.Contains(block)));
        Assert.Equal(blocks.Length, blocks.Distinct().Count());
        return names.Select((name, i) => (SubnetPlanner.KeyOf(name), indexes[i]!.Value)).ToDictionary(p => p.Item1, p => p.Item2);
    }

    private static SubnetPlanRequest RandomEdit(Random random, SubnetPlanRequest request, SubnetPlan plan, Dictionary<string, Cidr> kept)
    {
        var zones = request.AvailabilityZones;
        switch (random.Next(6))
        {
            case 0 when zones.Count < Zones.Length:
                var missing = Zones.Except(zones).ToArray();
                var added = missing[random.Next(missing.Length)];
                return request with { AvailabilityZones = Zones.Where(z => zones.Contains(z) || z == added).ToArray() };
            case 1 when zones.Count > 1:
                var removed = zones[random.Next(zones.Count)];
                return request with { AvailabilityZones = zones.Where(z => z != removed).ToArray() };
            case 2:
                return request with { PublicSubnetsPerZone = Math.Clamp(request.PublicSubnetsPerZone + (random.Next(2) == 0 ? 1 : -1), request.PrivateSubnetsPerZone == 0 ? 1 : 0, 3) };
            case 3:
                return request with { PrivateSubnetsPerZone = Math.Clamp(request.PrivateSubnetsPerZone + (random.Next(2) == 0 ? 1 : -1), request.PublicSubnetsPerZone == 0 ? 1 : 0, 3) };
            default:
                // Type a row over by hand: a free block of a random allowed size.
                var row = plan.Subnets[random.Next(plan.Subnets.Count)];
                var free = FreeAddressSpace.Within(plan.VpcBlock, plan.Subnets.Where(s => s.Index != row.Index).Select(s => s.Cidr))
                    .Where(f => f.Prefix <= VpcCidrRules.SmallestPrefix).ToArray();
                if (free.Length == 0)
                    return request;
                var home = free[random.Next(free.Length)];
                var size = random.Next(Math.Max(home.Prefix, VpcCidrRules.LargestPrefix), VpcCidrRules.SmallestPrefix + 1);
                kept[SubnetPlanner.KeyOf(row.Name)] = Cidr.Create(home.NetworkValue, size);
                return request;
        }
    }

    private static Dictionary<string, Cidr> Kept(SubnetPlan plan) =>
        plan.Subnets.ToDictionary(s => SubnetPlanner.KeyOf(s.Name), s => s.Cidr);

    private static Cidr Row(SubnetPlan plan, string name) => plan.Subnets.Single(s => s.Name == name).Cidr;

    private static SubnetPlanRequest RandomRequest(Random random)
    {
        var vpcPrefix = random.Next(16, 29);
        var vpc = Cidr.Containing((uint)random.Next(0x0A000000, 0x0AFFFFFF), vpcPrefix);
        var zones = Zones.Take(random.Next(1, 7)).ToArray();
        var pub = random.Next(0, 4);
        var priv = pub == 0 ? random.Next(1, 4) : random.Next(0, 4);
        return new SubnetPlanRequest(vpc, zones, pub, priv);
    }
}
