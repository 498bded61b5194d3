using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Vpcs.Drafts;

/// <summary>What <see cref="VpcProvisioning.SubmitAsync"/> records of the plan: the rows' IPv6 indexes and the cost.</summary>
public sealed class SubmittedPlanTests
{
    private static readonly VpcRequest Request = VpcTestStack.TwoZoneRequest() with { Ipv6 = true };

    [Fact]
    public void With_IPv6_rows_lacking_an_index_take_the_lowest_free_ones_and_the_others_keep_theirs()
    {
        var rows = VpcDraftPreview.Build(VpcDraft.Fresh(["us-east-1a", "us-east-1b"]) with { Name = "orders" }, ["us-east-1a", "us-east-1b"]).Request.Subnets;
        var request = Request with { Subnets = [rows[0] with { Ipv6Index = 2 }, rows[1], rows[2] with { Ipv6Index = 0 }, rows[3]] };

        Assert.Equal([2, 1, 0, 3], VpcProvisioning.SubnetsOf(request).Select(s => s.Ipv6Index));
        Assert.All(VpcProvisioning.SubnetsOf(request with { Ipv6 = false }), s => Assert.Null(s.Ipv6Index));
    }

    [Fact]
    public void An_unplanned_request_with_IPv6_numbers_the_planned_rows_in_order()
    {
        Assert.Equal([0, 1, 2, 3], VpcProvisioning.SubnetsOf(Request).Select(s => s.Ipv6Index));
    }

    [Fact]
    public async Task The_submitted_record_carries_the_cost_estimate_of_the_Regions_prices()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(new Dictionary<string, string?>
        {
            ["Portal:Vpcs:Prices:Source"] = "test prices",
            ["Portal:Vpcs:Prices:Regions:us-east-1:NatGatewayHourlyUsd"] = "0.045",
            ["Portal:Vpcs:Prices:Regions:us-east-1:NatGatewayPerGbUsd"] = "0.045",
            ["Portal:Vpcs:Prices:Regions:us-east-1:PublicIpv4HourlyUsd"] = "0.005",
        });
        var provisioning = services.GetRequiredService<VpcProvisioning>();

        var record = await provisioning.SubmitAsync(Request with { NatGatewayMode = NatGatewayMode.PerZone }, VpcTestStack.NewRequestId(), "alice", CancellationToken.None);

        var stored = await services.GetRequiredService<VpcRecordStore>().GetAsync(record.RequestId, CancellationToken.None);
        Assert.Equal(2 * 0.045m * 730 + 2 * 0.005m * 730, stored!.CostEstimate!.MonthlyUsd);
        Assert.Equal(record.CostEstimate!.Lines, stored.CostEstimate.Lines);
        Assert.Equal(["NAT gateway", "Public IPv4 address (NAT gateway's Elastic IP)"], stored.CostEstimate.Lines.Select(l => l.Item));
        Assert.Equal("us-east-1", stored.CostEstimate.Region);
        Assert.Equal([0, 1, 2, 3], stored.Subnets.Select(s => s.Ipv6Index));
    }
}
