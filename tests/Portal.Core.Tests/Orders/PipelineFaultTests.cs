using Amazon.DynamoDBv2;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

/// <summary>The faults, against the real local stack (fauxqs SQS with a redrive policy, DynamoDB Local with Streams).</summary>
public sealed class PipelineFaultTests(PipelineStack stack) : IClassFixture<PipelineStack>
{
    private static OrderInput Input(string id, string status = "pending") => new()
    {
        OrderId = id, Customer = "Ada", Currency = "EUR", Status = status, Items = [new OrderItemInput("A-1", "1", "2.50")],
    };

    private async Task<List<string>> AcceptAsync(string prefix, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        var results = await stack.Get<OrderIngest>().IngestBatchAsync(ids.Select(id => Input(id)).ToList());
        Assert.All(results, r => Assert.Equal(IngestOutcome.Accepted, r.Outcome));
        return ids;
    }

    private async Task<bool> AllStoredAsync(IEnumerable<string> ids)
    {
        var store = stack.Get<OrderStore>();
        foreach (var id in ids)
        {
            if (await store.GetAsync(id) is null)
                return false;
        }

        return true;
    }

    [Fact]
    public async Task A_consumer_stopped_in_the_middle_of_a_batch_and_restarted_loses_nothing_and_counts_nothing_twice()
    {
        var ids = await AcceptAsync("stop-" + Guid.NewGuid().ToString("N")[..6], 10);
        var before = (await stack.Get<IngestStats>().LastDayAsync(stack.Clock.GetUtcNow()))[^1].Inserted;
        var consumer = stack.Get<OrderConsumer>();
        using var stop = new CancellationTokenSource();
        var applied = 0;
        consumer.BeforeApply = (_, _) =>
        {
            if (++applied > 4)
                stop.Cancel(); // the 5th message of the batch is never applied
            return Task.CompletedTask;
        };
        consumer.DeleteApplied = false; // the worst case: stopped hard, so even the 4 stored ones were not deleted
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer.ReceiveOnceAsync(waitSeconds: 1, stop.Token));
        }
        finally
        {
            consumer.BeforeApply = null;
            consumer.DeleteApplied = true;
        }

        var store = stack.Get<OrderStore>();
        Assert.Equal(4, (await Task.WhenAll(ids.Select(id => store.GetAsync(id)))).Count(o => o is not null));

        // Restarted: every message comes back after its visibility timeout; the 4 applied ones are recognised.
        var results = await stack.ConsumeUntilAsync(async () => await AllStoredAsync(ids) && (await stack.DepthAsync()).Total == 0);
        Assert.Equal(4, results.Sum(r => r.AlreadyApplied));
        Assert.Equal(6, results.Sum(r => r.Inserted));
        foreach (var id in ids)
            Assert.Equal(1, (await store.GetAsync(id))!.Version);
        var after = (await stack.Get<IngestStats>().LastDayAsync(stack.Clock.GetUtcNow()))[^1].Inserted;
        Assert.Equal(10, after - before);
    }

    [Fact]
    public async Task While_DynamoDB_refuses_writes_messages_return_to_the_queue_and_are_stored_when_it_recovers()
    {
        var ids = await AcceptAsync("outage-" + Guid.NewGuid().ToString("N")[..6], 5);
        var dynamo = stack.Get<IAmazonDynamoDB>();
        var table = $"orders-{stack.Suffix}";
        // The outage: the orders table is gone, so every write is refused (ResourceNotFoundException) until it is back.
        await dynamo.DeleteTableAsync(table);
        try
        {
            var failing = await stack.Get<OrderConsumer>().ReceiveOnceAsync(waitSeconds: 1);
            Assert.Equal(5, failing.Failed);
            Assert.Equal(5, (await stack.DepthAsync()).Total); // none deleted: they are back after the backoff
        }
        finally
        {
            await LocalStack.EnsureResourcesAsync(stack.Services);
        }

        var results = await stack.ConsumeUntilAsync(async () => await AllStoredAsync(ids) && (await stack.DepthAsync()).Total == 0);
        Assert.Equal(5, results.Sum(r => r.Inserted));
        Assert.Equal(0, (await stack.DepthAsync(deadLetter: true)).Total);
        foreach (var id in ids)
            Assert.Equal(1, (await stack.Get<OrderStore>().GetAsync(id))!.Version);
    }

    [Fact]
    public async Task A_poison_message_lands_in_the_dead_letter_queue_after_maxReceiveCount_and_an_admin_redrive_brings_it_back()
    {
        var queueUrl = await stack.Get<OrderQueue>().UrlAsync();
        var poison = await stack.Sqs.SendMessageAsync(new SendMessageRequest(queueUrl, "{\"order\": \"not an order\"}"));
        var monitor = stack.Get<PipelineMonitor>();

        var results = await stack.ConsumeUntilAsync(async () => (await stack.DepthAsync(deadLetter: true)).Visible == 1);
        Assert.Equal(PipelineStack.MaxReceiveCount, results.Sum(r => r.Poison));
        var snapshot = await monitor.ReadAsync();
        Assert.Equal(0, snapshot.Queue.Total);
        var letter = Assert.Single(snapshot.DeadLetters);
        Assert.Equal("{\"order\": \"not an order\"}", letter.Body);
        Assert.Null(letter.OrderId);

        // A viewer is refused and nothing moves.
        var refused = await monitor.RedriveAsync(PipelineStack.User("viewer"));
        Assert.True(refused.Refused);
        Assert.Equal(0, refused.Moved);
        Assert.Equal("Only members of 'portal-admins' may redrive dead letters.", refused.Message);
        Assert.Equal((1L, 0L), ((await stack.DepthAsync(deadLetter: true)).Total, (await stack.DepthAsync()).Total));

        var redriven = await monitor.RedriveAsync(PipelineStack.User("admin", "portal-admins"));
        Assert.Equal((false, 1), (redriven.Refused, redriven.Moved));
        Assert.Equal((0L, 1L), ((await stack.DepthAsync(deadLetter: true)).Total, (await stack.DepthAsync()).Visible));
        var back = await stack.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1 });
        Assert.Equal("{\"order\": \"not an order\"}", Assert.Single(back.Messages).Body);
        Assert.NotEqual(poison.MessageId, back.Messages[0].MessageId);
        await stack.Sqs.DeleteMessageAsync(queueUrl, back.Messages[0].ReceiptHandle);
    }

    [Fact]
    public async Task A_restarted_notifier_notifies_no_stream_record_twice_and_skips_none()
    {
        var prefix = "notify-" + Guid.NewGuid().ToString("N")[..6];
        await stack.NotifyAsync(); // what other tests left in the stream
        var store = stack.Get<OrderStore>();
        var ids = Enumerable.Range(0, 6).Select(i => $"{prefix}-{i}").ToList();
        foreach (var id in ids)
            await store.UpsertAsync(OrdersStack.Draft(id));
        await store.UpsertAsync(OrdersStack.Draft(ids[0], OrderStatus.Paid)); // an update: no notification

        var first = stack.Get<OrderStreamNotifier>();
        using var stop = new CancellationTokenSource();
        var published = 0;
        first.AfterPublish = (_, _) =>
        {
            if (++published == 3)
                stop.Cancel(); // stopped after the 3rd notification: it is checkpointed, the 4th is never sent
            return Task.CompletedTask;
        };
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.PollAsync(stop.Token));
        }
        finally
        {
            first.AfterPublish = null;
        }

        // Another instance cannot read while the first holds the lease; a clean stop gives it up.
        await using var second = await stack.CreateServicesAsync();
        var next = second.GetRequiredService<OrderStreamNotifier>();
        Assert.Null(await next.PollAsync());
        await first.ReleaseAsync();
        Assert.Equal(3, await next.PollAsync());
        Assert.Equal(0, await next.PollAsync());

        var notes = await stack.Get<NotificationFeed>().RecentAsync(OrderNotifier.Topic, 200);
        foreach (var id in ids)
            Assert.Single(notes, n => n.Subject == $"New order {id}");
    }
}
