using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public class RunStatisticsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static TokenRun Run(TimeSpan ago, bool succeeded, string id = "") =>
        new(id.Length > 0 ? id : Guid.NewGuid().ToString("N"), TokenRunTrigger.Schedule, TokenRun.ScheduleActor,
            Now - ago, Now - ago + TimeSpan.FromSeconds(2),
            succeeded ? TokenRunOutcome.Succeeded : TokenRunOutcome.Failed,
            succeeded ? 200 : 500, succeeded ? null : "token endpoint answered HTTP 500",
            succeeded ? TokenFingerprint.Of("t") : null);

    [Fact]
    public void Rates_count_runs_in_each_window()
    {
        var runs = new[]
        {
            Run(TimeSpan.FromHours(1), true, "a"),
            Run(TimeSpan.FromHours(2), false, "b"),
            Run(TimeSpan.FromHours(3), true, "c"),
            Run(TimeSpan.FromHours(23), true, "d"),
            Run(TimeSpan.FromDays(2), false, "e"),
            Run(TimeSpan.FromDays(6), false, "f"),
            Run(TimeSpan.FromDays(8), true, "g"), // outside both windows
        };

        var stats = RunStatistics.From(runs, Now);

        Assert.Equal(new SuccessRate(4, 3), stats.Last24Hours);
        Assert.Equal(0.75, stats.Last24Hours.Rate);
        Assert.Equal(1, stats.Last24Hours.Failed);
        Assert.Equal(new SuccessRate(6, 3), stats.Last7Days);
        Assert.Equal(0.5, stats.Last7Days.Rate);
        Assert.Equal("a", stats.LastSuccess?.RunId);
        Assert.Equal("b", stats.LastFailure?.RunId);
    }

    [Fact]
    public void Window_boundaries_exclude_exactly_24_hours_ago_and_include_now()
    {
        var stats = RunStatistics.From([Run(TimeSpan.FromHours(24), true), Run(TimeSpan.Zero, false), Run(TimeSpan.FromMinutes(-5), true)], Now);

        Assert.Equal(new SuccessRate(1, 0), stats.Last24Hours);
        Assert.Equal(0.0, stats.Last24Hours.Rate);
        Assert.Equal(new SuccessRate(2, 1), stats.Last7Days);
        // A run stamped slightly in the future (clock skew) is still the latest success.
        Assert.Equal(Now.AddMinutes(5), stats.LastSuccess?.StartedAt);
    }

    [Fact]
    public void No_runs_means_no_rate_rather_than_zero()
    {
        var stats = RunStatistics.From([], Now);
        Assert.Null(stats.Last24Hours.Rate);
        Assert.Null(stats.Last7Days.Rate);
        Assert.Null(stats.LastSuccess);
        Assert.Null(stats.LastFailure);
    }

    [Fact]
    public void Run_from_a_successful_fetch_keeps_only_the_fingerprint()
    {
        var grant = new AccessTokenGrant("secret-token-value", "Bearer", Now, TimeSpan.FromHours(1), null);
        var run = TokenRun.FromResult("r1", TokenRunTrigger.Manual, "alice", Now, Now.AddMilliseconds(850), TokenFetchResult.Success(grant, 200));

        Assert.Equal(TokenRunOutcome.Succeeded, run.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(850), run.Duration);
        Assert.Equal(200, run.HttpStatus);
        Assert.Null(run.ErrorReason);
        Assert.Equal(TokenFingerprint.Of("secret-token-value"), run.Fingerprint);
        Assert.DoesNotContain("secret-token-value", run.ToString());
    }

    [Fact]
    public void Run_from_a_failed_fetch_keeps_reason_and_status()
    {
        var failure = TokenFetchResult.Failure(TokenFetchFailureKind.HttpError, "token endpoint answered HTTP 401 Unauthorized: invalid_client", 401, "invalid_client");
        var run = TokenRun.FromResult("r2", TokenRunTrigger.Schedule, TokenRun.ScheduleActor, Now, Now.AddSeconds(1), failure);

        Assert.Equal(TokenRunOutcome.Failed, run.Outcome);
        Assert.False(run.Succeeded);
        Assert.Equal(401, run.HttpStatus);
        Assert.Equal(failure.Reason, run.ErrorReason);
        Assert.Null(run.Fingerprint);
    }
}
