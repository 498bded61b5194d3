using Amazon.S3;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokensPage = Portal.Components.Pages.Tokens.Tokens;
using Portal.Core.Tokens;
using Portal.Tests.Components;

namespace Portal.Tests.Tokens;

/// <summary>/tokens rendered by bunit over a real portal (token endpoint, S3, DynamoDB on the local stack).</summary>
public sealed class TokenPageTests(TokenPortal fixture) : IClassFixture<TokenPortal>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TokenRunHistory History => fixture.Server.Services.GetRequiredService<TokenRunHistory>();

    private async Task<int> RunCountAsync() => (await History.PageAsync(TokenRunHistory.MaxPageSize)).Runs.Count;

    private async Task<string?> StoredTokenAsync()
    {
        var options = fixture.Server.Services.GetRequiredService<IOptions<TokenRefreshOptions>>().Value;
        try
        {
            using var response = await fixture.Server.Services.GetRequiredService<IAmazonS3>().GetObjectAsync(options.Bucket, options.ObjectKey);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The page once its first load is in (before that, its buttons are the first render's).</summary>
    private static IRenderedComponent<TokensPage> Loaded(PageContext ctx)
    {
        var page = ctx.Render<TokensPage>();
        page.WaitForElement("[data-testid=token-status]", Patience);
        return page;
    }

    private Task<TokenRun> RunAsync() =>
        fixture.Server.Services.GetRequiredService<TokenCollector>().RunAsync(TokenRunTrigger.Manual, "test");

    [Fact]
    public async Task An_admin_presses_refresh_now_the_button_spins_disabled_until_the_run_ends_then_a_snackbar_tells_the_outcome()
    {
        await using var ctx = new PageContext(fixture.Server, PageContext.Admin());
        var page = Loaded(ctx);
        var before = await RunCountAsync();
        var release = fixture.Endpoint.Hold();

        try
        {
            page.Find("[data-testid=refresh-now]").Click();

            page.WaitForAssertion(() =>
            {
                Assert.True(page.Find("[data-testid=refresh-now]").HasAttribute("disabled"));
                Assert.NotNull(page.Find("[data-testid=refresh-spinner]"));
            }, Patience);
            Assert.Equal(before, await RunCountAsync());
        }
        finally
        {
            release();
        }

        page.WaitForAssertion(() => Assert.Contains(ctx.SnackbarMessages, m => m.Contains("succeeded") && m.Contains("stored")), Patience);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=refresh-now]").HasAttribute("disabled")), Patience);
        Assert.Empty(page.FindAll("[data-testid=refresh-spinner]"));
        var run = (await History.PageAsync(1)).Runs.Single();
        Assert.Equal(before + 1, await RunCountAsync());
        Assert.True(run.Succeeded, run.ErrorReason);
        Assert.Equal(("admin", TokenRunTrigger.Manual), (run.TriggeredBy, run.Trigger));

        // The page shows the new run and the token's fingerprint, never the token.
        page.WaitForAssertion(() => Assert.Equal("Valid", page.Find("[data-testid=token-state]").TextContent.Trim()), Patience);
        Assert.NotNull(page.Find($"[data-testid=run-history] [data-run-id='{run.RunId}']"));
        Assert.NotNull(page.Find($"[data-testid=duration-chart] rect[data-key='{run.RunId}']"));
        var stored = (await StoredTokenAsync())!;
        Assert.Equal("sha256:" + TokenFingerprint.Of(stored).Sha256Prefix, page.Find("[data-testid=token-fingerprint]").TextContent);
        Assert.DoesNotContain(stored[..20], page.Markup);
    }

    [Fact]
    public async Task A_refresh_the_provider_refuses_says_why_in_an_error_snackbar_and_the_previous_token_stays()
    {
        await RunAsync();
        var previous = await StoredTokenAsync();
        await using var ctx = new PageContext(fixture.Server, PageContext.Admin());
        var page = Loaded(ctx);
        fixture.Endpoint.RefuseNext = true;

        page.Find("[data-testid=refresh-now]").Click();

        page.WaitForAssertion(() => Assert.Contains(ctx.SnackbarMessages, m => m.Contains("failed") && m.Contains("The previous token is unchanged")), Patience);
        Assert.False((await History.PageAsync(1)).Runs.Single().Succeeded);
        Assert.Equal(previous, await StoredTokenAsync());
        page.WaitForAssertion(() => Assert.Contains("invalid_client", page.Find("[data-testid=last-failure]").TextContent), Patience);
    }

    [Fact]
    public async Task A_viewer_behind_an_admins_page_is_refused_on_refresh_now_and_no_run_happens()
    {
        await using var ctx = new PageContext(fixture.Server, PageContext.Admin());
        var page = Loaded(ctx);
        var before = await RunCountAsync();
        var token = await StoredTokenAsync();
        ctx.ChangeUserBehindThePage(PageContext.Viewer());

        page.Find("[data-testid=refresh-now]").Click();

        page.WaitForAssertion(() => Assert.Contains("Only members of portal-admins may refresh the token. Nothing was changed.", ctx.SnackbarMessages), Patience);
        await Task.Delay(300); // a run, had one started, would have been recorded by now
        Assert.Equal(before, await RunCountAsync());
        Assert.Equal(token, await StoredTokenAsync());
        Assert.False(page.Find("[data-testid=refresh-now]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_viewer_sees_the_state_but_no_refresh_button()
    {
        await using var ctx = new PageContext(fixture.Server, PageContext.Viewer());

        var page = Loaded(ctx);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=token-state]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=refresh-now]"));
    }

    [Fact]
    public async Task The_countdowns_move_every_second_pushed_by_the_server()
    {
        await RunAsync();
        await using var ctx = new PageContext(fixture.Server, PageContext.Viewer());
        var page = Loaded(ctx);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=token-expires-in]")), Patience);
        var countdown = page.Find("[data-testid=next-run-countdown]").TextContent;
        var expiresIn = page.Find("[data-testid=token-expires-in]").TextContent;

        page.WaitForAssertion(() =>
        {
            Assert.NotEqual(countdown, page.Find("[data-testid=next-run-countdown]").TextContent);
            Assert.NotEqual(expiresIn, page.Find("[data-testid=token-expires-in]").TextContent);
        }, TimeSpan.FromSeconds(4));
        Assert.Matches(@"^in \d+ min \d+ s$", page.Find("[data-testid=token-expires-in]").TextContent.Trim());
    }

    [Fact]
    public async Task The_duration_chart_has_a_duration_axis_a_time_axis_and_bars_no_wider_than_a_slot()
    {
        var run = await RunAsync();
        await using var ctx = new PageContext(fixture.Server, PageContext.Viewer());

        var page = Loaded(ctx);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid=duration-chart] rect[data-key='{run.RunId}']")), Patience);
        var chart = page.Find("[data-testid=duration-chart]");
        Assert.NotNull(chart.QuerySelector("[data-testid=x-axis]"));
        Assert.NotNull(chart.QuerySelector("[data-testid=y-axis]"));
        Assert.Equal("Duration", chart.QuerySelector("[data-testid=y-title]")!.TextContent);
        Assert.Equal("Run start (UTC)", chart.QuerySelector("[data-testid=x-title]")!.TextContent);
        var ticks = chart.QuerySelectorAll("[data-testid=y-tick]").Select(t => t.TextContent).ToList();
        Assert.Equal("0 ms", ticks[0]);
        Assert.All(ticks, t => Assert.Matches(@"^[\d.]+ (ms|s)$", t));
        Assert.Contains(chart.QuerySelectorAll("[data-testid=x-label]"), l => l.TextContent == run.StartedAt.UtcDateTime.ToString("HH:mm"));
        // However few the runs, a bar stays a bar, not a wall.
        Assert.All(chart.QuerySelectorAll("rect[data-key]"), bar => Assert.True(double.Parse(bar.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture) <= 31));
        Assert.Contains("Durations of the last", chart.QuerySelector("svg")!.GetAttribute("aria-label"));
    }
}
