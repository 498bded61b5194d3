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
        Assert.Equal(new Dictionary<int, string> { [3] = "10.0.99.0/24" }, draft.SubnetCidrs);
        Assert.Equal(request.Subnets, again.Request.Subnets);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData(null, false)]
    public void Request_ids_are_32_lowercase_hex_digits(string? id, bool valid) => Assert.Equal(valid, VpcRequestIds.IsValid(id));
}
