using Microsoft.Extensions.Options;

namespace Portal.Core.Tokens;

/// <summary>Everything the token page shows at one moment, read from S3 and the run history.</summary>
public sealed record TokenDashboardView(
    DateTimeOffset Now,
    StoredToken? Token,
    TokenState State,
    RunStatistics Statistics,
    ScheduleCheck Schedule,
    string ScheduleExpression,
    IReadOnlyList<TokenRun> RecentRuns)
{
    public TimeSpan? TimeToNextRun => Schedule.NextRun - Now;
}

/// <summary>Gathers <see cref="TokenDashboardView"/> for the token page, which reloads it now and then and advances
/// it every second in between (<see cref="Advance"/>), so countdowns move without reading S3 each second.</summary>
public sealed class TokenDashboard(TokenStore store, TokenRunHistory history, IOptions<TokenRefreshOptions> options, TimeProvider time)
{
    public const int ChartRuns = 40;

    public async Task<TokenDashboardView> LoadAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var tokenTask = store.ReadAsync(cancellationToken);
        var weekTask = history.SinceAsync(now - TimeSpan.FromDays(7), cancellationToken);
        await Task.WhenAll(tokenTask, weekTask).ConfigureAwait(false);
        var token = await tokenTask.ConfigureAwait(false);
        var week = await weekTask.ConfigureAwait(false);

        var statistics = RunStatistics.From(week, now);
        // Older than a week: look further back, so "last success" is never blank while one exists.
        if (statistics.LastSuccess is null)
            statistics = statistics with { LastSuccess = await history.LatestAsync(TokenRunOutcome.Succeeded, cancellationToken).ConfigureAwait(false) };
        if (statistics.LastFailure is null)
            statistics = statistics with { LastFailure = await history.LatestAsync(TokenRunOutcome.Failed, cancellationToken).ConfigureAwait(false) };

        var recent = week.Count >= ChartRuns
            ? week.Take(ChartRuns).ToList()
            : (await history.PageAsync(ChartRuns, cancellationToken: cancellationToken).ConfigureAwait(false)).Runs;
        var schedule = settings.ParseSchedule();
        var lastScheduled = week.FirstOrDefault(r => r.Trigger == TokenRunTrigger.Schedule)?.StartedAt;
        return new TokenDashboardView(
            now,
            token,
            token is null ? TokenState.Missing : TokenState.Classify(token.FetchedAt, token.ExpiresAt, now, settings.ExpiringSoonWindow),
            statistics,
            ScheduleCheck.At(schedule, lastScheduled, now),
            schedule.Expression,
            recent);
    }

    /// <summary>The same view at the current moment: the clock and what follows from it alone (the token's status,
    /// age and time to expiry; the countdown to the next run). Runs and schedule stay as last loaded.</summary>
    public TokenDashboardView Advance(TokenDashboardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var now = time.GetUtcNow();
        var state = view.Token is { } token
            ? TokenState.Classify(token.FetchedAt, token.ExpiresAt, now, options.Value.ExpiringSoonWindow)
            : TokenState.Missing;
        return view with { Now = now, State = state };
    }
}
