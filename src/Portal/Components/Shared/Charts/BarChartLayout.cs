namespace Portal.Components.Shared.Charts;

/// <summary>One bar: its label on the x axis, its value, what hovering it says, its colour (any CSS colour; theme
/// variables keep it right in dark mode) and a key tests can find it by.</summary>
public sealed record ChartBar(string Label, double Value, string Tooltip, string Color, string Key);

/// <summary>Where everything of a bar chart goes, in pixels. Bars keep a sensible width whatever their number (a slot of
/// 14 to 44 px: one bar is not a wall, forty are not hairlines), so the chart is as wide as its bars need and scrolls
/// inside its card on a narrow screen instead of shrinking its text. The value axis runs from 0 to a round top.</summary>
public sealed class BarChartLayout
{
    public const double Left = 76; // room for tick labels like "800 ms" and the rotated axis title beside them
    public const double Right = 12;
    public const double Top = 12;
    public const double PlotHeight = 160;
    public const double Bottom = 46;
    public const double MinSlot = 14;
    public const double MaxSlot = 44;
    public const double TargetPlotWidth = 520;
    private const double LabelCharWidth = 7;

    private BarChartLayout(int count, double slot, IReadOnlyList<double> ticks, int labelEvery)
    {
        Count = count;
        Slot = slot;
        Ticks = ticks;
        LabelEvery = labelEvery;
    }

    public int Count { get; }
    public double Slot { get; }
    public double BarWidth => Math.Round(Slot * 0.7, 2);
    public IReadOnlyList<double> Ticks { get; }
    public double AxisTop => Ticks[^1];
    public int LabelEvery { get; }
    public double PlotWidth => Math.Max(Count, 1) * Slot;
    public double Width => Left + PlotWidth + Right;
    public double Height => Top + PlotHeight + Bottom;
    public double Baseline => Top + PlotHeight;

    /// <param name="wholeNumbers">Counts: ticks never fall between two whole numbers.</param>
    public static BarChartLayout For(IReadOnlyList<ChartBar> bars, bool wholeNumbers = false)
    {
        var count = bars.Count;
        var slot = count == 0 ? MaxSlot : Math.Clamp(TargetPlotWidth / count, MinSlot, MaxSlot);
        var ticks = NiceTicks(count == 0 ? 0 : bars.Max(b => b.Value), wholeNumbers);
        var longestLabel = count == 0 ? 0 : bars.Max(b => b.Label.Length);
        var labelEvery = Math.Max(1, (int)Math.Ceiling((longestLabel * LabelCharWidth + 8) / slot));
        return new BarChartLayout(count, Math.Round(slot, 2), ticks, labelEvery);
    }

    /// <summary>0, step, 2 step ... up to the first multiple at or above <paramref name="max"/>, with a step of 1, 2, 2.5
    /// or 5 times a power of ten chosen for about four intervals.</summary>
    public static IReadOnlyList<double> NiceTicks(double max, bool wholeNumbers = false)
    {
        if (max <= 0 || double.IsNaN(max))
            return [0, 1];
        var rough = max / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (rough / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 2.5 => 2.5,
            <= 5 => 5,
            _ => 10,
        } * magnitude;
        if (wholeNumbers)
            step = Math.Max(1, Math.Ceiling(step));
        var intervals = (int)Math.Ceiling(max / step - 1e-9);
        return Enumerable.Range(0, intervals + 1).Select(i => Math.Round(i * step, 6)).ToList();
    }

    public double BarX(int index) => Math.Round(Left + index * Slot + (Slot - BarWidth) / 2, 2);

    public double LabelX(int index) => Math.Round(Left + index * Slot + Slot / 2, 2);

    /// <summary>A positive value never vanishes: at least 1 px tall.</summary>
    public double BarHeight(double value) => value <= 0 ? 0 : Math.Round(Math.Max(1, value / AxisTop * PlotHeight), 2);

    public double ValueY(double value) => Math.Round(Baseline - value / AxisTop * PlotHeight, 2);

    /// <summary>Every LabelEvery-th bar counted from the last, so the newest bar always has its label.</summary>
    public bool ShowsLabel(int index) => (Count - 1 - index) % LabelEvery == 0;
}
