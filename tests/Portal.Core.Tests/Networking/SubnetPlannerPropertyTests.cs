using Portal.Core.Networking;
using Xunit.Sdk;

namespace Portal.Core.Tests.Networking;

/// <summary>
/// Planner invariants over many random inputs. Each case has its own seed; a failure prints it,
/// so <c>RunCase(seed)</c> reproduces it.
/// </summary>
public class SubnetPlannerPropertyTests
{
    private const int Cases = 2000;
    private const int FirstSeed = 20261121;
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];

    [Fact]
    public void Plans_never_overlap_stay_inside_the_vpc_and_cover_it_with_free_space()
    {
        var planned = 0;
        for (var seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            try
            {
                planned += RunCase(seed) ? 1 : 0;
            }
            catch (Exception failure) when (failure is not XunitException { Message: var m } || !m.StartsWith("seed ", StringComparison.Ordinal))
            {
                throw new XunitException($"seed {seed}: {failure.Message}");
            }
        }

        // The generator must mostly produce plans, or the invariants above were barely exercised.
        Assert.True(planned > Cases / 2, $"only {planned} of {Cases} random requests produced a plan");
    }

    [Fact]
    public void Hand_overrides_are_flagged_exactly_on_the_rows_that_overlap()
    {
        for (var seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            try
            {
                RunOverrideCase(seed);
            }
            catch (Exception failure) when (failure is not XunitException { Message: var m } || !m.StartsWith("seed ", StringComparison.Ordinal))
            {
                throw new XunitException($"seed {seed}: {failure.Message}");
            }
        }
    }

    private static SubnetPlanRequest RandomRequest(Random random)
    {
        var vpcPrefix = random.Next(16, 29);
        var vpc = Cidr.Containing((uint)random.Next(0x0A000000, 0x0AFFFFFF), vpcPrefix);
        var zones = Zones.Take(random.Next(1, 7)).ToArray();
        var pub = random.Next(0, 4);
        var priv = pub == 0 ? random.Next(1, 4) : random.Next(0, 4);
        int? RandomPrefix() => random.Next(3) == 0 ? random.Next(Math.Max(16, vpcPrefix), 29) : null;
        return new SubnetPlanRequest(vpc, zones, pub, priv, RandomPrefix(), RandomPrefix());
    }

    private static bool RunCase(int seed)
    {
        var request = RandomRequest(new Random(seed));
        var result = SubnetPlanner.Plan(request);
        var total = request.AvailabilityZones.Count * (request.PublicSubnetsPerZone + request.PrivateSubnetsPerZone);
        if (!result.Succeeded)
        {
            // Refusal is only allowed when the subnets cannot fit even at the sizes asked for (or /28).
            var issue = Assert.Single(result.Issues);
            Assert.Equal("Cidr", issue.Field);
            var smallestNeed = request.AvailabilityZones.Count *
                (request.PublicSubnetsPerZone * (1L << (32 - (request.PublicPrefixLength ?? 28))) +
                 request.PrivateSubnetsPerZone * (1L << (32 - (request.PrivatePrefixLength ?? 28))));
            Assert.True(smallestNeed > request.VpcBlock.AddressCount, $"refused a request that fits: {issue.Message}");
            return false;
        }

        var plan = result.Plan!;
        var rows = plan.Subnets;

        // Deterministic: the same input (even a copied list) gives an equal plan.
        Assert.Equal(plan, SubnetPlanner.Plan(request with { AvailabilityZones = request.AvailabilityZones.ToList() }).Plan);

        Assert.Equal(total, rows.Count);
        Assert.Equal(Enumerable.Range(0, total), rows.Select(r => r.Index));
        Assert.Equal(total, rows.Select(r => r.Name).Distinct().Count());
        foreach (var row in rows)
        {
            Assert.True(plan.VpcBlock.Contains(row.Cidr), $"{row.Cidr} is outside {plan.VpcBlock}");
            Assert.InRange(row.Cidr.Prefix, 16, 28);
            Assert.Equal(row.Cidr.AddressCount - 5, row.UsableAddresses);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = i + 1; j < rows.Count; j++)
            {
                Assert.False(rows[i].Cidr.Overlaps(rows[j].Cidr), $"{rows[i].Cidr} overlaps {rows[j].Cidr}");
            }
        }

        AssertSizesHonoured(request, plan);
        AssertFreeSpaceCoversTheRest(plan);
        AssertLargestFirstWithoutGaps(plan);
        Assert.Empty(SubnetPlanValidator.Validate(plan));
        return true;
    }

    private static void AssertSizesHonoured(SubnetPlanRequest request, SubnetPlan plan)
    {
        var publicPrefixes = plan.Subnets.Where(r => r.Kind == SubnetKind.Public).Select(r => r.Cidr.Prefix).Distinct().ToList();
        var privatePrefixes = plan.Subnets.Where(r => r.Kind == SubnetKind.Private).Select(r => r.Cidr.Prefix).Distinct().ToList();
        Assert.True(publicPrefixes.Count <= 1 && privatePrefixes.Count <= 1, "subnets of one kind must share one size");
        if (request.PublicPrefixLength is { } pub && publicPrefixes.Count == 1)
        {
            Assert.Equal(pub, publicPrefixes[0]);
        }

        if (request.PrivatePrefixLength is { } priv && privatePrefixes.Count == 1)
        {
            Assert.Equal(priv, privatePrefixes[0]);
        }

        if (request.PublicPrefixLength is null && request.PrivatePrefixLength is null && publicPrefixes.Count == 1 && privatePrefixes.Count == 1)
        {
            Assert.Equal(Math.Min(privatePrefixes[0] + 2, 28), publicPrefixes[0]);
        }

        // A defaulted size is the largest that fits: one size larger would overflow the VPC block.
        var largestAllowed = Math.Max(16, plan.VpcBlock.Prefix);
        var zones = request.AvailabilityZones.Count;
        long Need(int pubPrefix, int privPrefix) =>
            zones * (request.PublicSubnetsPerZone * (1L << (32 - pubPrefix)) + request.PrivateSubnetsPerZone * (1L << (32 - privPrefix)));
        var actualPub = publicPrefixes.Count == 1 ? publicPrefixes[0] : 28;
        var actualPriv = privatePrefixes.Count == 1 ? privatePrefixes[0] : 28;
        if (request.PrivatePrefixLength is null && privatePrefixes.Count == 1 && actualPriv > largestAllowed)
        {
            var biggerPub = request.PublicPrefixLength ?? (publicPrefixes.Count == 1 ? Math.Min(actualPriv + 1, 28) : 28);
            Assert.True(Need(biggerPub, actualPriv - 1) > plan.VpcBlock.AddressCount, $"private /{actualPriv - 1} would have fitted");
        }

        if (request.PublicPrefixLength is null && request.PrivatePrefixLength is not null && publicPrefixes.Count == 1
            && actualPub > Math.Max(largestAllowed, actualPriv + 2))
        {
            Assert.True(Need(actualPub - 1, actualPriv) > plan.VpcBlock.AddressCount, $"public /{actualPub - 1} would have fitted");
        }
    }

    private static void AssertFreeSpaceCoversTheRest(SubnetPlan plan)
    {
        var all = plan.Subnets.Select(r => r.Cidr).Concat(plan.FreeSpace).Order().ToList();
        Assert.Equal(plan.VpcBlock.AddressCount, all.Sum(c => c.AddressCount));
        ulong cursor = plan.VpcBlock.NetworkValue;
        foreach (var block in all)
        {
            Assert.Equal(cursor, block.NetworkValue);
            cursor += (ulong)block.AddressCount;
        }

        Assert.Equal((ulong)plan.VpcBlock.BroadcastValue + 1, cursor);

        // Minimal: no two neighbouring free blocks could be merged into one CIDR block.
        for (var i = 1; i < plan.FreeSpace.Count; i++)
        {
            var (left, right) = (plan.FreeSpace[i - 1], plan.FreeSpace[i]);
            var mergeable = left.Prefix == right.Prefix && left.Prefix > 0
                && Cidr.Containing(left.NetworkValue, left.Prefix - 1) == Cidr.Containing(right.NetworkValue, right.Prefix - 1);
            Assert.False(mergeable, $"free blocks {left} and {right} should be one block");
        }
    }

    private static void AssertLargestFirstWithoutGaps(SubnetPlan plan)
    {
        var byAddress = plan.Subnets.OrderBy(r => r.Cidr).ToList();
        Assert.Equal(plan.VpcBlock.NetworkValue, byAddress[0].Cidr.NetworkValue);
        for (var i = 1; i < byAddress.Count; i++)
        {
            Assert.True(byAddress[i].Cidr.Prefix >= byAddress[i - 1].Cidr.Prefix, "larger blocks must come first");
            Assert.Equal((ulong)byAddress[i - 1].Cidr.BroadcastValue + 1, byAddress[i].Cidr.NetworkValue);
        }
    }

    private static void RunOverrideCase(int seed)
    {
        var random = new Random(seed);
        var plan = SubnetPlanner.Plan(RandomRequest(random)).Plan;
        if (plan is null)
        {
            return;
        }

        var row = random.Next(plan.Subnets.Count);
        var prefix = random.Next(plan.VpcBlock.Prefix, 29);
        var replacement = Cidr.Containing(plan.VpcBlock.NetworkValue + (uint)random.NextInt64(plan.VpcBlock.AddressCount), prefix);
        var changed = plan.WithCidr(row, replacement);
        var issues = SubnetPlanValidator.Validate(changed);

        // The replacement is inside the VPC and /16 to /28 by construction, so only overlaps can be wrong.
        var clashing = changed.Subnets.Where(r => r.Index != row && r.Cidr.Overlaps(replacement)).Select(r => r.Index).ToList();
        var expectedRows = clashing.Count == 0 ? [] : clashing.Append(row).Order().ToList();

        Assert.Equal(expectedRows, issues.Select(i => RowOf(i.Field)).Distinct().Order());
        Assert.All(issues, i => Assert.Equal(IssueSeverity.Error, i.Severity));
        if (clashing.Count > 0)
        {
            var message = Assert.Single(issues, i => i.Field == $"Subnets[{row}].Cidr").Message;
            Assert.All(clashing, other => Assert.Contains($"Subnets[{other}]", message));
        }
    }

    private static int RowOf(string field)
    {
        Assert.StartsWith("Subnets[", field);
        Assert.EndsWith("].Cidr", field);
        return int.Parse(field["Subnets[".Length..field.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture);
    }
}
