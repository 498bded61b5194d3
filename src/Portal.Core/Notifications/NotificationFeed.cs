using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Notifications;

/// <summary>The notifications the portal shows, read the way a subscriber gets them: an SQS queue (the inbox) is subscribed
/// to every topic; reading moves what arrived into the notifications table (pk = topic, sk = SNS timestamp + message id, so
/// a message read twice is stored once) and deletes it from the queue, then answers newest first from the table.</summary>
public sealed class NotificationFeed(
    IAmazonSQS sqs,
    SqsQueues queues,
    IAmazonDynamoDB dynamo,
    SnsNotificationPublisher publisher,
    IOptions<NotificationOptions> options,
    IOptions<AwsOptions> aws,
    IOptions<PortalOptions> portal,
    ILogger<NotificationFeed> logger)
{
    private const int MaxRoundsPerRead = 200; // up to 2,000 notifications moved per read

    private string Table => aws.Value.Tables.Notifications;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName);

    public async Task<IReadOnlyList<Notification>> RecentAsync(string topic, int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            await CollectAsync(cancellationToken);
        }
        catch (Exception e) when (e is AmazonSQSException or HttpRequestException or Amazon.Runtime.AmazonServiceException)
        {
            // The archive still answers; what waits in the queue shows on the next read.
            logger.LogWarning(e, "Could not read the notifications inbox");
        }

        if (limit <= 0)
            return [];
        var page = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = Table,
            KeyConditionExpression = "pk = :topic",
            ExpressionAttributeValues = new() { [":topic"] = new() { S = topic } },
            ScanIndexForward = false,
            Limit = limit,
        }, cancellationToken);
        return (page.Items ?? []).Select(item =>
        {
            var sk = item["sk"].S;
            var split = sk.LastIndexOf('#');
            return new Notification(topic, item["subject"].S, item["message"].S,
                DateTimeOffset.Parse(sk[..split], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), sk[(split + 1)..]);
        }).ToList();
    }

    /// <summary>Moves what waits in the inbox queue into the table; returns how many notifications it moved.</summary>
    public async Task<int> CollectAsync(CancellationToken cancellationToken = default)
    {
        var inbox = options.Value.InboxFor(Table, portal.Value.Mode == PortalMode.Local);
        if (inbox is null)
            return 0;
        var url = await queues.UrlAsync(inbox, cancellationToken);
        var topicsByArn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var topic in NotificationOptions.KnownTopics)
            topicsByArn[await publisher.TopicArnAsync(topic, cancellationToken)] = topic;

        var moved = 0;
        for (var round = 0; round < MaxRoundsPerRead; round++)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 }, cancellationToken);
            if (received.Messages is not { Count: > 0 } messages)
                break;
            foreach (var message in messages)
            {
                if (Parse(message.Body) is { } envelope && topicsByArn.TryGetValue(envelope.TopicArn, out var topic))
                    await StoreAsync(topic, envelope, cancellationToken);
                else
                    logger.LogWarning("Dropped an inbox message that is no notification of a known topic: {MessageId}", message.MessageId);
            }

            await sqs.DeleteMessageBatchAsync(url,
                messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
                cancellationToken);
            moved += messages.Count;
        }

        return moved;
    }

    private Task StoreAsync(string topic, Envelope envelope, CancellationToken cancellationToken) =>
        dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new()
            {
                ["pk"] = new() { S = topic },
                ["sk"] = new() { S = envelope.Timestamp.ToString("o", CultureInfo.InvariantCulture) + "#" + envelope.MessageId },
                ["subject"] = new() { S = envelope.Subject ?? "" },
                ["message"] = new() { S = envelope.Message },
            },
        }, cancellationToken);

    private sealed record Envelope(string TopicArn, string MessageId, string? Subject, string Message, DateTimeOffset Timestamp);

    /// <summary>SNS's JSON envelope of a notification delivered to SQS (raw delivery off).</summary>
    private static Envelope? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.GetProperty("Type").GetString() != "Notification")
                return null;
            return new Envelope(
                root.GetProperty("TopicArn").GetString()!,
                root.GetProperty("MessageId").GetString()!,
                root.TryGetProperty("Subject", out var subject) && subject.ValueKind == JsonValueKind.String ? subject.GetString() : null,
                root.GetProperty("Message").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("Timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
