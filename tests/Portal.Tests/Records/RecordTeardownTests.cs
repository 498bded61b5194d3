using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;
using Portal.Tests.Auth;

namespace Portal.Tests.Records;

/// <summary>The admin's teardown from the record's detail page, against the EC2 sandbox.</summary>
[Collection(RecordsPortal.Collection)]
public sealed class RecordTeardownTests(RecordsPortal portal)
{
    private static readonly HtmlParser Parser = new();

    private async Task<VpcRecord> ProvisionAsync(string name)
    {
        var requestId = Guid.NewGuid().ToString("N");
        await portal.Server.Services.GetRequiredService<VpcProvisioning>().SubmitAsync(new VpcRequest
        {
            Name = name,
            Cidr = "10.20.0.0/16",
            AvailabilityZones = ["us-east-1a", "us-east-1b"],
            PublicSubnetsPerZone = 1,
            PrivateSubnetsPerZone = 1,
        }, requestId, "admin", CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var record = await portal.Store.GetAsync(requestId);
            if (record?.IsFinished == true)
            {
                Assert.Equal(VpcStatus.Succeeded, record.Status);
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"VPC request {requestId} did not finish: {record?.Status}");
            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<string>> LeftInSandboxAsync(VpcRecord record)
    {
        var ec2 = portal.Server.Services.GetRequiredService<Ec2Sandbox>();
        var byTag = new[] { VpcTags.ByRequest(record.RequestId) };
        return
        [
            .. (await ec2.DescribeVpcsAsync([])).Where(v => v.VpcId == record.VpcId).Select(v => v.VpcId),
            .. (await ec2.DescribeSubnetsAsync(byTag)).Select(s => s.SubnetId),
            .. (await ec2.DescribeInternetGatewaysAsync(byTag)).Select(g => g.InternetGatewayId),
            .. (await ec2.DescribeRouteTablesAsync(byTag)).Select(t => t.RouteTableId),
        ];
    }

    private static FormUrlEncodedContent Form(string token, string name) =>
        new([new("__RequestVerificationToken", token), new("confirmName", name)]);

    [Fact]
    public async Task The_admin_types_the_name_and_nothing_of_the_vpc_is_left_while_the_record_stays_deleted()
    {
        var record = await ProvisionAsync("teardown-me");
        var created = await LeftInSandboxAsync(record);
        Assert.Equal(7, created.Count); // VPC, 4 subnets, internet gateway, public route table
        using var admin = await HttpSignIn.AsAsync(portal.Server, DemoUser.Admin);
        var token = await admin.AntiforgeryTokenAsync($"/records/{record.RequestId}");
        using var raw = admin.RawClient();

        var wrong = await raw.PostAsync($"/records/{record.RequestId}/teardown", Form(token, "teardown-m"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var page = Parser.ParseDocument(await wrong.Content.ReadAsStringAsync());
        Assert.Equal("'teardown-m' is not the VPC's name: type teardown-me exactly to confirm. Nothing was deleted.",
            page.QuerySelector("[data-testid=teardown-error]")!.TextContent);
        Assert.Equal(VpcStatus.Succeeded, (await portal.Store.GetAsync(record.RequestId))!.Status);
        Assert.Equal(created, await LeftInSandboxAsync(record));

        var done = await raw.PostAsync($"/records/{record.RequestId}/teardown", Form(token, "teardown-me"));

        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Equal($"/records/{record.RequestId}", done.Headers.Location!.OriginalString);
        Assert.Empty(await LeftInSandboxAsync(record));
        var deleted = (await portal.Store.GetAsync(record.RequestId))!;
        Assert.Equal(VpcStatus.Deleted, deleted.Status);
        Assert.Equal("admin", deleted.DeletedBy);
        Assert.Equal(portal.Clock.GetUtcNow(), deleted.DeletedAt);
        var after = Parser.ParseDocument(await admin.Client.GetStringAsync($"/records/{record.RequestId}"));
        Assert.StartsWith("Torn down by admin", after.QuerySelector("[data-testid=deleted-by]")!.TextContent);
        Assert.Null(after.QuerySelector("[data-testid=teardown-form]"));
    }

    [Fact]
    public async Task A_viewers_teardown_post_gets_403_and_deletes_nothing()
    {
        var record = await ProvisionAsync("viewer-cannot");
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var token = await viewer.AntiforgeryTokenAsync("/records");

        var response = await viewer.Client.PostAsync($"/records/{record.RequestId}/teardown", Form(token, "viewer-cannot")); // ends on the access-denied page

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(VpcStatus.Succeeded, (await portal.Store.GetAsync(record.RequestId))!.Status);
        Assert.Equal(7, (await LeftInSandboxAsync(record)).Count);
    }

    [Fact]
    public async Task A_teardown_that_stopped_midway_shows_what_is_left_and_offers_a_retry()
    {
        var record = (await portal.Store.CreateAsync(new VpcRecord
        {
            RequestId = Guid.NewGuid().ToString("N"),
            Name = "half-gone",
            Cidr = "10.30.0.0/16",
            Status = VpcStatus.DeleteFailed,
            RequestedBy = "admin",
            DeletedBy = "admin",
            Region = "us-east-1",
            VpcId = "vpc-0123456789abcdef0",
            RollbackOutcome = "left: vpc-0123456789abcdef0 (DependencyViolation)",
            ErrorCode = "DependencyViolation",
            ErrorMessage = "The vpc has dependencies and cannot be deleted.",
            Subnets = [new VpcRecordSubnet("a", "10.30.0.0/24", "us-east-1a", SubnetKind.Public, 251)],
        }))!;
        using var admin = await HttpSignIn.AsAsync(portal.Server, DemoUser.Admin);

        var page = Parser.ParseDocument(await admin.Client.GetStringAsync($"/records/{record.RequestId}"));

        Assert.Contains("left: vpc-0123456789abcdef0 (DependencyViolation)", page.QuerySelector("[data-testid=left-over]")!.TextContent);
        Assert.Equal("Retry teardown", page.QuerySelector("[data-testid=teardown]")!.TextContent.Trim());
        Assert.Equal($"/records/{record.RequestId}/teardown", page.QuerySelector("[data-testid=teardown-form]")!.GetAttribute("action"));
    }
}
