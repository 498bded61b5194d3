using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Orders;
using Portal.Tests.Components;
using OrdersPage = Portal.Components.Pages.Orders.Orders;

namespace Portal.Tests.Orders;

/// <summary>/orders rendered by bunit over a real portal: search, the list, the chart, uploads and their loads.</summary>
public sealed class OrdersPageTests(OrdersPagePortal portal) : IClassFixture<OrdersPagePortal>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static string NewId() => "pg" + Guid.NewGuid().ToString("N")[..8];

    private static IReadOnlyList<string> ListedIds(IRenderedComponent<OrdersPage> page) =>
        page.FindAll("[data-testid=order-row]").Select(r => r.GetAttribute("data-order-id")!).ToList();

    /// <summary>The page once its first loads are in (before that, its buttons are the first render's).</summary>
    private static IRenderedComponent<OrdersPage> Loaded(PageContext ctx)
    {
        var page = ctx.Render<OrdersPage>();
        page.WaitForElement("[data-testid=orders-chart] svg", Patience);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=orders-table] .mud-table-loading-progress")), Patience);
        return page;
    }

    private static void Choose(IRenderedComponent<OrdersPage> page, string fileName, string content) =>
        page.FindComponents<InputFile>()[^1].UploadFiles(InputFileContent.CreateFromText(content, fileName));

    private static void Type(IRenderedComponent<OrdersPage> page, string testId, string text) =>
        page.Find($"input[data-testid={testId}]").Input(text);

    private string RefusalOfUploads => "Only members of portal-admins may upload order files. Nothing was changed.";

    [Fact]
    public async Task Search_by_order_id_prefix_lists_only_ids_starting_with_it_newest_update_first()
    {
        var p = NewId();
        await portal.SeedAsync(($"{p}-a-1", "Ada", "paid"), ($"{p}-a-2", "Bob", "pending"), ($"{p}-b-1", "Cy", "paid"), ($"x{p}-a", "Dee", "paid"));
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = Loaded(ctx);

        Type(page, "search-id", p);

        page.WaitForAssertion(() => Assert.Equal([$"{p}-b-1", $"{p}-a-2", $"{p}-a-1"], ListedIds(page)), Patience);
        Assert.Equal("Newest update first.", page.Find("[data-testid=orders-sort]").TextContent);
        Type(page, "search-id", $"{p}-a");
        page.WaitForAssertion(() => Assert.Equal([$"{p}-a-2", $"{p}-a-1"], ListedIds(page)), Patience);
    }

    [Fact]
    public async Task Search_by_customer_matches_part_of_the_name_in_any_case()
    {
        var p = NewId();
        await portal.SeedAsync(($"{p}-1", $"Zora Neale {p}", "paid"), ($"{p}-2", $"Zadie {p}", "paid"), ($"{p}-3", $"Zora Neale {p}", "shipped"));
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = Loaded(ctx);

        Type(page, "search-customer", $"zora neale {p.ToUpperInvariant()}");

        page.WaitForAssertion(() => Assert.Equal([$"{p}-3", $"{p}-1"], ListedIds(page)), Patience);
        page.FindAll("[data-testid=order-row]")[0].Click();
        // The order's details load after the click: wait for them rather than read at once (it failed once on a busy machine).
        page.WaitForAssertion(() => Assert.Equal($"Zora Neale {p}", page.Find("[data-testid=order-customer]").TextContent), Patience);
        Assert.Equal("10.00 EUR", page.Find("[data-testid=order-total]").TextContent);
        Assert.Equal("shipped", page.Find("[data-testid=order-status]").TextContent);
    }

    [Fact]
    public async Task Without_search_terms_every_order_is_listed_newest_update_first_and_a_too_long_term_is_explained_beside_its_field()
    {
        var p = NewId();
        await portal.SeedAsync(($"{p}-old", "Ada", "paid"), ($"{p}-mid", "Ada", "cancelled"), ($"{p}-new", "Ada", "pending"));
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());

        var page = Loaded(ctx);

        page.WaitForAssertion(() => Assert.Equal([$"{p}-new", $"{p}-mid", $"{p}-old"], ListedIds(page).Where(id => id.StartsWith(p)).ToList()), Patience);
        Type(page, "search-id", new string('x', OrderSearchQuery.MaxTermLength + 1));
        page.WaitForAssertion(() => Assert.Contains("Must be at most 100 characters.", page.Find("[data-testid=search-id]").Closest(".mud-input-control")!.TextContent), Patience);
        Assert.Equal("true", page.Find("[data-testid=search-id]").GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task An_admin_uploads_a_file_sees_it_arrive_and_the_load_job_is_pushed_until_it_completes_with_its_totals()
    {
        var id = NewId();
        var file = $"orderID,customer,currency,status,items\n{id}-1,Ada,EUR,paid,A-1:1:10.00\n{id}-2,Bob,EUR,pending,A-1:2:10.00\n{id}-1,Ada,EUR,shipped,A-1:1:10.00\n{id}-3,,EUR,paid,A-1:1:1\n";
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var page = Loaded(ctx);

        Choose(page, "mixed.csv", file);
        Assert.Contains("mixed.csv", page.Find("[data-testid=upload-chosen]").TextContent);
        page.Find("[data-testid=upload-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains(ctx.SnackbarMessages, m => m.StartsWith("mixed.csv is stored; load load-")), Patience);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("100", page.Find("[data-testid=upload-progress]").GetAttribute("data-percent"));
            Assert.Contains("queued", page.Find("[data-testid=upload-phase]").TextContent);
        }, Patience);
        var job = (await portal.Get<LoadJobStore>().RecentAsync(1)).Single();
        Assert.Equal(("mixed.csv", "admin"), (job.FileName, job.CreatedBy));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Completed", page.Find($"[data-testid=job-state][data-job-id='{job.JobId}']").TextContent);
            Assert.Equal(["4", "2", "1", "1"], new[] { "read", "inserted", "updated", "rejected" }
                .Select(t => page.Find($"[data-testid=job-{t}]").TextContent).ToArray());
        }, Patience);
        Assert.Contains("line 5:", page.Find("[data-testid=job-errors]").TextContent);
        Assert.Equal(2, (await portal.Get<OrderStore>().GetAsync($"{id}-1"))!.Version);
    }

    [Fact]
    public async Task A_csv_whose_header_is_wrong_fails_its_load_as_Failed_saying_what_to_fix()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var page = Loaded(ctx);

        Choose(page, "wrong-header.csv", "id,customer\no-1,Ada\n");
        page.Find("[data-testid=upload-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains(ctx.SnackbarMessages, m => m.StartsWith("wrong-header.csv is stored")), Patience);
        var job = (await portal.Get<LoadJobStore>().RecentAsync(1)).Single();
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Failed", page.Find($"[data-testid=job-state][data-job-id='{job.JobId}']").TextContent);
            Assert.Contains("header is wrong", page.Find("[data-testid=job-message]").TextContent);
        }, Patience);
        var failed = (await portal.Get<LoadJobStore>().GetAsync(job.JobId))!;
        Assert.Equal((LoadJobState.Failed, 0L), (failed.State, failed.Read));
        Assert.Contains("missing: orderID, currency, status, items", failed.Message);
    }

    [Theory]
    [InlineData("orders.xlsx", 10, "Choose a .jsonl, .ndjson or .csv file (one order per line).")]
    [InlineData("big.csv", OrdersPagePortal.MaxUploadBytes + 1, "The file is larger than 0 MB; split it.")]
    [InlineData("empty.jsonl", 0, "The file is empty.")]
    public async Task A_file_of_the_wrong_type_or_size_is_explained_beside_the_control_and_nothing_is_uploaded(string name, long size, string message)
    {
        var files = await portal.UploadedFilesAsync();
        var jobs = await portal.JobCountAsync();
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var page = Loaded(ctx);

        Choose(page, name, new string('x', (int)size));

        Assert.Equal(message, page.Find("[data-testid=upload-error]").TextContent);
        Assert.True(page.Find("[data-testid=upload-submit]").HasAttribute("disabled"));
        page.Find("[data-testid=upload-submit]").Click();
        Assert.Equal((files, jobs), (await portal.UploadedFilesAsync(), await portal.JobCountAsync()));
    }

    [Fact]
    public async Task A_viewer_behind_an_admins_page_is_refused_on_upload_and_nothing_is_uploaded()
    {
        var files = await portal.UploadedFilesAsync();
        var jobs = await portal.JobCountAsync();
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        var page = Loaded(ctx);
        Choose(page, "fine.csv", "orderID,customer,currency,status,items\nv-1,Ada,EUR,paid,A-1:1:1\n");
        ctx.ChangeUserBehindThePage(PageContext.Viewer());

        page.Find("[data-testid=upload-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains(RefusalOfUploads, ctx.SnackbarMessages), Patience);
        Assert.Empty(page.FindAll("[data-testid=upload-progress]"));
        Assert.Equal((files, jobs), (await portal.UploadedFilesAsync(), await portal.JobCountAsync()));
    }

    [Fact]
    public async Task A_viewer_sees_no_upload_control()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());

        var page = Loaded(ctx);

        Assert.Empty(page.FindAll("[data-testid=upload-submit]"));
        Assert.Contains("Only admins can upload order files.", page.Find("[data-testid=upload-card]").TextContent);
    }

    [Fact]
    public async Task No_text_from_the_url_is_shown_on_the_orders_page()
    {
        const string bait = "Your session expired: call +1 555 0100 to restore it";
        await using var ctx = new PageContext(portal.Server, PageContext.Admin());
        ctx.Services.GetRequiredService<NavigationManager>()
            .NavigateTo("/orders?uploadError=" + Uri.EscapeDataString(bait) + "&job=" + Uri.EscapeDataString(bait) + "&q=" + Uri.EscapeDataString(bait));

        var page = Loaded(ctx);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=orders-chart] svg")), Patience);
        Assert.DoesNotContain("session expired", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=upload-error]"));
    }

    [Fact]
    public async Task The_hourly_chart_has_an_orders_axis_with_whole_ticks_and_an_hour_axis_ending_with_this_hour()
    {
        var p = NewId();
        await portal.Get<IngestStats>().RecordAsync(DateTimeOffset.UtcNow, inserted: 7, updated: 0, rejected: 0);
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());

        var page = Loaded(ctx);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=orders-chart] rect[data-key]")), Patience);
        var chart = page.Find("[data-testid=orders-chart]");
        Assert.Equal(24, chart.QuerySelectorAll("rect[data-key]").Length);
        Assert.NotNull(chart.QuerySelector("[data-testid=x-axis]"));
        Assert.NotNull(chart.QuerySelector("[data-testid=y-axis]"));
        Assert.Equal(("Hour (UTC)", "New orders"), (chart.QuerySelector("[data-testid=x-title]")!.TextContent, chart.QuerySelector("[data-testid=y-title]")!.TextContent));
        var ticks = chart.QuerySelectorAll("[data-testid=y-tick]").Select(t => t.TextContent).ToList();
        Assert.Equal("0", ticks[0]);
        Assert.All(ticks, t => Assert.Matches(@"^\d+$", t));
        Assert.True(int.Parse(ticks[^1]) >= 7);
        var thisHour = DateTimeOffset.UtcNow.UtcDateTime.ToString("HH:00");
        Assert.Equal(thisHour, chart.QuerySelectorAll("[data-testid=x-label]")[^1].TextContent);
        Assert.True(double.Parse(chart.QuerySelectorAll("rect[data-key]")[^1].GetAttribute("data-value")!) >= 7);
        _ = p;
    }
}
