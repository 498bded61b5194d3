using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

/// <summary>Run history and the dashboard view on dynalite: newest first, paging, time windows, stats.</summary>
public sealed class TokenRunHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 20, 0, TimeSpan.Zero);

    private static TokenRun Run(int hoursAgo, bool ok, string? id = null)
    {
        var start = Now.AddHours(-hoursAgo).AddMinutes(-5);
        return ok
            ? new TokenRun(id ?? $"ok-{hoursAgo}", TokenRunTrigger.Schedule, TokenRun.ScheduleActor, start, start.AddMilliseconds(250 + hoursAgo),
                TokenRunOutcome.Succeeded, 200, null, TokenFingerprint.Of("token-" + hoursAgo))
            : TokenRun.Failed(id ?? $"fail-{hoursAgo}", TokenRunTrigger.Manual, "admin", start, start.AddSeconds(2), "token endpoint answered HTTP 500 InternalServerError", 500);
    }

    [Fact]
    public async Task Pages_are_newest_first_and_follow_on_until_the_last()
    {
        await using var pipeline = await TokenPipeline.StartAsync();
        var runs = Enumerable.Range(0, 7).Select(h => Run(h, ok: h % 3 != 1)).ToList();
        foreach (var run in runs.OrderBy(_ => Guid.NewGuid()))
            await pipeline.History.RecordAsync(run);

        var first = await pipeline.History.PageAsync(3);
        var second = await pipeline.History.PageAsync(3, first.NextPageToken);
        var third = await pipeline.History.PageAsync(3, second.NextPageToken);

        Assert.Equal(runs.Take(3), first.Runs);
        Assert.Equal(runs.Skip(3).Take(3), second.Runs);
        Assert.Equal(runs.Skip(6), third.Runs);
        Assert.Null(third.NextPageToken);
        Assert.Equal("token endpoint answered HTTP 500 InternalServerError", first.Runs[1].ErrorReason);
        Assert.Equal(500, first.Runs[1].HttpStatus);

        var since = await pipeline.History.SinceAsync(Now.AddHours(-2).AddMinutes(-10));
        Assert.Equal(runs.Take(3), since);
        Assert.Equal("ok-0", (await pipeline.History.LatestAsync(TokenRunOutcome.Succeeded))!.RunId);
        Assert.Equal("fail-1", (await pipeline.History.LatestAsync(TokenRunOutcome.Failed))!.RunId);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("MjAyNg")] // base64 of "2026": not a sort key
    public async Task A_page_token_the_history_did_not_issue_is_refused_clearly(string token)
    {
        await using var pipeline = await TokenPipeline.StartAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => pipeline.History.PageAsync(5, token));
        Assert.Contains("start again from the first page", ex.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => pipeline.History.PageAsync(0));
    }

    [Fact]
    public async Task The_dashboard_view_combines_the_stored_token_the_stats_and_the_schedule()
    {
        var clock = new ManualClock(Now);
        await using var pipeline = await TokenPipeline.StartAsync(clock: clock);
        var dashboard = pipeline.Services.GetRequiredService<TokenDashboard>();

        var empty = await dashboard.LoadAsync();
        Assert.Equal(TokenStatus.Missing, empty.State.Status);
        Assert.Null(empty.Token);
        Assert.Null(empty.Statistics.Last24Hours.Rate);

        await pipeline.History.RecordAsync(Run(30, ok: true, id: "old-success"));   // outside 24 h, inside 7 days
        await pipeline.History.RecordAsync(Run(200, ok: false, id: "ancient-failure")); // outside 7 days
        var fresh = await pipeline.Collector.RunAsync(TokenRunTrigger.Manual, "admin");
        clock.Advance(TimeSpan.FromMinutes(10));

        var view = await dashboard.LoadAsync();

        Assert.Equal(TokenStatus.Valid, view.State.Status);
        Assert.Equal(TimeSpan.FromMinutes(10), view.State.Age);
        Assert.Equal(fresh.Fingerprint, view.Token!.Fingerprint);
        Assert.Equal(new SuccessRate(1, 1), view.Statistics.Last24Hours);
        Assert.Equal(new SuccessRate(2, 2), view.Statistics.Last7Days);
        Assert.Equal(fresh.RunId, view.Statistics.LastSuccess!.RunId);
        Assert.Equal("ancient-failure", view.Statistics.LastFailure!.RunId); // found beyond the 7-day window
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 11, 15, 0, TimeSpan.Zero), view.Schedule.NextRun);
        Assert.Equal(TimeSpan.FromMinutes(45), view.TimeToNextRun);
        Assert.Equal("cron(15 * * * ? *)", view.ScheduleExpression);
        Assert.Equal([fresh.RunId, "old-success", "ancient-failure"], view.RecentRuns.Select(r => r.RunId));
    }
}
