using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>Reads the <c>orders</c> table's stream and publishes one notification per new order (INSERT record), as the
/// Streams -> Lambda -> SNS leg would. One reader across instances: each poll takes or renews a lease in the pipeline table,
/// and only its holder reads. The position is checkpointed per shard after every record, in one transaction with a check
/// that the lease is still held, so a restart resumes right after the last notified record: none twice, none skipped.
/// Parent shards are read to their end before their children. The window left: a crash between SNS accepting a publish
/// and the checkpoint repeats that one notification (SNS standard topics have no deduplication).</summary>
public sealed class OrderStreamNotifier(
    IAmazonDynamoDB dynamo,
    DynamoDbStreamsClient streams,
    OrderNotifier notifier,
    PipelineMetrics metrics,
    IOptions<AwsOptions> aws,
    IOptions<OrdersOptions> options,
    TimeProvider time,
    ILogger<OrderStreamNotifier> logger)
{
    private const int RecordsPerCall = 100;

    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private string LeaseName => "notifier#" + aws.Value.Tables.Orders;

    /// <summary>Test seam: runs after a record was published, before its checkpoint.</summary>
    internal Func<StreamRecord, CancellationToken, Task>? AfterPublish { get; set; }

    /// <summary>One pass: takes the lease (false when another instance holds it), then reads every shard to its current end.
    /// Returns the number of notifications published, or null without the lease.</summary>
    public async Task<int?> PollAsync(CancellationToken cancellationToken = default)
    {
        if (!await metrics.TryHoldLeaseAsync(LeaseName, Holder, options.Value.NotifierLease, cancellationToken))
            return null;
        var table = await dynamo.DescribeTableAsync(aws.Value.Tables.Orders, cancellationToken);
        var streamArn = table.Table.LatestStreamArn
            ?? throw new InvalidOperationException($"Table {aws.Value.Tables.Orders} has no stream: enable one (NEW_IMAGE).");

        var shards = await ShardsAsync(streamArn, cancellationToken);
        var checkpoints = (await metrics.CheckpointsAsync(streamArn, cancellationToken)).ToDictionary(c => c.ShardId);
        var published = 0;
        var renewedAt = time.GetUtcNow();
        foreach (var shard in shards)
        {
            if (checkpoints.TryGetValue(shard.ShardId, out var done) && done.Ended)
                continue;
            // A child waits until its parent (when the stream still lists it) has been read to its end.
            if (shard.ParentShardId is { } parent && shards.Any(s => s.ShardId == parent)
                && !(checkpoints.TryGetValue(parent, out var parentCheckpoint) && parentCheckpoint.Ended))
                continue;

            var checkpoint = checkpoints.GetValueOrDefault(shard.ShardId) ?? new ShardCheckpoint(shard.ShardId, null, false, null, null);
            var iterator = await streams.GetShardIteratorAsync(streamArn, shard.ShardId, checkpoint.SequenceNumber, cancellationToken);

            while (iterator is not null)
            {
                var page = await streams.GetRecordsAsync(iterator, RecordsPerCall, cancellationToken);
                foreach (var record in page.Records)
                {
                    // Stopping between records, never between a publish and its checkpoint.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (record.EventName == "INSERT")
                        published += await NotifyAsync(record, cancellationToken);
                    checkpoint = checkpoint with { SequenceNumber = record.SequenceNumber, LastRecordAt = record.CreatedAt, ProcessedAt = time.GetUtcNow() };
                    if (!await metrics.SaveCheckpointAsync(LeaseName, Holder, streamArn, checkpoint, CancellationToken.None))
                    {
                        logger.LogWarning("The stream notifier lost its lease; another instance goes on from the last checkpoint");
                        return published;
                    }
                }

                iterator = page.NextShardIterator;
                if (iterator is null)
                {
                    // A closed shard read to its end: its children may start.
                    checkpoint = checkpoint with { Ended = true };
                    await metrics.SaveCheckpointAsync(LeaseName, Holder, streamArn, checkpoint, CancellationToken.None);
                }
                else if (page.Records.Count == 0)
                    break; // caught up with an open shard
                if (time.GetUtcNow() - renewedAt > options.Value.NotifierLease / 3)
                {
                    if (!await metrics.TryHoldLeaseAsync(LeaseName, Holder, options.Value.NotifierLease, cancellationToken))
                        return published;
                    renewedAt = time.GetUtcNow();
                }
            }
        }

        return published;
    }

    public Task ReleaseAsync(CancellationToken cancellationToken = default) => metrics.ReleaseLeaseAsync(LeaseName, Holder, cancellationToken);

    private async Task<int> NotifyAsync(StreamRecord record, CancellationToken cancellationToken)
    {
        var image = record.NewImage;
        if (image is null || !image.ContainsKey("orderID"))
            return 0;
        var order = OrdersTable.FromItem(image);
        // Not cancellable once started: a publish is followed by its checkpoint.
        await notifier.NewOrderAsync(new OrderDraft(order.OrderId, order.Customer, order.Currency, order.Status, order.Items), CancellationToken.None);
        if (AfterPublish is not null)
            await AfterPublish(record, cancellationToken);
        if (image.GetValueOrDefault("acceptedAt")?.S is { } accepted && image.GetValueOrDefault("storedAt")?.S is { } stored)
        {
            try
            {
                await metrics.RecordLatencyAsync(record.EventId, OrdersTable.ParseTime(accepted), OrdersTable.ParseTime(stored), time.GetUtcNow(), CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not record the latency of order {OrderId}", order.OrderId);
            }
        }

        return 1;
    }

    private async Task<List<StreamShard>> ShardsAsync(string streamArn, CancellationToken cancellationToken)
    {
        var shards = new List<StreamShard>();
        string? start = null;
        do
        {
            var (page, last) = await streams.DescribeStreamAsync(streamArn, start, cancellationToken);
            shards.AddRange(page);
            start = last;
        }
        while (start is not null);
        return shards;
    }
}

/// <summary>Runs <see cref="OrderStreamNotifier"/> every poll interval while the host runs; gives the lease up on a clean stop.</summary>
public sealed class OrderStreamNotifierService(OrderStreamNotifier notifier, IOptions<OrdersOptions> options, ILogger<OrderStreamNotifierService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.NotifierEnabled)
            return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await notifier.PollAsync(stoppingToken);
                if (published is > 0)
                    continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Reading the orders stream failed; trying again");
            }

            try
            {
                await Task.Delay(options.Value.NotifierPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            await notifier.ReleaseAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not release the notifier lease; it expires on its own");
        }
    }
}
