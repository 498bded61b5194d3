using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Vpcs.Drafts;

public sealed class VpcDraftPreviewTests
{
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    private static readonly VpcDraft Named = VpcDraft.Fresh(Zones) with { Name = "orders" };

    [Fact]
    public void A_fresh_draft_plans_two_zones_of_one_public_and_one_private_and_only_lacks_a_name()
    {
        var preview = VpcDraftPreview.Build(VpcDraft.Fresh(Zones), Zones);

        Assert.Equal(4, preview.Subnets.Count);
        Assert.Equal(2, preview.Subnets.Count(s => s.Kind == SubnetKind.Public));
        Assert.Equal(["us-east-1a", "us-east-1b"], preview.Subnets.Select(s => s.AvailabilityZone).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal("Name", Assert.Single(preview.Issues).Field);
        Assert.False(VpcDraftPreview.Build(Named, Zones).HasErrors);
    }

    [Fact]
    public void Zones_are_put_in_the_Regions_order_whatever_the_click_order()
    {
        var preview = VpcDraftPreview.Build(Named with { AvailabilityZones = ["us-east-1c", "us-east-1a"] }, Zones);

        Assert.Equal(["us-east-1a", "us-east-1c"], preview.Request.AvailabilityZones);
        Assert.Equal(["us-east-1a", "us-east-1c"], preview.Draft.AvailabilityZones);
    }

    [Fact]
    public void Empty_tag_rows_are_not_tags_and_an_issue_points_at_the_row_the_user_sees()
    {
        var preview = VpcDraftPreview.Build(Named with { Tags = [new("", ""), new("aws:owner", "me"), new("team", "net")] }, Zones);

        Assert.Equal([new VpcRequestTag("aws:owner", "me"), new VpcRequestTag("team", "net")], preview.Request.Tags);
        Assert.Equal("Tags[1].Key", Assert.Single(preview.Issues).Field);
    }

    [Fact]
    public void A_hand_typed_row_is_kept_while_the_plan_inputs_stay_and_dropped_with_a_notice_when_they_change()
    {
        var typed = Named.WithSubnetCidr(0, "10.0.200.0/24");

        var kept = VpcDraftPreview.Build(typed, Zones);
        Assert.Equal("10.0.200.0/24", kept.Subnets[0].Cidr);
        Assert.True(kept.Subnets[0].HandEdited);
        Assert.False(kept.Replanned);

        var moved = VpcDraftPreview.Build(typed with { Cidr = "10.1.0.0/16" }, Zones);
        Assert.True(moved.Replanned);
        Assert.All(moved.Subnets, s => Assert.False(s.HandEdited));
        Assert.StartsWith("10.1.", moved.Subnets[0].Cidr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_typed_as_the_plan_had_it_is_planned_again_without_a_notice()
    {
        var planned = VpcDraftPreview.Build(Named, Zones).Subnets[0].Cidr;

        var preview = VpcDraftPreview.Build(Named.WithSubnetCidr(0, planned) with { PublicSubnetsPerZone = 2 }, Zones);

        Assert.False(preview.Replanned);
        Assert.Equal(6, preview.Subnets.Count);
    }

    [Fact]
    public void A_hand_typed_row_that_overlaps_another_is_an_error_on_that_row()
    {
        var second = VpcDraftPreview.Build(Named, Zones).Subnets[1].Cidr;

        var preview = VpcDraftPreview.Build(Named.WithSubnetCidr(0, second), Zones);

        Assert.Contains(preview.Issues, i => i.Severity == IssueSeverity.Error && i.Field.StartsWith("Subnets[", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zone_the_Region_does_not_have_is_an_error_on_that_zone()
    {
        var preview = VpcDraftPreview.Build(Named with { AvailabilityZones = ["us-east-1a", "eu-west-1a"] }, Zones);

        Assert.Contains(preview.Issues, i => i.Field == "AvailabilityZones[1]" && i.Message.Contains("eu-west-1a", StringComparison.Ordinal));
    }

    [Fact]
    public void An_invalid_block_has_no_plan_and_says_why_on_the_block()
    {
        var preview = VpcDraftPreview.Build(Named with { Cidr = "10.0.0.0/8" }, Zones);

        Assert.Empty(preview.Subnets);
        Assert.Contains(preview.Issues, i => i.Field == "Cidr" && i.Severity == IssueSeverity.Error);
    }

    [Fact]
    public void A_failed_records_values_come_back_as_the_draft_with_its_hand_typed_rows()
    {
        var typed = Named with { Tags = [new("team", "net")], CreateInternetGateway = true, EnableDnsHostnames = false };
        typed = typed.WithSubnetCidr(3, "10.0.99.0/24");
        var request = VpcDraftPreview.Build(typed, Zones).Request;
        var record = new VpcRecord
        {
            RequestId = VpcRequestIds.New(),
            Name = request.Name,
            Cidr = request.Cidr,
            RequestedBy = "admin",
            Region = "us-east-1",
            Status = VpcStatus.Failed,
            EnableDnsSupport = request.EnableDnsSupport,
            EnableDnsHostnames = request.EnableDnsHostnames,
            CreateInternetGateway = request.WillCreateInternetGateway,
            Tags = request.Tags,
            Subnets = request.Subnets.Select(s => new VpcRecordSubnet(s.Name, s.Cidr, s.AvailabilityZone, s.Kind, 251)).ToArray(),
        };

        var draft = VpcDraft.From(record);
        var again = VpcDraftPreview.Build(draft, Zones);

        Assert.Equal("orders", draft.Name);
        Assert.Equal(["us-east-1a", "us-east-1b"], draft.AvailabilityZones);
        Assert.Equal((1, 1), (draft.PublicSubnetsPerZone, draft.PrivateSubnetsPerZone));
        Assert.Equal([new VpcRequestTag("team", "net")], draft.Tags);
        Assert.False(draft.EnableDnsHostnames);
        Assert.True(draft.CreateInternetGateway);
        Assert.Equal(new Dictionary<string, string> { ["private-b"] = "10.0.99.0/24" }, draft.TypedCidrs);
        Assert.Equal(request.Subnets, again.Request.Subnets);
        Assert.True(again.Subnets[3].HandEdited);
    }

    [Fact]
    public void Adding_a_zone_keeps_every_row_and_its_hand_typed_block_where_they_are()
    {
        var typed = VpcDraftPreview.Build(Named, Zones).Draft.WithSubnetCidr(3, "10.0.240.0/20");
        var before = VpcDraftPreview.Build(typed, Zones);

        var after = VpcDraftPreview.Build(before.Draft with { AvailabilityZones = Zones }, Zones);

        Assert.False(after.Replanned);
        Assert.Equal(6, after.Subnets.Count);
        foreach (var row in before.Subnets)
            Assert.Equal(row.Cidr, after.Subnets.Single(s => s.Name == row.Name).Cidr);
        Assert.Equal("10.0.240.0/20", after.Subnets.Single(s => s.Name == "private-b").Cidr);
        Assert.True(after.Subnets.Single(s => s.Name == "private-b").HandEdited);
        Assert.DoesNotContain(after.Issues, i => i.Field.StartsWith("Subnets", StringComparison.Ordinal));
    }

    [Fact]
    public void Removing_a_zone_drops_its_rows_and_keeps_the_others()
    {
        var three = VpcDraftPreview.Build(Named with { AvailabilityZones = Zones }, Zones);

        var two = VpcDraftPreview.Build(three.Draft with { AvailabilityZones = ["us-east-1a", "us-east-1c"] }, Zones);

        Assert.Equal(["public-a", "public-c", "private-a", "private-c"], two.Subnets.Select(s => s.Name));
        foreach (var row in two.Subnets)
            Assert.Equal(three.Subnets.Single(s => s.Name == row.Name).Cidr, row.Cidr);
    }

    [Fact]
    public void Plan_again_lays_every_row_out_afresh()
    {
        var edited = VpcDraftPreview.Build(Named, Zones).Draft.WithSubnetCidr(0, "10.0.200.0/24");
        var moved = VpcDraftPreview.Build(VpcDraftPreview.Build(edited with { AvailabilityZones = Zones }, Zones).Draft with { AvailabilityZones = ["us-east-1b", "us-east-1c"] }, Zones);

        var again = VpcDraftPreview.Build(moved.Draft.Replanned(), Zones);

        Assert.Equal(VpcDraftPreview.Build(Named with { AvailabilityZones = ["us-east-1b", "us-east-1c"] }, Zones).Request.Subnets, again.Request.Subnets);
        Assert.All(again.Subnets, s => Assert.False(s.HandEdited));
    }

    [Fact]
    public void With_IPv6_each_row_carries_its_64_number_and_keeps_it_across_edits()
    {
        var on = VpcDraftPreview.Build(Named with { Ipv6 = true }, Zones);
        Assert.Equal([0, 1, 2, 3], on.Request.Subnets.Select(s => s.Ipv6Index));

        var fewer = VpcDraftPreview.Build(on.Draft with { AvailabilityZones = ["us-east-1b"] }, Zones);
        Assert.Equal([("public-b", 1), ("private-b", 3)], fewer.Request.Subnets.Select(s => (s.Name, s.Ipv6Index!.Value)));

        var more = VpcDraftPreview.Build(fewer.Draft with { AvailabilityZones = Zones }, Zones);
        Assert.Equal([("public-a", 0), ("public-b", 1), ("public-c", 2), ("private-a", 4), ("private-b", 3), ("private-c", 5)],
            more.Request.Subnets.Select(s => (s.Name, s.Ipv6Index!.Value)));

        var off = VpcDraftPreview.Build(more.Draft with { Ipv6 = false }, Zones);
        Assert.All(off.Request.Subnets, s => Assert.Null(s.Ipv6Index));
    }

    [Fact]
    public void Edit_and_retry_keeps_the_failed_requests_IPv6_indexes()
    {
        var request = VpcDraftPreview.Build(Named with { Ipv6 = true, NatGatewayMode = NatGatewayMode.Single }, Zones).Request;
        var record = new VpcRecord
        {
            RequestId = VpcRequestIds.New(),
            Name = request.Name,
            Cidr = request.Cidr,
            RequestedBy = "admin",
            Region = "us-east-1",
            Status = VpcStatus.Failed,
            Ipv6 = true,
            NatGatewayMode = NatGatewayMode.Single,
            Subnets = request.Subnets.Select((s, i) => new VpcRecordSubnet(s.Name, s.Cidr, s.AvailabilityZone, s.Kind, 251, Ipv6Index: 3 - i)).ToArray(),
        };

        var again = VpcDraftPreview.Build(VpcDraft.From(record), Zones);

        Assert.Equal([3, 2, 1, 0], again.Request.Subnets.Select(s => s.Ipv6Index));
        Assert.Equal(NatGatewayMode.Single, again.Request.NatGatewayMode);
        Assert.All(again.Subnets, s => Assert.False(s.HandEdited));
    }

    [Fact]
    public void A_bad_block_typed_for_a_moment_does_not_lose_the_rows()
    {
        var edited = VpcDraftPreview.Build(Named, Zones).Draft.WithSubnetCidr(1, "10.0.250.0/24");
        var typo = VpcDraftPreview.Build(edited with { Cidr = "10.0.0.0/" }, Zones);
        Assert.Empty(typo.Subnets);

        var fixedAgain = VpcDraftPreview.Build(typo.Draft with { Cidr = "10.0.0.0/16" }, Zones);

        Assert.False(fixedAgain.Replanned);
        Assert.Equal("10.0.250.0/24", fixedAgain.Subnets[1].Cidr);
    }

    [Fact]
    public void The_cost_is_priced_for_the_Region_and_a_Region_without_prices_says_why()
    {
        var prices = new VpcCostPrices
        {
            Source = "test prices",
            Regions = { ["us-east-1"] = new VpcRegionPrices { NatGatewayHourlyUsd = 0.045m, NatGatewayPerGbUsd = 0.045m, PublicIpv4HourlyUsd = 0.005m } },
        };
        var draft = Named with { NatGatewayMode = NatGatewayMode.PerZone };

        var priced = VpcDraftPreview.Build(draft, Zones, new VpcCostEstimator(prices, "us-east-1"));
        var unpriced = VpcDraftPreview.Build(draft, Zones, new VpcCostEstimator(prices, "ap-south-2"));

        Assert.Equal(2 * 0.045m * 730 + 2 * 0.005m * 730, priced.Cost!.MonthlyUsd);
        Assert.Null(priced.CostUnavailable);
        Assert.Null(unpriced.Cost);
        Assert.Contains("ap-south-2", unpriced.CostUnavailable, StringComparison.Ordinal);
        Assert.Null(VpcDraftPreview.Build(draft, Zones).Cost);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData(null, false)]
    public void Request_ids_are_32_lowercase_hex_digits(string? id, bool valid) => Assert.Equal(valid, VpcRequestIds.IsValid(id));
}
