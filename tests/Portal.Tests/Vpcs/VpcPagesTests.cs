using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;
using Portal.Tests.Auth;

namespace Portal.Tests.Vpcs;

/// <summary>The VPC pages and form posts on the real portal (Kestrel, local stack, EC2 sandbox), signed in over HTTP.</summary>
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
    public async Task A_viewers_create_post_gets_403_and_creates_nothing()
    {
        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);
        var token = await viewer.AntiforgeryTokenAsync("/");
        var requestId = VpcBuilderInput.NewRequestId();

        var response = await viewer.Client.PostAsync("/vpcs", Form(token, requestId, "viewer-vpc")); // ends on the access-denied page

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await fixture.Records.GetAsync(requestId));
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
        var zones = adminBuilder.QuerySelectorAll("input[name=AvailabilityZones]").ToArray();
        Assert.True(zones.Length >= 2);
        Assert.Equal(2, zones.Count(z => z.HasAttribute("checked")));
        Assert.Equal(4, adminBuilder.QuerySelectorAll("[data-testid=plan-row]").Length);
    }

    [Fact]
    public async Task An_admins_invalid_post_shows_the_form_again_with_field_messages_and_creates_nothing()
    {
        using var admin = await AdminForm.OpenAsync(fixture.Server);
        var requestId = admin.RequestId;

        var response = await admin.CreateAsync("", cidr: "10.0.0.0/8", extra: [new("Tags[0].Key", "aws:team"), new("Tags[0].Value", "x")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("nav.navbar"));
        Assert.Contains("Enter a name", Message(page, "Name"));
        Assert.Contains("too large for a VPC", Message(page, "Cidr"));
        Assert.Contains("prefix AWS reserves", Message(page, "Tags[0].Key"));
        Assert.Equal("10.0.0.0/8", page.QuerySelector("input[name=Cidr]")!.GetAttribute("value"));
        Assert.Equal("aws:team", page.QuerySelector("input[name='Tags[0].Key']")!.GetAttribute("value"));
        Assert.NotEqual(requestId, page.QuerySelector("input[name=RequestId]")!.GetAttribute("value"));
        Assert.Null(await fixture.Records.GetAsync(requestId));
    }

    [Fact]
    public async Task A_create_whose_hand_typed_rows_belong_to_other_inputs_shows_the_new_plan_and_creates_nothing()
    {
        using var admin = await AdminForm.OpenAsync(fixture.Server);
        var requestId = admin.RequestId;

        var response = await admin.CreateAsync("stale", cidr: "10.7.0.0/16",
            extra: [new("PlannedFor", "10.0.0.0/16|us-east-1a,us-east-1b|1|1"), new("Subnets[0].Cidr", "10.0.250.0/24")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("nothing was created", page.QuerySelector("[data-testid=builder-notice]")!.TextContent);
        Assert.All(page.QuerySelectorAll("[data-testid=row-cidr]"), row => Assert.StartsWith("10.7.", row.GetAttribute("value")));
        Assert.Null(await fixture.Records.GetAsync(requestId));
    }

    [Fact]
    public async Task A_post_without_a_valid_antiforgery_token_is_refused()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        var requestId = VpcBuilderInput.NewRequestId();
        using var raw = admin.RawClient();

        var response = await raw.PostAsync("/vpcs", Form("not-a-token", requestId, "forged"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await fixture.Records.GetAsync(requestId));
    }

    [Fact]
    public async Task An_admins_valid_post_redirects_to_progress_and_the_vpc_succeeds_and_shows_on_its_pages()
    {
        using var admin = await AdminForm.OpenAsync(fixture.Server);
        var requestId = admin.RequestId;

        var response = await admin.CreateAsync("web-test", extra: [new("Tags[0].Key", "team"), new("Tags[0].Value", "net")]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/vpcs/{requestId}/progress", response.Headers.Location!.ToString());
        var record = await WaitForFinishAsync(requestId);
        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal("admin", record.RequestedBy);
        Assert.Equal(4, record.Subnets.Count);
        Assert.Equal([new VpcRequestTag("team", "net")], record.Tags);

        var progress = await PageAsync(admin.Session, $"/vpcs/{requestId}/progress");
        Assert.Equal("Succeeded", progress.QuerySelector("[data-testid=progress]")!.GetAttribute("data-status"));
        Assert.Equal($"/vpcs/{requestId}", progress.QuerySelector("[data-testid=open-vpc]")!.GetAttribute("href"));

        var detail = await PageAsync(admin.Session, $"/vpcs/{requestId}");
        Assert.StartsWith("vpc-", detail.QuerySelector("[data-testid=vpc-id]")!.TextContent);
        Assert.Equal(4, detail.QuerySelectorAll("[data-testid=subnet-row]").Length);
        Assert.All(detail.QuerySelectorAll("[data-testid=subnet-id]"), id => Assert.StartsWith("subnet-", id.TextContent));
        Assert.Equal(4, detail.QuerySelectorAll("[data-testid=diagram-subnet]").Length);
        Assert.NotNull(detail.QuerySelector("[data-testid=sandbox]"));

        var list = await PageAsync(admin.Session, "/vpcs");
        var row = list.QuerySelector($"[data-request-id='{requestId}']")!;
        Assert.Contains(record.VpcId!, row.TextContent);
        Assert.Contains("Succeeded", row.TextContent);
    }

    [Fact]
    public async Task Posting_the_same_form_twice_creates_one_record()
    {
        using var admin = await AdminForm.OpenAsync(fixture.Server);
        var requestId = admin.RequestId;

        var first = admin.CreateAsync("double-submit");
        var second = admin.CreateAsync("double-submit");
        var responses = await Task.WhenAll(first, second);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode));
        Assert.All(responses, r => Assert.Equal($"/vpcs/{requestId}/progress", r.Headers.Location!.ToString()));
        await WaitForFinishAsync(requestId);
        var records = await fixture.Records.ListRecentAsync(100);
        Assert.Single(records, r => r.Name == "double-submit");
    }

    [Fact]
    public async Task Preview_redirects_to_a_bookmarkable_page_that_keeps_a_hand_typed_row()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        var builder = await PageAsync(admin, "/vpcs/new");
        var token = builder.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var plannedFor = builder.QuerySelector("input[name=PlannedFor]")!.GetAttribute("value")!;
        using var raw = admin.RawClient();

        var response = await raw.PostAsync("/vpcs/preview", Form(token, VpcBuilderInput.NewRequestId(), "bookmark",
            extra: [new("PlannedFor", plannedFor), new("Subnets[3].Cidr", "10.0.200.0/24")]));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/vpcs/new?", location);
        Assert.DoesNotContain("RequestVerificationToken", location);
        var preview = await PageAsync(admin, location);
        Assert.Equal("bookmark", preview.QuerySelector("input[name=Name]")!.GetAttribute("value"));
        Assert.Equal("10.0.200.0/24", preview.QuerySelector("input[name='Subnets[3].Cidr']")!.GetAttribute("value"));
        Assert.Equal("251", preview.QuerySelectorAll("[data-testid=row-usable]")[3].TextContent.Trim());
        Assert.Empty(preview.QuerySelectorAll("[data-severity=error]"));
    }

    [Fact]
    public async Task The_progress_fragment_redirects_htmx_to_the_detail_page_once_succeeded_and_404s_for_unknown_ids()
    {
        using var admin = await AdminForm.OpenAsync(fixture.Server);
        var requestId = admin.RequestId;
        await admin.CreateAsync("fragment");
        await WaitForFinishAsync(requestId);

        using var htmx = new HttpRequestMessage(HttpMethod.Get, $"/vpcs/{requestId}/progress/panel") { Headers = { { "HX-Request", "true" } } };
        var fragment = await admin.Raw.SendAsync(htmx);

        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Equal($"/vpcs/{requestId}", fragment.Headers.GetValues("HX-Redirect").Single());
        Assert.DoesNotContain("<html", await fragment.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Raw.GetAsync($"/vpcs/{VpcBuilderInput.NewRequestId()}/progress/panel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Raw.GetAsync($"/vpcs/{VpcBuilderInput.NewRequestId()}")).StatusCode);
    }

    /// <summary>A signed-in admin with the builder's antiforgery token and a fresh request id, posting as the form does.</summary>
    private sealed class AdminForm : IDisposable
    {
        private string _token = "";

        public HttpSignIn Session { get; private init; } = null!;

        public HttpClient Raw { get; private init; } = null!;

        public string RequestId { get; } = VpcBuilderInput.NewRequestId();

        public static async Task<AdminForm> OpenAsync(PortalServer server)
        {
            var session = await HttpSignIn.AsAsync(server, DemoUser.Admin);
            return new AdminForm { Session = session, Raw = session.RawClient(), _token = await session.AntiforgeryTokenAsync("/vpcs/new") };
        }

        public Task<HttpResponseMessage> CreateAsync(string name, string cidr = "10.0.0.0/16", IEnumerable<KeyValuePair<string, string>>? extra = null) =>
            Raw.PostAsync("/vpcs", Form(_token, RequestId, name, cidr, extra));

        public void Dispose()
        {
            Raw.Dispose();
            Session.Dispose();
        }
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

    private static string Message(IDocument page, string field) =>
        string.Join(" ", page.QuerySelectorAll($"[data-testid=field-issue][data-field='{field}']").Select(m => m.TextContent));

    private static async Task<IDocument> PageAsync(HttpSignIn session, string path)
    {
        var response = await session.Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The builder's fields as a browser posts them, with two zones of the sandbox's default Region.</summary>
    private static FormUrlEncodedContent Form(string token, string requestId, string name, string cidr = "10.0.0.0/16",
        IEnumerable<KeyValuePair<string, string>>? extra = null) =>
        new(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token),
            new("RequestId", requestId),
            new("Name", name),
            new("Cidr", cidr),
            new("AvailabilityZones", "us-east-1a"),
            new("AvailabilityZones", "us-east-1b"),
            new("PublicSubnetsPerZone", "1"),
            new("PrivateSubnetsPerZone", "1"),
            new("EnableDnsSupport", "false"),
            new("EnableDnsSupport", "true"),
            new("EnableDnsHostnames", "false"),
            new("EnableDnsHostnames", "true"),
            new("CreateInternetGateway", "auto"),
        }.Concat(extra ?? []));
}
