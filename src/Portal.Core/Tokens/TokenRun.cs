namespace Portal.Core.Tokens;

public enum TokenRunTrigger
{
    Schedule,
    Manual,
}

public enum TokenRunOutcome
{
    Succeeded,
    Failed,
}

/// <summary>One completed run of the token refresh job, as kept in the run history.</summary>
public sealed record TokenRun(
    string RunId,
    TokenRunTrigger Trigger,
    string TriggeredBy,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    TokenRunOutcome Outcome,
    int? HttpStatus,
    string? ErrorReason,
    TokenFingerprint? Fingerprint)
{
    public TimeSpan Duration => EndedAt - StartedAt;

    public bool Succeeded => Outcome == TokenRunOutcome.Succeeded;

    /// <summary>
    /// Records a run from the token request's result. A failure later in the run (e.g. the S3 write)
    /// is recorded with <see cref="Failed"/> instead.
    /// </summary>
    public static TokenRun FromResult(string runId, TokenRunTrigger trigger, string triggeredBy,
        DateTimeOffset startedAt, DateTimeOffset endedAt, TokenFetchResult result) =>
        result.Succeeded
            ? new TokenRun(runId, trigger, triggeredBy, startedAt, endedAt, TokenRunOutcome.Succeeded, result.HttpStatus, null, result.Grant.Fingerprint)
            : Failed(runId, trigger, triggeredBy, startedAt, endedAt, result.Reason, result.HttpStatus);

    public static TokenRun Failed(string runId, TokenRunTrigger trigger, string triggeredBy,
        DateTimeOffset startedAt, DateTimeOffset endedAt, string reason, int? httpStatus = null) =>
        new(runId, trigger, triggeredBy, startedAt, endedAt, TokenRunOutcome.Failed, httpStatus, reason, null);

    /// <summary>Who triggers scheduled runs, so history shows "schedule" rather than an empty name.</summary>
    public const string ScheduleActor = "schedule";
}
