namespace Portal.Core.Tokens;

/// <summary>One bar of the run-duration chart, in SVG user units.</summary>
public sealed record DurationBar(double X, double Y, double Width, double Height, TokenRun Run);

/// <summary>
/// Geometry of the server-rendered SVG of run durations: oldest run on the left, bar height in
/// proportion to the longest run shown, so the page needs no script to draw it.
/// </summary>
public sealed record DurationChart(IReadOnlyList<DurationBar> Bars, TimeSpan Longest, double Width, double Height)
{
    /// <summary>Keeps a zero-length run visible as a sliver instead of no bar at all.</summary>
    public const double MinBarHeight = 1;

    /// <param name="runs">Runs newest first, as the history returns them.</param>
    public static DurationChart From(IReadOnlyList<TokenRun> runs, double width, double height, double gap = 2)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), "The chart needs a positive width and height.");
        if (runs.Count == 0)
            return new DurationChart([], TimeSpan.Zero, width, height);

        var longest = runs.Max(r => r.Duration < TimeSpan.Zero ? TimeSpan.Zero : r.Duration);
        var slot = width / runs.Count;
        var barWidth = Math.Max(slot - gap, 1);
        var bars = runs.Reverse().Select((run, index) =>
        {
            var duration = run.Duration < TimeSpan.Zero ? TimeSpan.Zero : run.Duration;
            var barHeight = longest == TimeSpan.Zero ? MinBarHeight : Math.Max(MinBarHeight, height * (duration / longest));
            return new DurationBar(Math.Round(index * slot, 2), Math.Round(height - barHeight, 2), Math.Round(barWidth, 2), Math.Round(barHeight, 2), run);
        }).ToList();
        return new DurationChart(bars, longest, width, height);
    }
}
