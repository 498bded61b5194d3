using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Portal.Tests.Auth;

namespace Portal.Tests.Orders;

/// <summary>The /orders page over HTTP: upload (admin + antiforgery), the load running in the background, health and search.</summary>
[Collection(OrdersPortal.Collection)]
public sealed class OrdersDashboardTests(OrdersPortal portal)
{
    private static readonly HtmlParser Parser = new();

    private static MultipartFormDataContent Upload(string fileName, string content, string? antiforgery)
    {
        var form = new MultipartFormDataContent();
        if (antiforgery is not null)
            form.Add(new StringContent(antiforgery), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", fileName);
        return form;
    }

    [Fact]
    public async Task An_admin_uploads_a_file_and_the_load_finishes_in_the_background_with_its_totals()
    {
        var id = "dash-" + Guid.NewGuid().ToString("N")[..8];
        var file = $"orderID,customer,currency,status,items\n{id}-1,Ada,EUR,paid,A-1:1:10.00\n{id}-2,Bob,EUR,pending,A-1:2:10.00\n{id}-1,Ada,EUR,shipped,A-1:1:10.00\n{id}-3,,EUR,paid,A-1:1:1\n";
        using var admin = await HttpSignIn.AsAsync(portal.Server, DemoUser.Admin);
        using var raw = admin.RawClient();

        var posted = await raw.PostAsync("/orders/upload", Upload("mixed.csv", file, await admin.AntiforgeryTokenAsync("/orders")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();
        Assert.StartsWith("/orders?job=load-", location);
        var jobId = Uri.UnescapeDataString(location["/orders?job=".Length..]);

        AngleSharp.Dom.IElement? row = null;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var fragment = Parser.ParseDocument(await admin.Client.GetStringAsync("/orders/fragments/jobs"));
            row = fragment.QuerySelector($"[data-job-id='{jobId}']");
            if (row?.QuerySelector("[data-testid=job-state]")?.TextContent is "Completed" or "Failed")
                break;
            await Task.Delay(250);
        }

        Assert.Equal("Completed", row!.QuerySelector("[data-testid=job-state]")!.TextContent);
        Assert.Equal(["4", "2", "1", "1"], new[] { "read", "inserted", "updated", "rejected" }
            .Select(t => row.QuerySelector($"[data-testid=job-{t}]")!.TextContent).ToArray());

        var detail = Parser.ParseDocument(await admin.Client.GetStringAsync($"/orders?q={id}-1"));
        Assert.Equal("shipped", detail.QuerySelector("[data-testid=order-status]")!.TextContent);
        Assert.Equal("2", detail.QuerySelector("[data-testid=order-version]")!.TextContent);

        var page = Parser.ParseDocument(await admin.Client.GetStringAsync("/orders?status=pending"));
        Assert.Contains(page.QuerySelectorAll("[data-testid=order-row] code"), c => c.TextContent == $"{id}-2");
        Assert.NotNull(page.QuerySelector("[data-testid=orders-chart] rect[data-orders]"));
        Assert.NotEqual("none yet", page.QuerySelector("[data-testid=last-order]")!.TextContent);
    }

    [Fact]
    public async Task Uploads_need_an_admin_the_antiforgery_token_and_an_order_file()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var viewerPage = Parser.ParseDocument(await viewer.Client.GetStringAsync("/orders"));
        Assert.Null(viewerPage.QuerySelector("[data-testid=upload-form]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsync("/orders/upload", Upload("a.csv", "x", null))).StatusCode);

        using var admin = await HttpSignIn.AsAsync(portal.Server, DemoUser.Admin);
        using var raw = admin.RawClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await raw.PostAsync("/orders/upload", Upload("a.csv", "x", null))).StatusCode);

        var wrongType = await raw.PostAsync("/orders/upload", Upload("orders.xlsx", "x", await admin.AntiforgeryTokenAsync("/orders")));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var shown = Parser.ParseDocument(await wrongType.Content.ReadAsStringAsync());
        Assert.Equal("Choose a .jsonl, .ndjson or .csv file (one order per line).", shown.QuerySelector("[data-testid=error-message]")!.TextContent);
        Assert.Equal("/orders", shown.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task An_upload_over_the_limit_gets_413_with_what_to_change()
    {
        using var admin = await HttpSignIn.AsAsync(portal.Server, DemoUser.Admin);
        using var raw = admin.RawClient();
        var token = await admin.AntiforgeryTokenAsync("/orders");

        var tooLarge = await raw.PostAsync("/orders/upload", Upload("big.csv", new string('x', 2 * 1024 * 1024), token));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        var shown = Parser.ParseDocument(await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal("The file is larger than 1 MB; split it.", shown.QuerySelector("[data-testid=error-message]")!.TextContent);
    }

    [Fact]
    public async Task No_text_from_the_url_is_shown_on_the_orders_page()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        const string bait = "Your session expired: call +1 555 0100 to restore it";

        var html = await viewer.Client.GetStringAsync("/orders?uploadError=" + Uri.EscapeDataString(bait) + "&job=" + Uri.EscapeDataString(bait));

        // As a reader sees it: the text of the page, whatever the HTML encoding.
        Assert.DoesNotContain("Your session expired", Parser.ParseDocument(html).Body!.TextContent);
    }

    [Fact]
    public async Task Search_says_when_an_order_is_unknown_and_bad_filters_are_explained()
    {
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        var missing = Parser.ParseDocument(await viewer.Client.GetStringAsync("/orders?q=nope"));
        Assert.NotNull(missing.QuerySelector("[data-testid=order-not-found]"));

        var bad = Parser.ParseDocument(await viewer.Client.GetStringAsync("/orders?status=lost&from=2026-13-01"));
        var errors = bad.QuerySelector("[data-testid=search-errors]")!.TextContent;
        Assert.Contains("From must be a date like 2026-11-21.", errors);
        Assert.Contains("status: must be one of", errors);
    }
}
