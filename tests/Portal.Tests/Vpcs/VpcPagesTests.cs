using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Records;
using Portal.Core.Vpcs;
using Portal.Tests.Components;
using Portal.Tests.Records;
using VpcsPage = Portal.Components.Pages.Vpcs.Vpcs;

namespace Portal.Tests.Vpcs;

/// <summary>
/// The VPCs list (bunit) over a portal of its own with the 150 seeded records of <see cref="RecordsPortal"/>
/// (50 Failed, 100 Succeeded; alice even, bob odd; "net-i" every fifth, else "Payroll-i"): paging over cursors,
/// the total from the counter, search, status chips, creator prefix and order.
/// </summary>
public sealed class VpcPagesTests(RecordsPortal portal) : IClassFixture<RecordsPortal>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IReadOnlyList<string> Newest(Func<VpcRecord, bool> match, int skip = 0) =>
        portal.Expected(match).Skip(skip).Take(RecordListQuery.DefaultPageSize).ToList();

    private static IReadOnlyList<string> Rows(IRenderedComponent<VpcsPage> page) =>
        page.FindAll("[data-testid=vpc-row]").Select(row => row.GetAttribute("data-request-id")!).ToList();

    private void ShowsRows(IRenderedComponent<VpcsPage> page, IReadOnlyList<string> expected) =>
        page.WaitForAssertion(() => Assert.Equal(Seeds(expected), Seeds(Rows(page))), Wait);

    /// <summary>Seed numbers instead of request ids, so a failure reads as "Payroll-149, ..." rather than GUIDs.</summary>
    private IReadOnlyList<string> Seeds(IEnumerable<string> requestIds) =>
        requestIds.Select(id => portal.Seeds.FirstOrDefault(s => s.RequestId == id)?.Name ?? id).ToList();

    private static string Text(IRenderedComponent<VpcsPage> page, string testId) => page.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public async Task Next_and_previous_walk_the_cursor_stack_with_the_range_from_the_counter()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = ctx.Render<VpcsPage>();

        ShowsRows(page, Newest(_ => true));
        Assert.Equal("1–25 of 150", Text(page, "range"));
        Assert.True(page.Find("[data-testid=previous-page]").HasAttribute("disabled"));

        page.Find("[data-testid=next-page]").Click();
        ShowsRows(page, Newest(_ => true, skip: 25));
        page.Find("[data-testid=next-page]").Click();
        ShowsRows(page, Newest(_ => true, skip: 50));
        Assert.Equal("51–75 of 150", Text(page, "range"));

        page.Find("[data-testid=previous-page]").Click();
        ShowsRows(page, Newest(_ => true, skip: 25));
        page.Find("[data-testid=previous-page]").Click();
        ShowsRows(page, Newest(_ => true));
        Assert.True(page.Find("[data-testid=previous-page]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task The_last_page_has_no_next_and_the_created_header_turns_the_order_to_oldest_first()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = ctx.Render<VpcsPage>();
        ShowsRows(page, Newest(_ => true));

        page.Find("[data-testid=sort-created]").Click();

        var oldest = portal.Expected(_ => true).Reverse().ToList();
        ShowsRows(page, oldest.Take(25).ToList());
        for (var i = 1; i < 6; i++)
        {
            page.Find("[data-testid=next-page]").Click();
            ShowsRows(page, oldest.Skip(25 * i).Take(25).ToList());
        }

        Assert.True(page.Find("[data-testid=next-page]").HasAttribute("disabled"));
        Assert.Equal("126–150 of 150", Text(page, "range"));
    }

    [Fact]
    public async Task The_total_and_the_chip_counts_come_from_the_maintained_counter_not_a_count_of_the_table()
    {
        // Move the counter away from the table's truth: a page that counted records would still say 150.
        var counter = portal.Store.Counter;
        var before = await counter.ReadAsync();
        await counter.CountCreatedAsync(VpcStatus.Deleted);
        try
        {
            await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
            var page = ctx.Render<VpcsPage>();

            page.WaitForAssertion(() => Assert.Equal("1–25 of 151", Text(page, "range")), Wait);
            Assert.Equal("All (151)", Text(page, "chip-any"));
            Assert.Equal("Failed (50)", Text(page, "chip-Failed"));
            Assert.Equal("Succeeded (100)", Text(page, "chip-Succeeded"));
            Assert.Equal("Deleted (1)", Text(page, "chip-Deleted"));
        }
        finally
        {
            Assert.Equal(before, await counter.RecountAsync(), RecordCountsComparer.Instance); // and the recount repairs it
        }
    }

    [Fact]
    public async Task Search_as_you_type_finds_names_vpc_ids_and_cidrs_ignoring_case()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = ctx.Render<VpcsPage>();
        ShowsRows(page, Newest(_ => true));

        page.Find("input[data-testid=search]").Input("NET-1");

        var filter = new RecordFilter(Text: "NET-1");
        Assert.Equal(12, portal.Expected(filter.Matches).Count); // net-10, net-15, net-100 ... net-145
        ShowsRows(page, Newest(filter.Matches));
        Assert.Equal("Page 1 of the matches (1–12) · 150 VPCs in all", Text(page, "range"));

        page.Find("input[data-testid=search]").Input(portal.Seeds[7].VpcId!.ToUpperInvariant());
        ShowsRows(page, [portal.Seeds[7].RequestId]);

        page.Find("input[data-testid=search]").Input("no-such-vpc");
        page.WaitForAssertion(() => Assert.Equal("No VPC matches these filters.", Text(page, "no-vpcs")), Wait);
    }

    [Fact]
    public async Task A_status_chip_filters_and_its_total_is_that_status_count()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = ctx.Render<VpcsPage>();
        ShowsRows(page, Newest(_ => true));

        page.Find("[data-testid=chip-Failed]").Click();

        ShowsRows(page, Newest(r => r.Status == VpcStatus.Failed));
        Assert.Equal("1–25 of 50", Text(page, "range"));
        page.Find("[data-testid=next-page]").Click();
        ShowsRows(page, Newest(r => r.Status == VpcStatus.Failed, skip: 25));
        Assert.True(page.Find("[data-testid=next-page]").HasAttribute("disabled"));

        page.Find("[data-testid=chip-any]").Click();
        ShowsRows(page, Newest(_ => true));
    }

    [Fact]
    public async Task The_creator_field_matches_the_start_of_a_user_name_combined_with_the_status()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = ctx.Render<VpcsPage>();
        ShowsRows(page, Newest(_ => true));

        page.Find("input[data-testid=creator]").Input("al");
        ShowsRows(page, Newest(r => r.RequestedBy == "alice"));

        page.Find("[data-testid=chip-Succeeded]").Click();
        ShowsRows(page, Newest(r => r.RequestedBy == "alice" && r.Status == VpcStatus.Succeeded));
        Assert.Contains("creator=al", page.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.Contains("status=Succeeded", page.Find("[data-testid=export-csv]").GetAttribute("href"));

        page.Find("input[data-testid=creator]").Input("lice"); // a prefix, not a substring
        page.WaitForAssertion(() => Assert.Empty(Rows(page)), Wait);
    }

    [Fact]
    public async Task Rows_link_to_the_detail_with_a_copy_button_on_the_vpc_id_and_only_admins_get_new_vpc()
    {
        await using var viewerCtx = new PageContext(portal.Server, PageContext.Viewer());
        await using var adminCtx = new PageContext(portal.Server, PageContext.Admin());
        var viewer = viewerCtx.Render<VpcsPage>();
        var admin = adminCtx.Render<VpcsPage>();
        var newest = portal.Seeds[149];

        ShowsRows(viewer, Newest(_ => true));
        Assert.Equal($"/vpcs/{newest.RequestId}", viewer.Find("[data-testid=vpc-row]").GetAttribute("href"));
        Assert.Equal(newest.VpcId, viewer.Find("[data-testid=copy]").GetAttribute("data-copy"));
        Assert.Empty(viewer.FindAll("[data-testid=new-vpc]"));
        admin.WaitForAssertion(() => Assert.Equal("/vpcs/new", admin.Find("[data-testid=new-vpc]").GetAttribute("href")), Wait);
    }

    [Fact]
    public async Task Filters_in_the_address_of_an_old_records_link_apply_on_arrival()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/vpcs?status=Failed&creator=bob&q=payroll");

        var page = ctx.Render<VpcsPage>();

        ShowsRows(page, Newest(r => r.Status == VpcStatus.Failed && r.RequestedBy == "bob" && r.Name.StartsWith("Payroll", StringComparison.Ordinal)));
        Assert.Equal("payroll", page.Find("input[data-testid=search]").GetAttribute("value"));
    }
}

/// <summary>Counts compared by value (the per-status dictionary by its entries).</summary>
internal sealed class RecordCountsComparer : IEqualityComparer<RecordCounts>
{
    public static RecordCountsComparer Instance { get; } = new();

    public bool Equals(RecordCounts? x, RecordCounts? y) =>
        x is not null && y is not null && x.Total == y.Total && x.ByStatus.OrderBy(p => p.Key).SequenceEqual(y.ByStatus.OrderBy(p => p.Key));

    public int GetHashCode(RecordCounts obj) => obj.Total.GetHashCode();
}
