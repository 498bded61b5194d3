using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

/// <summary>The figures the pipeline page shows, after orders went API -> queue -> consumer -> table -> stream -> SNS -> inbox.</summary>
public sealed class PipelineMonitorTests(PipelineStack stack) : IClassFixture<PipelineStack>
{
    [Fact]
    public async Task After_orders_flow_end_to_end_the_monitor_shows_depths_throughput_latency_lag_and_the_notifications()
    {
        var prefix = "flow-" + Guid.NewGuid().ToString("N")[..6];
        var inputs = Enumerable.Range(0, 4).Select(i => new OrderInput
        {
            OrderId = $"{prefix}-{i}", Customer = "Ada", Currency = "EUR", Status = "paid", Items = [new OrderItemInput("A-1", "2", "5")],
        }).ToList();
        await stack.Get<OrderIngest>().IngestBatchAsync(inputs);
        var monitor = stack.Get<PipelineMonitor>();
        var waiting = await monitor.ReadAsync();
        Assert.Equal(4, waiting.Queue.Visible);
        Assert.Equal(0, waiting.Latency.Samples);

        stack.Clock.Advance(TimeSpan.FromMilliseconds(300)); // accepted -> stored
        Assert.Equal(4, await stack.DrainQueueAsync());
        stack.Clock.Advance(TimeSpan.FromMilliseconds(200)); // stored -> notified
        Assert.Equal(4, await stack.NotifyAsync());

        var snapshot = await monitor.ReadAsync();
        Assert.Equal(new QueueDepth(0, 0, 0), snapshot.Queue);
        Assert.Null(snapshot.OldestMessageAge);
        Assert.Equal(0, snapshot.DeadLetterQueue.Total);
        Assert.True(snapshot.StoredPerSecond > 0);
        Assert.Equal(4, snapshot.Latency.Samples);
        Assert.Equal(TimeSpan.FromMilliseconds(300), snapshot.Latency.StoredP50);
        Assert.Equal(TimeSpan.FromMilliseconds(200), snapshot.Latency.NotifiedP95);
        Assert.Equal(TimeSpan.FromMilliseconds(500), snapshot.Latency.TotalP95);
        Assert.NotNull(snapshot.StreamLag);
        Assert.Equal(stack.Clock.GetUtcNow(), snapshot.StreamReadAt);
        Assert.Equal(inputs.Select(i => $"New order {i.OrderId}").Order(), snapshot.RecentNotifications.Select(n => n.Subject).Order());
        Assert.Contains("total 10.00 EUR", snapshot.RecentNotifications[0].Message);
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var values = Enumerable.Range(1, 20).Select(i => TimeSpan.FromMilliseconds(i)).ToList();
        Assert.Equal(TimeSpan.FromMilliseconds(10), LatencyFigures.Percentile(values, 0.50));
        Assert.Equal(TimeSpan.FromMilliseconds(19), LatencyFigures.Percentile(values, 0.95));
        Assert.Null(LatencyFigures.Percentile([], 0.5));
    }
}
