using System.Globalization;
using System.Security.Claims;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;
using Portal.Core.Notifications;

namespace Portal.Core.Orders;

/// <summary>A queue's message counts as SQS reports them (approximate, like every SQS count).</summary>
public sealed record QueueDepth(long Visible, long InFlight, long Delayed)
{
    public long Total => Visible + InFlight + Delayed;
}

/// <summary>A message waiting in the dead-letter queue: its order id when it parses, and how often it was received.</summary>
public sealed record DeadLetter(string MessageId, string? OrderId, string Body, int ReceiveCount, DateTimeOffset? SentAt);

/// <summary>p50 / p95 of the last hour's new orders: accepted -> stored, stored -> notified, accepted -> notified.</summary>
public sealed record LatencyFigures(int Samples, TimeSpan? StoredP50, TimeSpan? StoredP95, TimeSpan? NotifiedP50, TimeSpan? NotifiedP95, TimeSpan? TotalP50, TimeSpan? TotalP95)
{
    public static LatencyFigures From(IReadOnlyList<LatencySample> samples) => new(
        samples.Count,
        Percentile(samples.Select(s => s.AcceptedToStored), 0.50), Percentile(samples.Select(s => s.AcceptedToStored), 0.95),
        Percentile(samples.Select(s => s.StoredToNotified), 0.50), Percentile(samples.Select(s => s.StoredToNotified), 0.95),
        Percentile(samples.Select(s => s.Total), 0.50), Percentile(samples.Select(s => s.Total), 0.95));

    /// <summary>Nearest-rank percentile; null without samples.</summary>
    public static TimeSpan? Percentile(IEnumerable<TimeSpan> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Everything the pipeline page shows, read at <see cref="At"/>.</summary>
public sealed record PipelineSnapshot(
    DateTimeOffset At,
    QueueDepth Queue,
    TimeSpan? OldestMessageAge,
    QueueDepth DeadLetterQueue,
    IReadOnlyList<DeadLetter> DeadLetters,
    double StoredPerSecond,
    LatencyFigures Latency,
    TimeSpan? StreamLag,
    DateTimeOffset? StreamReadAt,
    IReadOnlyList<Notification> RecentNotifications);

/// <summary>What a redrive did: refused (not an admin; nothing moved), or how many messages went back to the queue.</summary>
public sealed record RedriveResult(bool Refused, int Moved, string Message);

/// <summary>The orders pipeline as the portal shows it (everyone sees), and the one action on it, <see cref="RedriveAsync"/> (admins).</summary>
public sealed class PipelineMonitor(
    IAmazonSQS sqs,
    Amazon.DynamoDBv2.IAmazonDynamoDB dynamo,
    OrderQueue queue,
    PipelineMetrics metrics,
    NotificationFeed feed,
    IOptions<CognitoOptions> cognito,
    IOptions<Portal.Core.Aws.AwsOptions> aws,
    TimeProvider time,
    ILogger<PipelineMonitor> logger)
{
    public const int MaxRedrive = 1000;

    public async Task<PipelineSnapshot> ReadAsync(int deadLetterCount = 10, int notificationCount = 10, CancellationToken cancellationToken = default)
    {
        var url = await queue.UrlAsync(cancellationToken);
        var deadLetterUrl = await queue.DeadLetterUrlAsync(cancellationToken);
        var depth = DepthAsync(url, cancellationToken);
        var deadDepth = DepthAsync(deadLetterUrl, cancellationToken);
        var deadLetters = PeekAsync(deadLetterUrl, deadLetterCount, cancellationToken);
        var throughput = metrics.StoredPerSecondAsync(5, cancellationToken);
        var latency = metrics.LastHourAsync(cancellationToken);
        var oldest = metrics.OldestSeenAsync(cancellationToken);
        var notifications = feed.RecentAsync(OrderNotifier.Topic, notificationCount, cancellationToken);
        var checkpoints = StreamCheckpointsAsync(cancellationToken);

        var queueDepth = await depth;
        // SQS has no "age of the oldest message" attribute (CloudWatch's ApproximateAgeOfOldestMessage has it in AWS): the
        // consumer records the age of the oldest message it received last; an empty queue has none waiting.
        var seen = await oldest;
        TimeSpan? oldestAge = queueDepth.Total == 0 ? null : seen?.Age + (time.GetUtcNow() - seen?.SeenAt);
        var newest = (await checkpoints).Where(c => c.ProcessedAt is not null).MaxBy(c => c.ProcessedAt);
        return new PipelineSnapshot(
            time.GetUtcNow(), queueDepth, oldestAge, await deadDepth, await deadLetters, await throughput,
            LatencyFigures.From(await latency),
            newest?.LastRecordAt is { } last ? newest.ProcessedAt!.Value - last : null,
            newest?.ProcessedAt,
            await notifications);
    }

    /// <summary>Moves up to <paramref name="max"/> dead letters back to the orders queue (admins only: a member of
    /// <c>Portal:Auth:AdminGroup</c>, checked here, whoever calls). Each is sent again with its body unchanged, then deleted
    /// from the dead-letter queue; its id inside the body keeps the consumer from applying it twice.</summary>
    public async Task<RedriveResult> RedriveAsync(ClaimsPrincipal user, int max = MaxRedrive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var adminGroup = cognito.Value.AdminGroup;
        if (user.Identity?.IsAuthenticated != true || !(user.IsInRole(adminGroup) || user.HasClaim(CognitoClaims.Groups, adminGroup)))
            return new RedriveResult(true, 0, $"Only members of '{adminGroup}' may redrive dead letters.");
        max = Math.Clamp(max, 1, MaxRedrive);

        var url = await queue.UrlAsync(cancellationToken);
        var deadLetterUrl = await queue.DeadLetterUrlAsync(cancellationToken);
        var moved = 0;
        while (moved < max)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = deadLetterUrl,
                MaxNumberOfMessages = Math.Min(10, max - moved),
                WaitTimeSeconds = 0,
                VisibilityTimeout = 30,
            }, cancellationToken);
            if (received.Messages is not { Count: > 0 } messages)
                break;
            var sent = await sqs.SendMessageBatchAsync(url,
                messages.Select((m, i) => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.Body)).ToList(), cancellationToken);
            var back = (sent.Successful ?? []).Select(s => messages[int.Parse(s.Id, CultureInfo.InvariantCulture)]).ToList();
            if (back.Count > 0)
            {
                await sqs.DeleteMessageBatchAsync(deadLetterUrl,
                    back.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(), cancellationToken);
            }

