using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;
using Portal.Tests.Auth;

namespace Portal.Tests.Vpcs;

/// <summary>The VPC pages on the real portal (Kestrel, local stack, EC2 sandbox), signed in over HTTP.</summary>
public sealed class VpcPagesTests(VpcPagesTests.Portal fixture) : IClassFixture<VpcPagesTests.Portal>
{
    private static readonly HtmlParser Parser = new();

    /// <summary>One portal for the class, on tables of its own, so records and sandbox VPCs of other tests do not show.</summary>
    public sealed class Portal : IAsyncLifetime
    {
        public PortalServer Server { get; private set; } = null!;

        public VpcRecordStore Records => Server.Services.GetRequiredService<VpcRecordStore>();

        public async Task InitializeAsync()
        {
            var suffix = Guid.NewGuid().ToString("N")[..8];
            Server = await PortalServer.StartAsync(new Dictionary<string, string?>
            {
                ["Portal:Aws:Tables:Vpcs"] = $"vpcs-ui-{suffix}",
                ["Portal:Aws:Tables:Ec2Sandbox"] = $"ec2-sandbox-ui-{suffix}",
            });
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    [Fact]
    public async Task A_viewer_sees_no_new_vpc_button_and_a_builder_without_create_an_admin_sees_both()
    {
        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        var viewerList = await PageAsync(viewer, "/vpcs");
        var adminList = await PageAsync(admin, "/vpcs");
        var viewerBuilder = await PageAsync(viewer, "/vpcs/new");
        var adminBuilder = await PageAsync(admin, "/vpcs/new");

        Assert.Null(viewerList.QuerySelector("[data-testid=new-vpc]"));
        Assert.Equal("/vpcs/new", adminList.QuerySelector("[data-testid=new-vpc]")!.GetAttribute("href"));
        Assert.Null(viewerBuilder.QuerySelector("[data-testid=create]"));
        Assert.NotNull(adminBuilder.QuerySelector("[data-testid=create]"));
        Assert.NotNull(adminBuilder.QuerySelector("[data-testid=sandbox-note]"));

        // The zones come from DescribeAvailabilityZones (the sandbox's Region), the first two ticked.
        var zones = adminBuilder.QuerySelectorAll("input[data-testid=zone]").ToArray();
        Assert.True(zones.Length >= 2);
        Assert.Equal(2, zones.Count(z => z.HasAttribute("checked")));
        Assert.Equal(4, adminBuilder.QuerySelectorAll("[data-testid=plan-row]").Length);
    }

    [Fact]
    public async Task An_admins_created_vpc_succeeds_and_shows_on_its_pages()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        var requestId = VpcRequestIds.New();
        var drafts = fixture.Server.Services.GetRequiredService<VpcDrafts>();
        var zones = await drafts.ZonesAsync();
        await drafts.CreateAsync(VpcDraft.Fresh(zones) with { Name = "web-test", Tags = [new("team", "net")] }, zones, requestId, "admin");
        var record = await WaitForFinishAsync(requestId);
        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal("admin", record.RequestedBy);
        Assert.Equal(4, record.Subnets.Count);
        Assert.Equal([new VpcRequestTag("team", "net")], record.Tags);

        var progress = await PageAsync(admin, $"/vpcs/{requestId}/progress");
        Assert.Equal("Succeeded", progress.QuerySelector("[data-testid=progress]")!.GetAttribute("data-status"));
        Assert.Equal($"/vpcs/{requestId}", progress.QuerySelector("[data-testid=open-vpc]")!.GetAttribute("href"));

        var detail = await PageAsync(admin, $"/vpcs/{requestId}");
        Assert.StartsWith("vpc-", detail.QuerySelector("[data-testid=vpc-id]")!.TextContent);
        Assert.Equal(4, detail.QuerySelectorAll("[data-testid=subnet-row]").Length);
        Assert.All(detail.QuerySelectorAll("[data-testid=subnet-id]"), id => Assert.StartsWith("subnet-", id.TextContent));
        Assert.Equal(4, detail.QuerySelectorAll("[data-testid=diagram-subnet]").Length);
        Assert.NotNull(detail.QuerySelector("[data-testid=sandbox]"));

        var list = await PageAsync(admin, "/vpcs");
        var row = list.QuerySelector($"[data-request-id='{requestId}']")!;
        Assert.Contains(record.VpcId!, row.TextContent);
        Assert.Contains("Succeeded", row.TextContent);
    }

    [Fact]
    public async Task Unknown_request_ids_get_the_not_found_page()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/vpcs/{VpcRequestIds.New()}/progress")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/vpcs/{VpcRequestIds.New()}")).StatusCode);
    }

    private async Task<VpcRecord> WaitForFinishAsync(string requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var record = await fixture.Records.GetAsync(requestId);
            if (record?.IsFinished == true)
                return record;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"VPC request {requestId} did not finish: {record?.Status}");
            await Task.Delay(100);
        }
    }

    private static async Task<IDocument> PageAsync(HttpSignIn session, string path)
    {
        var response = await session.Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }
}
