namespace Portal.Core.Tokens;

/// <summary>
/// Where the schedule stands now: when the next run is due, which scheduled run should already have
/// happened, and whether the history shows it did.
/// </summary>
public sealed record ScheduleCheck(DateTimeOffset? NextRun, DateTimeOffset? LastDue, bool Missed)
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A scheduled time counts as due once <paramref name="grace"/> has passed (EventBridge may start a
    /// little late); it is missed when no run started at or after it.
    /// </summary>
    public static ScheduleCheck At(AwsCron schedule, DateTimeOffset? lastRunStartedAt, DateTimeOffset now, TimeSpan? grace = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var lastDue = schedule.GetPreviousOccurrence(now - (grace ?? DefaultGrace));
        var missed = lastDue is not null && (lastRunStartedAt is null || lastRunStartedAt < lastDue);
        return new ScheduleCheck(schedule.GetNextOccurrence(now), lastDue, missed);
    }
}
