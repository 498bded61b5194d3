using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Orders;

/// <summary>What one receive did.</summary>
public sealed record ConsumeResult(int Received, int Inserted, int Updated, int AlreadyApplied, int Failed, int Poison);

/// <summary>Takes orders off the queue into the <c>orders</c> table. Several loops and instances compete safely: SQS hides
/// a received message from the others for the visibility timeout, and <see cref="OrderStore.ApplyMessageAsync"/> applies a
/// message's id (given at acceptance) once, so a redelivery (lost delete, crash, stop mid-batch) never counts twice. A message is deleted only
/// after it was stored. One that fails (DynamoDB refusing writes) is left to come back after a short backoff; one that
/// cannot be an order (poison) comes back at once, and after <c>maxReceiveCount</c> receives SQS moves it to the
/// dead-letter queue.</summary>
public sealed class OrderConsumer(
    IAmazonSQS sqs,
    OrderQueue queue,
    OrderStore store,
    IngestStats stats,
    PipelineMetrics metrics,
    IOptions<OrdersOptions> options,
    TimeProvider time,
    ILogger<OrderConsumer> logger)
{
    /// <summary>Test seam: runs before each message of a batch is applied (to stop a consumer mid-batch).</summary>
    internal Func<Message, CancellationToken, Task>? BeforeApply { get; set; }

    /// <summary>Test seam: false leaves applied messages undeleted, as a crash right after the writes would.</summary>
    internal bool DeleteApplied { get; set; } = true;

    /// <summary>One long poll (up to 10 messages) and their processing. Cancelled mid-batch, it still deletes what it
    /// stored; the rest comes back after the visibility timeout.</summary>
    public async Task<ConsumeResult> ReceiveOnceAsync(int? waitSeconds = null, CancellationToken cancellationToken = default)
    {
        var url = await queue.UrlAsync(cancellationToken);
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = waitSeconds ?? options.Value.ReceiveWaitSeconds,
            VisibilityTimeout = options.Value.VisibilityTimeoutSeconds,
            MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
        }, cancellationToken);
        var messages = response.Messages ?? [];
        if (messages.Count == 0)
            return new ConsumeResult(0, 0, 0, 0, 0, 0);

        var done = new List<Message>();
        int inserted = 0, updated = 0, again = 0, failed = 0, poison = 0;
        try
        {
            foreach (var message in messages)
            {
                if (BeforeApply is not null)
                    await BeforeApply(message, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                var (order, problem) = OrderMessage.Parse(message.Body);
                if (order is null)
                {
                    poison++;
                    logger.LogWarning("Message {MessageId} is no order ({Problem}); receive {Count} of {Max} before the dead-letter queue",
                        message.MessageId, problem, ReceiveCount(message), options.Value.MaxReceiveCount);
                    await RetryLaterAsync(url, message, TimeSpan.Zero);
                    continue;
                }

                try
                {
                    switch (await store.ApplyMessageAsync(order.Order, order.Id, order.AcceptedAt, cancellationToken))
                    {
                        case ApplyOutcome.Inserted: inserted++; break;
                        case ApplyOutcome.Updated: updated++; break;
                        default: again++; break;
                    }

                    done.Add(message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    var backoff = TimeSpan.FromSeconds(Math.Min(options.Value.VisibilityTimeoutSeconds, 1 << Math.Min(ReceiveCount(message) - 1, 5)));
                    logger.LogWarning(e, "Could not store order message {MessageId}; it comes back in {Backoff}", message.MessageId, backoff);
                    await RetryLaterAsync(url, message, backoff);
                }
            }
        }
        finally
        {
            await FinishAsync(url, done, inserted, updated, messages);
        }

        return new ConsumeResult(messages.Count, inserted, updated, again, failed, poison);
    }

    private async Task FinishAsync(string url, List<Message> done, int inserted, int updated, List<Message> received)
    {
        // Not cancellable: what was stored is deleted and counted even when the consumer is stopping.
        if (DeleteApplied && done.Count > 0)
        {
            try
            {
                await sqs.DeleteMessageBatchAsync(url,
                    done.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
                    CancellationToken.None);
            }
            catch (Exception e)
            {
                // The messages come back and are recognised as applied.
                logger.LogWarning(e, "Could not delete {Count} stored message(s)", done.Count);
            }
        }

        try
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var oldest = received.Select(m => m.Attributes?.GetValueOrDefault("SentTimestamp")).Where(t => t is not null)
                .Select(t => TimeSpan.FromMilliseconds(Math.Max(0, now - long.Parse(t!, CultureInfo.InvariantCulture)))).DefaultIfEmpty().Max();
            await stats.RecordAsync(time.GetUtcNow(), inserted, updated, 0, CancellationToken.None);
            await metrics.RecordStoredAsync(inserted + updated, oldest, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not record the consumer's figures");
        }
    }

    private async Task RetryLaterAsync(string url, Message message, TimeSpan after)
    {
        try
        {
            await sqs.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, (int)after.TotalSeconds, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not shorten the visibility of {MessageId}; it comes back after the timeout", message.MessageId);
        }
    }

    private static int ReceiveCount(Message message) =>
        int.TryParse(message.Attributes?.GetValueOrDefault("ApproximateReceiveCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1;
}

/// <summary>Runs <see cref="OrderConsumer"/> in <c>ConsumerConcurrency</c> long-poll loops while the host runs.</summary>
public sealed class OrderConsumerService(OrderConsumer consumer, IOptions<OrdersOptions> options, ILogger<OrderConsumerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.ConsumerEnabled
            ? Task.WhenAll(Enumerable.Range(0, options.Value.ConsumerConcurrency).Select(_ => LoopAsync(stoppingToken)))
            : Task.CompletedTask;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await consumer.ReceiveOnceAsync(cancellationToken: stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The queue missing or SQS away: try again shortly (the real clock: a test's manual clock must not stall it).
                logger.LogWarning(e, "Receiving orders failed; trying again in 2 s");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
