using System.Globalization;

namespace Portal.Core.Orders;

/// <summary>Bar geometry for the orders-per-hour chart, computed here so the page only draws rectangles.</summary>
public sealed record HourlyChart(IReadOnlyList<HourlyChart.Bar> Bars, long Max, int Width, int Height)
{
    public const int PlotHeight = 120;
    public const int BarWidth = 20;
    public const int Gap = 4;
    public const int AxisHeight = 18;

    public sealed record Bar(int X, int Y, int BarHeight, long Orders, string Label, bool ShowLabel)
    {
        public string Title => string.Create(CultureInfo.InvariantCulture, $"{Label} UTC: {Orders} order(s)");
    }

    /// <summary>New orders (inserted) per hour, scaled to the busiest hour.</summary>
    public static HourlyChart From(IReadOnlyList<HourCount> hours)
    {
        var max = Math.Max(1, hours.Count == 0 ? 1 : hours.Max(h => h.Inserted));
        var bars = hours.Select((h, i) =>
        {
            var height = h.Inserted == 0 ? 0 : Math.Max(1, (int)Math.Round((double)h.Inserted / max * PlotHeight));
            return new Bar(i * (BarWidth + Gap), PlotHeight - height, height, h.Inserted,
                h.Hour.UtcDateTime.ToString("HH:00", CultureInfo.InvariantCulture), ShowLabel: i % 3 == 0);
        }).ToList();
        return new HourlyChart(bars, max, Math.Max(1, hours.Count * (BarWidth + Gap) - Gap), PlotHeight + AxisHeight);
    }
}
