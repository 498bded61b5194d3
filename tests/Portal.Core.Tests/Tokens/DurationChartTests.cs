using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public sealed class DurationChartTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 15, 0, TimeSpan.Zero);

    private static TokenRun Run(string id, int minutesAgo, double durationMs, bool ok = true) =>
        ok
            ? new TokenRun(id, TokenRunTrigger.Schedule, "schedule", Start.AddMinutes(-minutesAgo), Start.AddMinutes(-minutesAgo).AddMilliseconds(durationMs),
                TokenRunOutcome.Succeeded, 200, null, TokenFingerprint.Of("t"))
            : TokenRun.Failed(id, TokenRunTrigger.Manual, "admin", Start.AddMinutes(-minutesAgo), Start.AddMinutes(-minutesAgo).AddMilliseconds(durationMs), "boom");

    [Fact]
    public void Oldest_run_is_leftmost_and_the_longest_run_fills_the_height()
    {
        // Newest first, as the history returns them.
        var chart = DurationChart.From([Run("c", 0, 100), Run("b", 60, 400, ok: false), Run("a", 120, 200)], width: 300, height: 80);

        Assert.Equal(["a", "b", "c"], chart.Bars.Select(b => b.Run.RunId));
        Assert.Equal([0, 100, 200], chart.Bars.Select(b => b.X));
        Assert.All(chart.Bars, b => Assert.Equal(98, b.Width));
        Assert.Equal([40, 80, 20], chart.Bars.Select(b => b.Height));
        Assert.All(chart.Bars, b => Assert.Equal(80, b.Y + b.Height));
        Assert.Equal(TimeSpan.FromMilliseconds(400), chart.Longest);
    }

    [Fact]
    public void Zero_length_runs_stay_visible_and_no_runs_is_an_empty_chart()
    {
        var chart = DurationChart.From([Run("a", 0, 0), Run("b", 1, 0)], 100, 50);
        Assert.All(chart.Bars, b => Assert.Equal(DurationChart.MinBarHeight, b.Height));

        Assert.Empty(DurationChart.From([], 100, 50).Bars);
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationChart.From([], 0, 50));
    }

    [Theory]
    [InlineData(0.18, "180 ms")]
    [InlineData(43.25, "43.3 s")]
    [InlineData(59 * 60 + 12, "59 min 12 s")]
    [InlineData(2 * 3600 + 5 * 60 + 30, "2 h 5 min")]
    [InlineData(3 * 86400 + 4 * 3600, "3 d 4 h")]
    [InlineData(-90, "-1 min 30 s")]
    public void Durations_read_as_short_text(double seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
