namespace Portal.Core.Tokens;

/// <summary>Success rate in a window; <see cref="Rate"/> is null when no run started in it.</summary>
public sealed record SuccessRate(int Runs, int Succeeded)
{
    public int Failed => Runs - Succeeded;
    public double? Rate => Runs == 0 ? null : (double)Succeeded / Runs;
}

/// <summary>What the token page shows about the run history: success rates and the latest success and failure.</summary>
public sealed record RunStatistics(SuccessRate Last24Hours, SuccessRate Last7Days, TokenRun? LastSuccess, TokenRun? LastFailure)
{
    /// <summary>
    /// Windows count runs that started in (now - window, now]; runs "in the future" (clock skew
    /// between writers) are left out of the rates but still count as latest success or failure.
    /// </summary>
    public static RunStatistics From(IEnumerable<TokenRun> runs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs as IReadOnlyCollection<TokenRun> ?? runs.ToList();
        return new RunStatistics(
            Rate(list, now, TimeSpan.FromHours(24)),
            Rate(list, now, TimeSpan.FromDays(7)),
            list.Where(r => r.Succeeded).MaxBy(r => r.StartedAt),
            list.Where(r => !r.Succeeded).MaxBy(r => r.StartedAt));
    }

    private static SuccessRate Rate(IEnumerable<TokenRun> runs, DateTimeOffset now, TimeSpan window)
    {
        var inWindow = runs.Where(r => r.StartedAt > now - window && r.StartedAt <= now).ToList();
        return new SuccessRate(inWindow.Count, inWindow.Count(r => r.Succeeded));
    }
}