            moved += back.Count;
            if (back.Count < messages.Count)
                break; // SQS refused some: they stay in the dead-letter queue (visible again after 30 s)
        }

        logger.LogInformation("{User} redrove {Count} dead letter(s) to the orders queue", user.FindFirst(CognitoClaims.Username)?.Value ?? user.Identity.Name, moved);
        return new RedriveResult(false, moved, moved == 0 ? "The dead-letter queue is empty." : $"{moved} message(s) went back to the orders queue.");
    }

    private async Task<QueueDepth> DepthAsync(string url, CancellationToken cancellationToken)
    {
        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        }, cancellationToken)).Attributes;
        long Count(string name) => long.TryParse(attributes?.GetValueOrDefault(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new QueueDepth(Count("ApproximateNumberOfMessages"), Count("ApproximateNumberOfMessagesNotVisible"), Count("ApproximateNumberOfMessagesDelayed"));
    }

    /// <summary>Up to <paramref name="count"/> dead letters, received with visibility timeout 0 so they stay where they are.</summary>
    private async Task<IReadOnlyList<DeadLetter>> PeekAsync(string url, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
            return [];
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = Math.Min(10, count),
            WaitTimeSeconds = 0,
            VisibilityTimeout = 0,
            MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
        }, cancellationToken);
        return (received.Messages ?? []).Select(m => new DeadLetter(
            m.MessageId,
            OrderIdOf(m.Body),
            m.Body,
            int.TryParse(m.Attributes?.GetValueOrDefault("ApproximateReceiveCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0,
            long.TryParse(m.Attributes?.GetValueOrDefault("SentTimestamp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null)).ToList();
    }

    private static string? OrderIdOf(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("order", out var order) && order.ValueKind == System.Text.Json.JsonValueKind.Object
                && order.TryGetProperty("orderID", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<ShardCheckpoint>> StreamCheckpointsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var table = await dynamo.DescribeTableAsync(aws.Value.Tables.Orders, cancellationToken);
            return table.Table.LatestStreamArn is { } arn ? await metrics.CheckpointsAsync(arn, cancellationToken) : [];
        }
        catch (Amazon.DynamoDBv2.AmazonDynamoDBException e)
        {
            logger.LogWarning(e, "Could not read the stream checkpoints");
            return [];
        }
    }
}
