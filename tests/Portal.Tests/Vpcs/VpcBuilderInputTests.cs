using Microsoft.AspNetCore.WebUtilities;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;

namespace Portal.Tests.Vpcs;

public sealed class VpcBuilderInputTests
{
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    [Fact]
    public void No_fields_is_a_fresh_form_with_the_defaults()
    {
        var input = VpcBuilderInput.Parse(QueryHelpers.ParseQuery(""), Zones);

        Assert.True(input.IsFresh);
        Assert.Equal("10.0.0.0/16", input.Cidr);
        Assert.Equal(["us-east-1a", "us-east-1b"], input.AvailabilityZones);
        Assert.Equal((1, 1), (input.PublicSubnetsPerZone, input.PrivateSubnetsPerZone));
        Assert.True(input.EnableDnsSupport && input.EnableDnsHostnames);
        Assert.Null(input.CreateInternetGateway);
    }

    [Fact]
    public void An_unticked_box_sends_only_its_hidden_false_and_means_off()
    {
        var input = VpcBuilderInput.Parse(QueryHelpers.ParseQuery(
            "?Name=x&Cidr=10.0.0.0/16&EnableDnsSupport=false&EnableDnsSupport=true&EnableDnsHostnames=false&CreateInternetGateway=no"), Zones);

        Assert.True(input.EnableDnsSupport);
        Assert.False(input.EnableDnsHostnames);
        Assert.False(input.CreateInternetGateway);
    }

    [Fact]
    public void Empty_tag_rows_are_dropped_and_the_rest_keep_their_order()
    {
        var input = VpcBuilderInput.Parse(QueryHelpers.ParseQuery(
            "?Name=x&Tags[0].Key=team&Tags[0].Value=net&Tags[1].Key=&Tags[1].Value=&Tags[2].Key=&Tags[2].Value=orphan&Tags[10].Key=cost&Tags[10].Value=42"), Zones);

        Assert.Equal([new VpcRequestTag("team", "net"), new VpcRequestTag("", "orphan"), new VpcRequestTag("cost", "42")], input.Tags);
    }

    [Fact]
    public void A_count_that_is_not_a_number_is_reported_against_its_field()
    {
        var input = VpcBuilderInput.Parse(QueryHelpers.ParseQuery("?Name=x&PublicSubnetsPerZone=two"), Zones);

        var issue = Assert.Single(input.ParseIssues);
        Assert.Equal("PublicSubnetsPerZone", issue.Field);
        Assert.Contains("'two' is not a whole number", issue.Message);
    }

    [Fact]
    public void A_preview_link_round_trips_every_field_and_carries_only_hand_typed_rows()
    {
        var typed = VpcBuilderInput.Parse(QueryHelpers.ParseQuery(
            "?Name=prod vpc&Cidr=10.1.0.0/16&AvailabilityZones=us-east-1c&AvailabilityZones=us-east-1a&PublicSubnetsPerZone=2&PrivateSubnetsPerZone=1" +
            "&EnableDnsSupport=true&EnableDnsHostnames=false&CreateInternetGateway=yes&Tags[0].Key=team&Tags[0].Value=a b"), Zones);
        var preview = VpcPreview.Build(typed, Zones);
        var edited = preview.Subnets[4];
        var link = VpcPreview.Build(typed with
        {
            PlannedFor = preview.Input.PlanKey,
            SubnetCidrs = preview.Subnets.ToDictionary(s => s.Index, s => s.Index == edited.Index ? "10.1.250.0/24" : s.Cidr),
        }, Zones);

        var query = link.Input.ToPreviewQuery(link.HandEditedCidrs);
        var back = VpcPreview.Build(VpcBuilderInput.Parse(QueryHelpers.ParseQuery(query), Zones), Zones);

        Assert.Single(QueryHelpers.ParseQuery(query).Keys, key => key.StartsWith("Subnets[", StringComparison.Ordinal));
        Assert.Equal(link.Request, back.Request with { AvailabilityZones = link.Request.AvailabilityZones, Tags = link.Request.Tags, Subnets = link.Request.Subnets });
        Assert.Equal(["us-east-1a", "us-east-1c"], back.Request.AvailabilityZones);
        Assert.Equal(link.Request.Tags, back.Request.Tags);
        Assert.Equal(link.Request.Subnets, back.Request.Subnets);
        Assert.Equal("10.1.250.0/24", back.Subnets[4].Cidr);
        Assert.False(back.Replanned);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData(null, false)]
    public void Request_ids_are_32_lowercase_hex_digits(string? id, bool valid) =>
        Assert.Equal(valid, VpcBuilderInput.IsValidRequestId(id));
}
