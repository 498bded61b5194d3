using Portal.Components.Shared.Charts;

namespace Portal.Tests.Components;

public sealed class BarChartLayoutTests
{
    private static IReadOnlyList<ChartBar> Bars(int count, double value = 5) =>
        Enumerable.Range(0, count).Select(i => new ChartBar($"{i:00}:00", value, "", "red", i.ToString())).ToList();

    [Theory]
    [InlineData(400, false, new double[] { 0, 100, 200, 300, 400 })]
    [InlineData(648, false, new double[] { 0, 200, 400, 600, 800 })]
    [InlineData(7, true, new double[] { 0, 2, 4, 6, 8 })]
    [InlineData(3, true, new double[] { 0, 1, 2, 3 })]
    [InlineData(0.9, false, new double[] { 0, 0.25, 0.5, 0.75, 1 })]
    [InlineData(0, true, new double[] { 0, 1 })]
    public void The_value_axis_runs_from_zero_to_a_round_top_in_round_steps(double max, bool wholeNumbers, double[] expected) =>
        Assert.Equal(expected, BarChartLayout.NiceTicks(max, wholeNumbers));

    [Fact]
    public void One_bar_is_not_a_wall_and_forty_are_not_hairlines()
    {
        Assert.Equal(BarChartLayout.MaxSlot, BarChartLayout.For(Bars(1)).Slot);
        Assert.Equal(BarChartLayout.MinSlot, BarChartLayout.For(Bars(100)).Slot);
        var day = BarChartLayout.For(Bars(24));
        Assert.InRange(day.BarWidth, 10, 31);
        Assert.Equal(day.Width, BarChartLayout.Left + 24 * day.Slot + BarChartLayout.Right);
    }

    [Fact]
    public void Labels_that_would_overlap_are_thinned_keeping_the_newest()
    {
        var layout = BarChartLayout.For(Bars(24));

        Assert.True(layout.LabelEvery > 1);
        Assert.True(layout.ShowsLabel(23));
        Assert.Equal([0, 2, 4, 6], layout.Ticks); // bars of 5: the axis ends at the next round tick
        Assert.Equal(BarChartLayout.PlotHeight, layout.BarHeight(6));
        Assert.Equal(0, layout.BarHeight(0));
        Assert.Equal(1, BarChartLayout.For([.. Bars(1, 1000), new ChartBar("x", 0.001, "", "red", "x")]).BarHeight(0.001));
    }
}
