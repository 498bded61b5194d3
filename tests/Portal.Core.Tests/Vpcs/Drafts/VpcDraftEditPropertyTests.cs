using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Portal.Core.Tests.Vpcs.Drafts;

/// <summary>
/// The builder's draft under random edit sequences, through the same calls the form makes (Build after every change,
/// WithSubnetCidr for a typed row). Seeded; a failure names its seed.
/// </summary>
public class VpcDraftEditPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 300;
    private const int EditsPerCase = 10;
    private const int FirstSeed = 1202;
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];

    [Fact]
    public void A_fresh_draft_is_todays_plan_and_with_IPv6_numbers_the_rows_in_order()
    {
        var random = new Random(FirstSeed);
        for (var n = 0; n < 500; n++)
        {
            var draft = RandomDraft(random);
            var plan = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse(draft.Cidr), draft.AvailabilityZones, draft.PublicSubnetsPerZone, draft.PrivateSubnetsPerZone)).Plan;

            var preview = VpcDraftPreview.Build(draft, Zones);
            var withIpv6 = VpcDraftPreview.Build(draft with { Ipv6 = true }, Zones);

            Assert.Equal(plan?.Subnets.Select(VpcRequestSubnet.From) ?? [], preview.Request.Subnets);
            Assert.Equal(plan?.Subnets.Select((s, i) => VpcRequestSubnet.From(s) with { Ipv6Index = i }) ?? [], withIpv6.Request.Subnets);
        }
    }

    [Fact]
    public void Edits_keep_every_surviving_rows_block_and_IPv6_index_with_no_overlaps_inside_the_block()
    {
        var applied = 0;
        for (var seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            try
            {
                applied += RunCase(seed);
            }
            catch (Exception failure) when (failure is not XunitException { Message: var m } || !m.StartsWith("seed ", StringComparison.Ordinal))
            {
                throw new XunitException($"seed {seed}: {failure.Message}");
            }
        }

        output.WriteLine($"{Cases} cases of {EditsPerCase} edits: {applied} kept every row in place");
        Assert.True(applied > Cases * EditsPerCase / 2, $"only {applied} edits kept the rows in place");
    }

    private static int RunCase(int seed)
    {
        var random = new Random(seed);
        var preview = VpcDraftPreview.Build(RandomDraft(random) with { Ipv6 = true }, Zones);
        var applied = 0;
        for (var step = 0; step < EditsPerCase; step++)
        {
            var before = preview.Subnets.ToDictionary(s => SubnetPlanner.KeyOf(s.Name));
            var (edited, typed) = RandomEdit(random, preview);
            var after = VpcDraftPreview.Build(edited, Zones);
            if (after.Replanned)
            {
                // New rows did not fit around the kept ones: the form plans afresh, as it does for a new block.
                preview = VpcDraftPreview.Build(after.Draft.Replanned(), Zones);
                continue;
            }

            var block = Cidr.Parse(after.Draft.Cidr);
            var rows = after.Subnets;
            foreach (var row in rows)
            {
                if (before.TryGetValue(SubnetPlanner.KeyOf(row.Name), out var had))
                {
                    // The row typed over in this step moves by intent (its IPv6 /64 stays); every other row stays whole.
                    Assert.True(row.Name == typed || had.Cidr == row.Cidr, $"{row.Name} moved from {had.Cidr} to {row.Cidr}");
                    Assert.True(had.Ipv6Index == row.Ipv6Index, $"{row.Name} IPv6 index moved from {had.Ipv6Index} to {row.Ipv6Index}");
                }

                Assert.True(block.Contains(Cidr.Parse(row.Cidr)), $"{row.Name} {row.Cidr} is outside {block}");
                Assert.InRange(row.Ipv6Index!.Value, 0, 255);
            }

            Assert.Equal(rows.Count, rows.Select(r => r.Ipv6Index).Distinct().Count());
            for (var i = 0; i < rows.Count; i++)
            {
                for (var j = i + 1; j < rows.Count; j++)
                    Assert.False(Cidr.Parse(rows[i].Cidr).Overlaps(Cidr.Parse(rows[j].Cidr)), $"{rows[i].Name} {rows[i].Cidr} overlaps {rows[j].Name} {rows[j].Cidr}");
            }

            Assert.DoesNotContain(after.Issues, issue => issue.Field.StartsWith("Subnets", StringComparison.Ordinal));
            preview = after;
            applied++;
        }

        return applied;
    }

    /// <returns>The edited draft and the name of the row typed over, if the edit was one.</returns>
    private static (VpcDraft Draft, string? Typed) RandomEdit(Random random, VpcDraftPreview preview)
    {
        var draft = preview.Draft;
        var zones = draft.AvailabilityZones;
        switch (random.Next(5))
        {
            case 0 when zones.Count < 4:
                var missing = Zones.Except(zones).ToArray();
                return (draft with { AvailabilityZones = [.. zones, missing[random.Next(missing.Length)]] }, null);
            case 1 when zones.Count > 1:
                var removed = zones[random.Next(zones.Count)];
                return (draft with { AvailabilityZones = zones.Where(z => z != removed).ToArray() }, null);
            case 2:
                return (draft with { PublicSubnetsPerZone = Math.Clamp(draft.PublicSubnetsPerZone + (random.Next(2) == 0 ? 1 : -1), draft.PrivateSubnetsPerZone == 0 ? 1 : 0, 3) }, null);
            case 3:
                return (draft with { PrivateSubnetsPerZone = Math.Clamp(draft.PrivateSubnetsPerZone + (random.Next(2) == 0 ? 1 : -1), draft.PublicSubnetsPerZone == 0 ? 1 : 0, 3) }, null);
            default:
                // Type a row over with a free block of its own size or smaller.
                var row = preview.Subnets[random.Next(preview.Subnets.Count)];
                var own = Cidr.Parse(row.Cidr);
                var others = preview.Subnets.Where(s => s.Index != row.Index).Select(s => Cidr.Parse(s.Cidr));
                var free = FreeAddressSpace.Within(Cidr.Parse(draft.Cidr), others).Where(f => f.Prefix <= VpcCidrRules.SmallestPrefix).ToArray();
                var home = free[random.Next(free.Length)];
                var size = random.Next(Math.Max(home.Prefix, own.Prefix), VpcCidrRules.SmallestPrefix + 1);
                return (draft.WithSubnetCidr(row.Index, Cidr.Create(home.NetworkValue, size).ToString()), row.Name);
        }
    }

    private static VpcDraft RandomDraft(Random random)
    {
        var cidr = Cidr.Containing((uint)random.Next(0x0A000000, 0x0AFFFFFF), random.Next(16, 23));
        var pub = random.Next(0, 3);
        return new VpcDraft
        {
            Name = "edits",
            Cidr = cidr.ToString(),
            AvailabilityZones = Zones.Take(random.Next(1, 4)).ToArray(),
            PublicSubnetsPerZone = pub,
            PrivateSubnetsPerZone = pub == 0 ? random.Next(1, 3) : random.Next(0, 3),
        };
    }
}
