using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Vpcs.Drafts;

public sealed class VpcEstateTests
{
    private static readonly VpcRequest Request = new() { Name = "orders", Cidr = "10.1.0.0/16" };

    private static VpcRecord Live(string name, string cidr) => new()
    {
        RequestId = VpcRequestIds.New(),
        Name = name,
        Cidr = cidr,
        RequestedBy = "alice",
        Region = "us-east-1",
        Status = VpcStatus.Succeeded,
    };

    [Fact]
    public void A_Region_at_its_quota_blocks_the_create_before_it_is_submitted()
    {
        var full = new VpcEstate("us-east-1", 5, 5, []);
        var roomy = new VpcEstate("us-east-1", 5, 4, []);

        var issue = Assert.Single(full.Check(Request));
        Assert.Equal((IssueSeverity.Error, VpcEstate.QuotaField), (issue.Severity, issue.Field));
        Assert.Contains("5 of its 5 VPCs", issue.Message, StringComparison.Ordinal);
        Assert.Empty(roomy.Check(Request));
    }

    [Fact]
    public void A_name_a_live_vpc_has_is_an_error_on_the_name_whatever_its_case()
    {
        var estate = new VpcEstate("us-east-1", 5, 1, [Live("Orders", "172.16.0.0/16")]);

        var issue = Assert.Single(estate.Check(Request with { Name = " orders " }));

        Assert.Equal((IssueSeverity.Error, "Name"), (issue.Severity, issue.Field));
        Assert.Contains("'Orders'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_overlapping_live_vpcs_is_a_warning_naming_them_and_a_disjoint_one_is_fine()
    {
        var estate = new VpcEstate("us-east-1", 5, 2, [Live("wide", "10.0.0.0/8"), Live("apart", "192.168.0.0/16")]);

        var issue = Assert.Single(estate.Check(Request));
        Assert.Equal((IssueSeverity.Warning, "Cidr"), (issue.Severity, issue.Field));
        Assert.Contains("'wide' (10.0.0.0/8)", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("apart", issue.Message, StringComparison.Ordinal);
        Assert.Empty(estate.Check(Request with { Cidr = "172.20.0.0/16" }));
    }
}
