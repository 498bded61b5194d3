using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Vpcs;
using Portal.Tests.Auth;

namespace Portal.Tests.Records;

/// <summary>/api/vpcs over the seeded table (filters, paging, tokens, exports) and the old /records addresses.</summary>
[Collection(RecordsPortal.Collection)]
public sealed class RecordsBrowsingTests(RecordsPortal portal)
{
    // Succeeded (i % 3 != 0), alice (even), "Payroll" (i % 5 != 0) and "pay" in any case: 40 of 150.
    private const string Filters = "status=Succeeded&creator=alice&q=PAY";

    private IReadOnlyList<string> FilteredIds => portal.Expected(r =>
        r.Status == VpcStatus.Succeeded && r.RequestedBy == "alice" && r.Name.Contains("pay", StringComparison.OrdinalIgnoreCase));

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
    public async Task A_tampered_page_token_is_a_400_with_the_reason()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var first = await viewer.Client.GetFromJsonAsync<JsonElement>($"/api/vpcs?{Filters}");
        var token = first.GetProperty("nextToken").GetString()!;
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        using var raw = viewer.RawClient();

        var api = await raw.GetAsync($"/api/vpcs?{Filters}&page={Uri.EscapeDataString(tampered)}");
        var otherFilters = await raw.GetAsync($"/api/vpcs?status=Succeeded&creator=bob&q=PAY&page={Uri.EscapeDataString(token)}");

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

        var size = await raw.GetAsync("/api/vpcs?size=7");
        var api = await raw.GetAsync("/api/vpcs?status=Exploded");
        var sort = await raw.GetAsync("/api/vpcs?sort=sideways");

        Assert.Equal(HttpStatusCode.BadRequest, size.StatusCode);
        Assert.Contains("size '7' is not a page size; use 25, 50, 100.", await size.Content.ReadAsStringAsync());
        Assert.Contains("sort 'sideways' is not an order; use newest or oldest.", await sort.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("status 'Exploded' is not a VPC status", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Exports_hold_as_many_records_as_the_filter_matches()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var csvLink = "/api/vpcs/export.csv?" + Filters;
        var jsonLink = "/api/vpcs/export.json?" + Filters;

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
    public async Task Old_records_links_redirect_to_the_vpcs_pages_with_their_filters()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        using var raw = viewer.RawClient();
        var record = portal.Seeds[3];

        var list = await raw.GetAsync("/records?" + Filters);
        var detail = await raw.GetAsync($"/records/{record.RequestId}");

        Assert.Equal(HttpStatusCode.MovedPermanently, list.StatusCode);
        Assert.Equal("/vpcs?" + Filters, list.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.MovedPermanently, detail.StatusCode);
        Assert.Equal($"/vpcs/{record.RequestId}", detail.Headers.Location!.OriginalString);
    }
}
