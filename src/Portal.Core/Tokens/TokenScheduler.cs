using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Tokens;

/// <summary>
/// Runs the collector at each occurrence of the schedule. Every portal instance runs this service; for
/// each occurrence they race for the lease <c>token-refresh#&lt;occurrence&gt;</c> and only the winner runs.
/// On start, a missed run is caught up when the stored token is older than one period.
/// The loop looks at <see cref="TimeProvider"/> every poll interval instead of sleeping until the
/// occurrence, so a moved clock (tests, VM resume) is noticed at the next poll.
/// </summary>
public sealed class TokenScheduler(
    TokenCollector collector,
    RunLease lease,
    TokenStore store,
    IOptions<TokenRefreshOptions> options,
    TimeProvider time,
    ILogger<TokenScheduler> logger) : BackgroundService
{
    public const string LeasePrefix = "token-refresh#";

    private readonly AwsCron _schedule = AwsCron.Parse(options.Value.Schedule);
    private DateTimeOffset? _lastHandled;

    /// <summary>Names this instance in the lease table, so a held lease says who holds it.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public static string LeaseKey(DateTimeOffset occurrence) =>
        LeasePrefix + occurrence.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            logger.LogInformation("Token scheduler is off ({Section}:SchedulerEnabled = false)", TokenRefreshOptions.SectionName);
            return;
        }
        await SafelyAsync(CatchUpAsync, stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.SchedulerPollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            await SafelyAsync(TickAsync, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>On start: runs the latest due occurrence when the stored token is missing or older than one period.</summary>
    public async Task<TokenRun?> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = LatestDue(now);
        if (due is null) return null;
        var stored = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        TokenRun? run = null;
        if (stored?.FetchedAt is not { } fetchedAt || now - fetchedAt > Period(due.Value))
        {
            logger.LogInformation("Token scheduler catching up the run due {Due:u}: last token fetched {FetchedAt}",
                due, stored?.FetchedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never");
            run = await RunOccurrenceAsync(due.Value, cancellationToken).ConfigureAwait(false);
        }
        // Set only after the step worked, so a failed step (DynamoDB or S3 away) is retried at the next poll.
        _lastHandled = due;
        return run;
    }

    /// <summary>Runs the latest due occurrence if this instance has not handled it yet (the catch-up check first, if that has not happened).</summary>
    public async Task<TokenRun?> TickAsync(CancellationToken cancellationToken = default)
    {
        if (_lastHandled is null)
            return await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        var due = LatestDue(time.GetUtcNow());
        if (due is null || due <= _lastHandled) return null;
        var run = await RunOccurrenceAsync(due.Value, cancellationToken).ConfigureAwait(false);
        _lastHandled = due;
        return run;
    }

    /// <summary>Runs one occurrence if this instance wins its lease; null when another instance has it.</summary>
    public async Task<TokenRun?> RunOccurrenceAsync(DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        var key = LeaseKey(occurrence);
        if (!await lease.TryAcquireAsync(key, InstanceId, options.Value.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            logger.LogDebug("Token run for {Occurrence:u} belongs to another instance", occurrence);
            return null;
        }
        var run = await collector.RunAsync(TokenRunTrigger.Schedule, TokenRun.ScheduleActor, cancellationToken).ConfigureAwait(false);
        // Keep the lease well past the occurrence so a late instance does not run it again.
        var keepUntil = occurrence + 2 * Period(occurrence);
        if (!await lease.CompleteAsync(key, InstanceId, keepUntil, cancellationToken).ConfigureAwait(false))
            logger.LogWarning("Token run {RunId} outlived its lease {Key}; raise {Section}:LeaseDuration", run.RunId, key, TokenRefreshOptions.SectionName);
        return run;
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/>.</summary>
    private DateTimeOffset? LatestDue(DateTimeOffset now) => _schedule.GetPreviousOccurrence(now.AddTicks(1));

    /// <summary>The gap from this occurrence to the next, i.e. how stale the token may be before a run was missed.</summary>
    private TimeSpan Period(DateTimeOffset occurrence) =>
        _schedule.GetNextOccurrence(occurrence) is { } next ? next - occurrence : TimeSpan.FromDays(1);

    private async Task SafelyAsync(Func<CancellationToken, Task<TokenRun?>> step, CancellationToken stoppingToken)
    {
        try
        {
            await step(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // DynamoDB or S3 briefly away: the next poll tries again; the scheduler must not die.
            logger.LogError(ex, "Token scheduler step failed; retrying at the next poll");
        }
    }
}
