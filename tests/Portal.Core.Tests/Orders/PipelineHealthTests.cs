using System.Text.Json;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

public sealed class PipelineHealthTests(OrdersStack stack) : IClassFixture<OrdersStack>
{
    private static OrderInput Input(string json) => OrderInput.FromJson(JsonDocument.Parse(json).RootElement);

    [Fact]
    public async Task Ingest_counts_per_hour_give_the_chart_the_last_order_time_and_the_error_rate()
    {
        stack.Clock.Set(new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero));
        var ingest = stack.Get<OrderIngest>();
        await ingest.IngestAsync(Input("""{"orderID":"h-1","customer":"Ada","currency":"EUR","status":"paid","items":[{"sku":"A","quantity":1,"unitPrice":1}]}"""));
        await stack.DrainQueueAsync();
        stack.Clock.Advance(TimeSpan.FromHours(2));
        var results = await ingest.IngestBatchAsync(
        [
            Input("""{"orderID":"h-2","customer":"Ada","currency":"EUR","status":"paid","items":[{"sku":"A","quantity":1,"unitPrice":1}]}"""),
            Input("""{"orderID":"h-1","customer":"Ada","currency":"EUR","status":"shipped","items":[{"sku":"A","quantity":1,"unitPrice":1}]}"""),
            Input("""{"orderID":"h-3"}"""),
        ]);
        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Accepted, IngestOutcome.Rejected], results.Select(r => r.Outcome).ToArray());
        await stack.DrainQueueAsync(); // the consumer stores (and counts) them

        var health = await stack.Get<PipelineHealthReader>().ReadAsync();

        Assert.Equal(24, health.Hours.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), health.Hours[^1].Hour);
        Assert.Equal((1L, 1L, 1L), (health.Hours[^1].Inserted, health.Hours[^1].Updated, health.Hours[^1].Rejected));
        Assert.Equal(1, health.Hours[^3].Inserted);
        Assert.Equal(1.0 / 4, health.ErrorRate);
        Assert.Equal(stack.Clock.GetUtcNow(), health.LastOrderAt);

        var chart = HourlyChart.From(health.Hours);
        Assert.Equal(HourlyChart.PlotHeight, chart.Bars[^1].BarHeight); // the busiest hour fills the plot
        Assert.Equal(0, chart.Bars[0].BarHeight);
        Assert.Equal("10:00 UTC: 1 order(s)", chart.Bars[^1].Title);
    }
}
