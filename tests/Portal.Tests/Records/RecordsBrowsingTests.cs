using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Portal.Core.Vpcs;
using Portal.Tests.Auth;

namespace Portal.Tests.Records;

/// <summary>/records and /api/vpcs over the seeded table: filters, paging, tokens, exports.</summary>
[Collection(RecordsPortal.Collection)]
public sealed class RecordsBrowsingTests(RecordsPortal portal)
{
    private static readonly HtmlParser Parser = new();

    // Succeeded (i % 3 != 0), alice (even), "Payroll" (i % 5 != 0) and "pay" in any case: 40 of 150.
    private const string Filters = "status=Succeeded&creator=alice&q=PAY";

    private IReadOnlyList<string> FilteredIds => portal.Expected(r =>
        r.Status == VpcStatus.Succeeded && r.RequestedBy == "alice" && r.Name.Contains("pay", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task The_page_pages_across_the_boundary_with_filters_combined_and_every_view_is_a_link()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        Assert.Equal(40, FilteredIds.Count);

        var seen = new List<string>();
        var sizes = new List<int>();
        var next = "/records?" + Filters;
        while (next is not null)
        {
            var page = Parser.ParseDocument(await viewer.Client.GetStringAsync(next));
            var rows = page.QuerySelectorAll("[data-testid=record-row]").Select(r => r.GetAttribute("data-request-id")!).ToList();
            sizes.Add(rows.Count);
            seen.AddRange(rows);
            Assert.Equal("Succeeded", page.QuerySelector("#status option[selected]")!.GetAttribute("value"));
            Assert.Equal("PAY", page.QuerySelector("#q")!.GetAttribute("value"));
            next = page.QuerySelector("[data-testid=next-page]")?.GetAttribute("href");
            Assert.True(sizes.Count < 5);
        }

        Assert.Equal([25, 15], sizes);
        Assert.Equal(FilteredIds, seen);
    }

    [Fact]
    public async Task The_api_pages_the_same_way_and_larger_pages_need_fewer()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        foreach (var (size, expectedSizes) in new[] { (25, new[] { 25, 15 }), (50, new[] { 40 }) })
        {
            var seen = new List<string>();
            var sizes = new List<int>();
            string? next = $"/api/vpcs?{Filters}&size={size}";
            while (next is not null)
            {
                var body = await viewer.Client.GetFromJsonAsync<JsonElement>(next);
                var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("requestId").GetString()!).ToList();
                sizes.Add(items.Count);
                seen.AddRange(items);
                next = body.GetProperty("next").GetString();
            }

            Assert.Equal(expectedSizes, sizes);
            Assert.Equal(FilteredIds, seen);
        }
    }

    [Fact]
    public async Task A_tampered_page_token_is_a_400_with_the_reason_on_the_page_and_the_api()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var first = await viewer.Client.GetFromJsonAsync<JsonElement>($"/api/vpcs?{Filters}");
        var token = first.GetProperty("nextToken").GetString()!;
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        using var raw = viewer.RawClient();

        var page = await raw.GetAsync($"/records?{Filters}&page={Uri.EscapeDataString(tampered)}");
        var api = await raw.GetAsync($"/api/vpcs?{Filters}&page={Uri.EscapeDataString(tampered)}");
        var otherFilters = await raw.GetAsync($"/api/vpcs?status=Succeeded&creator=bob&q=PAY&page={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = Parser.ParseDocument(await page.Content.ReadAsStringAsync());
        Assert.Contains("The page token was modified or comes from another portal: start again from the first page.",
            html.QuerySelector("[data-testid=records-error]")!.TextContent);
        Assert.Empty(html.QuerySelectorAll("[data-testid=record-row]"));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("The page token was modified or comes from another portal: start again from the first page.",
            (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, otherFilters.StatusCode);
        Assert.Contains("belongs to other filters", await otherFilters.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_filter_value_is_a_400_that_says_what_to_use()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        using var raw = viewer.RawClient();

        var page = await raw.GetAsync("/records?size=7");
        var api = await raw.GetAsync("/api/vpcs?status=Exploded");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("size '7' is not a page size; use 25, 50, 100.",
            Parser.ParseDocument(await page.Content.ReadAsStringAsync()).QuerySelector("[data-testid=records-error]")!.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("status 'Exploded' is not a VPC status", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Exports_hold_as_many_records_as_the_filter_matches()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var list = Parser.ParseDocument(await viewer.Client.GetStringAsync("/records?" + Filters));
        var csvLink = list.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!;
        var jsonLink = list.QuerySelector("[data-testid=export-json]")!.GetAttribute("href")!;

        var csv = await viewer.Client.GetAsync(csvLink);
        var json = await viewer.Client.GetAsync(jsonLink);
        var all = await viewer.Client.GetStringAsync("/api/vpcs/export.csv");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("requestId,name,vpcId,cidr,subnetCount,", rows[0]);
        Assert.Equal(FilteredIds, rows[1..].Select(r => r.Split(',')[0]));
        var items = (await json.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(FilteredIds, items.Select(i => i.GetProperty("requestId").GetString()));
        Assert.True(all.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1 >= RecordsPortal.Seeded);
    }

    [Fact]
    public async Task A_row_shows_subnet_count_zones_and_links_to_a_detail_with_raw_json_and_console_link()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var record = portal.Seeds[149];
        var list = Parser.ParseDocument(await viewer.Client.GetStringAsync("/records?q=" + record.VpcId));
        var row = list.QuerySelector($"[data-request-id='{record.RequestId}']")!;
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();

        Assert.Equal([record.Name, record.VpcId!, record.Cidr, "1", "us-east-1a", "Succeeded", "bob"], cells[..7]);
        var detail = Parser.ParseDocument(await viewer.Client.GetStringAsync(row.QuerySelector("a")!.GetAttribute("href")!));
        Assert.Equal(record.Name, detail.QuerySelector("[data-testid=vpc-name]")!.TextContent);
        Assert.Single(detail.QuerySelectorAll("[data-testid=subnet-row]"));
        Assert.Equal(record.RequestId, JsonDocument.Parse(detail.QuerySelector("[data-testid=raw-record]")!.TextContent).RootElement.GetProperty("requestId").GetString());
        Assert.Equal($"https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#VpcDetails:VpcId={record.VpcId}",
            detail.QuerySelector("[data-testid=console-link]")!.GetAttribute("href"));
        Assert.NotNull(detail.QuerySelector("[data-testid=admins-only]"));
        Assert.Null(detail.QuerySelector("[data-testid=teardown-form]"));
    }
}
