namespace Portal.Core.Orders;

public enum LoadJobState
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>A rejected line of a load: where and why.</summary>
public sealed record LineError(long Line, string Reason);

/// <summary>A bulk load of one S3 file. LastLine is the checkpoint: every line up to it is written and counted,
/// so a restart resumes after it. Read = Inserted + Updated + Rejected.</summary>
public sealed record LoadJob(
    string JobId,
    string Key,
    string FileName,
    OrderFileFormat Format,
    LoadJobState State,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    long LastLine,
    long Read,
    long Inserted,
    long Updated,
    long Rejected,
    IReadOnlyList<LineError> Errors,
    string? Message)
{
    public bool IsFinished => State is LoadJobState.Completed or LoadJobState.Failed;
}

/// <summary>What one checkpoint adds to a job's totals.</summary>
public sealed record LoadProgress(long Inserted, long Updated, long Rejected, IReadOnlyList<LineError> Errors)
{
    public long Read => Inserted + Updated + Rejected;
}
