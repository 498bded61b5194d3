using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Tests.Components;

namespace Portal.Tests.Vpcs;

/// <summary>The VPC detail page (bunit) over records written straight to a portal's own table: tabs, what a deleted or
/// failed VPC shows, live updates, and the real not-found page for a missing record.</summary>
public sealed class VpcDetailTests(VpcDetailTests.Portal portal) : IClassFixture<VpcDetailTests.Portal>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public sealed class Portal : IAsyncLifetime
    {
        public PortalServer Server { get; private set; } = null!;

        public VpcRecordStore Store => Server.Services.GetRequiredService<VpcRecordStore>();

        public async Task InitializeAsync()
        {
            var suffix = Guid.NewGuid().ToString("N")[..8];
            Server = await PortalServer.StartAsync(new Dictionary<string, string?>
            {
                ["Portal:Aws:Tables:Vpcs"] = $"vpcs-detail-{suffix}",
                ["Portal:Aws:Tables:Ec2Sandbox"] = $"ec2-sandbox-detail-{suffix}",
            });
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    /// <summary>A two-zone VPC with an internet gateway, a public route table and four subnets, all made.</summary>
    private static VpcRecord Made(string name, VpcStatus status = VpcStatus.Succeeded) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Name = name,
        Cidr = "10.60.0.0/16",
        Status = status,
        RequestedBy = "admin",
        CreatedAt = DateTimeOffset.UtcNow.AddHours(-3),
        UpdatedAt = DateTimeOffset.UtcNow.AddHours(-3),
        Region = "us-east-1",
        CreateInternetGateway = true,
        VpcId = "vpc-0a1b2c3d4e5f60718",
        InternetGatewayId = "igw-0a1b2c3d4e5f60718",
        RouteTableId = "rtb-0a1b2c3d4e5f60718",
        Subnets =
        [
            new("public-a", "10.60.0.0/24", "us-east-1a", SubnetKind.Public, 251, "subnet-0000000000000000a"),
            new("private-a", "10.60.1.0/24", "us-east-1a", SubnetKind.Private, 251, "subnet-0000000000000000b"),
            new("public-b", "10.60.2.0/24", "us-east-1b", SubnetKind.Public, 251, "subnet-0000000000000000c"),
            new("private-b", "10.60.3.0/24", "us-east-1b", SubnetKind.Private, 251, "subnet-0000000000000000d"),
        ],
        Steps =
        [
            new(DateTimeOffset.UtcNow.AddHours(-3), "Submitted", StepOutcomes.Ok, "by admin"),
            new(DateTimeOffset.UtcNow.AddHours(-3), "CreateVpc", StepOutcomes.Ok, "vpc-0a1b2c3d4e5f60718"),
            new(DateTimeOffset.UtcNow.AddHours(-3), "Succeeded", StepOutcomes.Ok, null),
        ],
    };

    private async Task<IRenderedComponent<VpcDetail>> OpenAsync(PageContext ctx, VpcRecord record)
    {
        await portal.Store.CreateAsync(record);
        var page = ctx.Render<VpcDetail>(p => p.Add(d => d.RequestId, record.RequestId));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=resource-map]")), Wait);
        return page;
    }

    /// <summary>Finds and clicks in one step: the live page may re-render in between.</summary>
    private static Task ClickTabAsync(IRenderedComponent<VpcDetail> page, string text) =>
        page.InvokeAsync(() => page.FindAll(".mud-tab").Single(tab => tab.TextContent.StartsWith(text, StringComparison.Ordinal)).Click());

    [Fact]
    public async Task The_tabs_show_the_resource_map_the_timeline_and_the_raw_json_and_the_header_links_to_the_console()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var record = Made("tabs");
        var page = await OpenAsync(ctx, record);

        Assert.Equal("tabs", page.Find("h1").TextContent.Trim());
        Assert.Equal(["us-east-1a", "us-east-1b"], page.FindAll("[data-testid=map-zone]").Select(z => z.GetAttribute("data-zone")));
        Assert.Equal(4, page.FindAll("[data-testid=map-subnet][data-state=Exists]").Count);
        // The public route table, and the main one the private subnets use (they have no table of their own).
        Assert.Equal(["igw", "rtb:main", "rtb:public"], page.FindAll("[data-testid=map-resource]").Select(r => r.GetAttribute("data-key")).Order(StringComparer.Ordinal));
        Assert.Equal(4, page.FindAll("[data-testid=subnet-row]").Count);
        Assert.Equal("https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#VpcDetails:VpcId=vpc-0a1b2c3d4e5f60718",
            page.Find("[data-testid=console-link]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=teardown]")); // a viewer's page has no teardown

        await ClickTabAsync(page, "Timeline");
        page.WaitForAssertion(() => Assert.Equal(["Submitted", "CreateVpc", "Succeeded"],
            page.FindAll("[data-testid=timeline-step] strong").Select(s => s.TextContent)), Wait);

        await ClickTabAsync(page, "Raw JSON");
        page.WaitForAssertion(() =>
        {
            var json = JsonDocument.Parse(page.Find("[data-testid=raw-record]").TextContent).RootElement;
            Assert.Equal(record.RequestId, json.GetProperty("requestId").GetString());
            Assert.Equal("Succeeded", json.GetProperty("status").GetString());
        }, Wait);
    }

    [Fact]
    public async Task A_deleted_vpc_has_no_console_link_and_no_teardown_and_its_resources_show_as_removed()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var record = Made("gone", VpcStatus.Deleted) with { DeletedBy = "alice", DeletedAt = DateTimeOffset.UtcNow.AddMinutes(-5), RollbackOutcome = "complete" };
        var page = await OpenAsync(ctx, record);

        Assert.Empty(page.FindAll("[data-testid=console-link]"));
        Assert.Empty(page.FindAll("[data-testid=teardown]"));
        Assert.StartsWith("Torn down by alice, 5 minutes ago", page.Find("[data-testid=deleted-by]").TextContent.Trim());
        Assert.Equal(4, page.FindAll("[data-testid=map-subnet][data-state=Removed]").Count);
        Assert.Equal("Deleted", page.Find("[data-testid=status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task A_failed_vpc_shows_only_the_subnet_it_made_and_says_the_rest_were_never_made()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var made = Made("half-made", VpcStatus.Failed);
        var record = made with
        {
            InternetGatewayId = null,
            RouteTableId = null,
            ErrorCode = "InsufficientFreeAddressesInSubnet",
            ErrorMessage = "no room",
            RollbackOutcome = "complete",
            Subnets = [made.Subnets[0], .. made.Subnets.Skip(1).Select(s => s with { SubnetId = null })],
        };
        var page = await OpenAsync(ctx, record);

        var subnet = Assert.Single(page.FindAll("[data-testid=map-subnet]"));
        Assert.Equal("10.60.0.0/24", subnet.GetAttribute("data-cidr"));
        Assert.Equal("Removed", subnet.GetAttribute("data-state"));
        Assert.Single(page.FindAll("[data-testid=subnet-row]"));
        Assert.Empty(page.FindAll("[data-testid=map-resource]")); // no gateway or route table it never made
        Assert.Contains("3 of the 4 planned subnets were never made", page.Find("[data-testid=never-made]").TextContent);
        Assert.Contains("InsufficientFreeAddressesInSubnet", page.Find("[data-testid=failure]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=console-link]")); // the rollback removed the VPC
        Assert.Empty(page.FindAll("[data-testid=teardown]")); // nothing left to tear down
    }

    [Fact]
    public async Task A_failed_vpc_whose_rollback_left_the_vpc_links_to_it_and_offers_a_teardown_to_admins()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var record = Made("stuck", VpcStatus.Failed) with { RollbackOutcome = "left: vpc-0a1b2c3d4e5f60718 (DependencyViolation)", ErrorCode = "VpcLimitExceeded" };
        var page = await OpenAsync(ctx, record);

        Assert.NotNull(page.Find("[data-testid=console-link]"));
        Assert.Equal("Tear down", page.Find("[data-testid=teardown]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=map-vpc]"));
        Assert.Contains("left behind", page.Find("[data-testid=map-vpc]").TextContent);
    }

    [Fact]
    public async Task A_running_request_is_followed_live_until_it_has_finished()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var running = Made("live", VpcStatus.InProgress) with
        {
            Subnets = [.. Made("live").Subnets.Select((s, i) => i < 2 ? s : s with { SubnetId = null })],
            Steps = [],
        };
        var page = await OpenAsync(ctx, running);
        Assert.Equal(2, page.FindAll("[data-testid=map-subnet][data-state=Planned]").Count);
        Assert.Equal($"/vpcs/{running.RequestId}/progress", page.Find("[data-testid=follow-progress]").GetAttribute("href"));

        var saved = await portal.Store.GetAsync(running.RequestId);
        await portal.Store.SaveAsync(Made("live") with { RequestId = running.RequestId, Version = saved!.Version });

        page.WaitForAssertion(() => Assert.Equal("Succeeded", page.Find("[data-testid=status]").GetAttribute("data-status")), Wait);
        Assert.Equal(4, page.FindAll("[data-testid=map-subnet][data-state=Exists]").Count);
        Assert.Empty(page.FindAll("[data-testid=follow-progress]"));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")] // well formed, unknown
    [InlineData("not-a-request-id")]
    public async Task A_missing_record_shows_the_routers_not_found_page(string requestId)
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var notFound = false;
        ctx.Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound = true;

        var page = ctx.Render<VpcDetail>(p => p.Add(d => d.RequestId, requestId));

        page.WaitForAssertion(() => Assert.True(notFound), Wait);
        Assert.Empty(page.FindAll("h1"));
    }
}
