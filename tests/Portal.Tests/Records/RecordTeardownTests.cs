using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;
using Portal.Tests.Components;

namespace Portal.Tests.Records;

/// <summary>The admin's teardown from the VPC's detail page over the circuit (bunit), against the EC2 sandbox.</summary>
[Collection(RecordsPortal.Collection)]
public sealed class RecordTeardownTests(RecordsPortal portal)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private async Task<VpcRecord> ProvisionAsync(string name)
    {
        var record = await ProvisionedVpc.CreateAsync(portal.Server, name);
        Assert.Equal(VpcStatus.Succeeded, record.Status);
        return record;
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

    private static IRenderedComponent<VpcDetail> Open(PageContext ctx, VpcRecord record)
    {
        var page = ctx.Render<VpcDetail>(p => p.Add(d => d.RequestId, record.RequestId));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=teardown]")), Wait);
        return page;
    }

    /// <summary>Opens the dialog from the header, types <paramref name="typed"/> and presses the dialog's button.</summary>
    private static void TypeAndConfirm(PageContext ctx, IRenderedComponent<VpcDetail> page, string typed)
    {
        if (ctx.Dialogs.FindAll("[data-testid=confirm-name]").Count == 0)
            page.Find("[data-testid=teardown]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.NotEmpty(ctx.Dialogs.FindAll("input[data-testid=confirm-name]")), Wait);
        ctx.Dialogs.Find("input[data-testid=confirm-name]").Input(typed);
        ctx.Dialogs.Find("[data-testid=teardown-confirm]").Click();
    }

    [Fact]
    public async Task The_admin_types_the_name_and_nothing_of_the_vpc_is_left_while_the_record_stays_deleted()
    {
        var record = await ProvisionAsync("teardown-me");
        var created = await LeftInSandboxAsync(record);
        Assert.Equal(9, created.Count); // VPC, 4 subnets, internet gateway, public route table, a private route table per zone
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var page = Open(ctx, record);

        TypeAndConfirm(ctx, page, "teardown-m");

        ctx.Dialogs.WaitForAssertion(() => Assert.Contains("'teardown-m' is not the VPC's name: type teardown-me exactly to confirm. Nothing was deleted.",
            ctx.Dialogs.Find(".mud-input-helper-text").TextContent), Wait);
        Assert.Equal("true", ctx.Dialogs.Find("input[data-testid=confirm-name]").GetAttribute("aria-invalid"));
        Assert.Equal(VpcStatus.Succeeded, (await portal.Store.GetAsync(record.RequestId))!.Status);
        Assert.Equal(created, await LeftInSandboxAsync(record));

        TypeAndConfirm(ctx, page, "teardown-me");

        page.WaitForAssertion(() => Assert.Equal("Deleted", page.Find("[data-testid=status]").GetAttribute("data-status")), Wait);
        Assert.Empty(await LeftInSandboxAsync(record));
        var deleted = (await portal.Store.GetAsync(record.RequestId))!;
        Assert.Equal(VpcStatus.Deleted, deleted.Status);
        Assert.Equal("admin", deleted.DeletedBy);
        Assert.Equal(portal.Clock.GetUtcNow(), deleted.DeletedAt);
        Assert.StartsWith("Torn down by admin", page.Find("[data-testid=deleted-by]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=teardown]"));
        Assert.Empty(page.FindAll("[data-testid=console-link]"));
        Assert.Contains("teardown-me was torn down.", ctx.SnackbarMessages);
    }

    [Fact]
    public async Task A_viewer_behind_an_admins_page_is_refused_at_the_moment_of_the_teardown_and_nothing_is_deleted()
    {
        var record = await ProvisionAsync("viewer-cannot");
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var page = Open(ctx, record);
        ctx.ChangeUserBehindThePage(PageContext.Viewer());

        TypeAndConfirm(ctx, page, "viewer-cannot");

        page.WaitForAssertion(() => Assert.Contains("Only members of portal-admins may tear a VPC down. Nothing was changed.", ctx.SnackbarMessages), Wait);
        var after = (await portal.Store.GetAsync(record.RequestId))!;
        Assert.Equal(VpcStatus.Succeeded, after.Status);
        Assert.Equal(record.Version, after.Version);
        Assert.Equal(9, (await LeftInSandboxAsync(record)).Count);
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
            Subnets = [new VpcRecordSubnet("a", "10.30.0.0/24", "us-east-1a", SubnetKind.Public, 251, "subnet-0123456789abcdef0")],
        }))!;
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());

        var page = Open(ctx, record);

        Assert.Contains("left: vpc-0123456789abcdef0 (DependencyViolation)", page.Find("[data-testid=left-over]").TextContent);
        Assert.Equal("Retry teardown", page.Find("[data-testid=teardown]").TextContent.Trim());
        Assert.Contains("left behind", page.Find("[data-testid=map-vpc]").TextContent);
        Assert.Equal("Removed", page.Find("[data-testid=map-subnet]").GetAttribute("data-state"));
        Assert.NotNull(page.Find("[data-testid=console-link]")); // the VPC is still there
    }
}
