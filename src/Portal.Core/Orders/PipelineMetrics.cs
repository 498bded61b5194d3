using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>One end-to-end sample of a new order: accepted by the API, stored by the consumer, notified by the stream notifier.</summary>
public sealed record LatencySample(DateTimeOffset NotifiedAt, TimeSpan AcceptedToStored, TimeSpan StoredToNotified)
{
    public TimeSpan Total => AcceptedToStored + StoredToNotified;
}

/// <summary>Where the notifier stands in one shard of the orders stream.</summary>
public sealed record ShardCheckpoint(string ShardId, string? SequenceNumber, bool Ended, DateTimeOffset? LastRecordAt, DateTimeOffset? ProcessedAt);

/// <summary>The pipeline's own state in one table (pk, sk): the notifier's lease (<c>lease</c>), its checkpoint per shard
/// (<c>checkpoint#{stream ARN}</c> / shard id), stored orders per minute (<c>stored#{minute}</c>), latency samples per hour
/// (<c>latency#{hour}</c> / notified time + event id, kept two days by TTL) and the consumer's last view of the queue.</summary>
public sealed class PipelineMetrics(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, TimeProvider time)
{
    private string Table => aws.Value.Tables.Pipeline;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName);

    private static string Minute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string Hour(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { ["pk"] = S(pk), ["sk"] = S(sk) };

    public async Task RecordStoredAsync(int count, TimeSpan? oldestAge, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (count > 0)
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = Key("stored#" + Minute(now), "count"),
                UpdateExpression = "ADD #count :n SET expiresAtEpoch = :ttl",
                ExpressionAttributeNames = new() { ["#count"] = "count" },
                ExpressionAttributeValues = new() { [":n"] = N(count), [":ttl"] = N((now + TimeSpan.FromDays(2)).ToUnixTimeSeconds()) },
            }, cancellationToken);
        }

        if (oldestAge is { } age)
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = new(Key("queue", "oldest")) { ["ageMs"] = N((long)age.TotalMilliseconds), ["seenAt"] = S(OrdersTable.Time(now)) },
            }, cancellationToken);
        }
    }

    /// <summary>Orders stored per minute over the last <paramref name="minutes"/> whole minutes before the current one.</summary>
    public async Task<double> StoredPerSecondAsync(int minutes = 5, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var keys = Enumerable.Range(0, minutes + 1).Select(i => Key("stored#" + Minute(now.AddMinutes(-i)), "count")).ToList();
        var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = new() { [Table] = new KeysAndAttributes { Keys = keys } } }, cancellationToken);
        var total = (response.Responses?.GetValueOrDefault(Table) ?? []).Sum(item => long.Parse(item["count"].N, CultureInfo.InvariantCulture));
        var span = TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(now.UtcDateTime.Second);
        return total / span.TotalSeconds;
    }

    public async Task<(TimeSpan Age, DateTimeOffset SeenAt)?> OldestSeenAsync(CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key("queue", "oldest"), ConsistentRead = true }, cancellationToken);
        return response.IsItemSet && response.Item.Count > 0
            ? (TimeSpan.FromMilliseconds(long.Parse(response.Item["ageMs"].N, CultureInfo.InvariantCulture)), OrdersTable.ParseTime(response.Item["seenAt"].S))
            : null;
    }

    public Task RecordLatencyAsync(string eventId, DateTimeOffset acceptedAt, DateTimeOffset storedAt, DateTimeOffset notifiedAt, CancellationToken cancellationToken = default) =>
        dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new(Key("latency#" + Hour(notifiedAt), OrdersTable.Time(notifiedAt) + "#" + eventId))
            {
                ["storedMs"] = N((long)(storedAt - acceptedAt).TotalMilliseconds),
                ["notifiedMs"] = N((long)(notifiedAt - storedAt).TotalMilliseconds),
                ["expiresAtEpoch"] = N((notifiedAt + TimeSpan.FromDays(2)).ToUnixTimeSeconds()),
            },
        }, cancellationToken);

    /// <summary>The samples notified in the last hour (the current and the previous hour partitions).</summary>
    public async Task<IReadOnlyList<LatencySample>> LastHourAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var from = now.AddHours(-1);
        var samples = new List<LatencySample>();
        foreach (var hour in new[] { from, now }.Select(Hour).Distinct())
        {
            var items = await QueryAllAsync(new QueryRequest
            {
                TableName = Table,
                KeyConditionExpression = "pk = :pk AND sk >= :from",
                ExpressionAttributeValues = new() { [":pk"] = S("latency#" + hour), [":from"] = S(OrdersTable.Time(from)) },
            }, cancellationToken);
            samples.AddRange(items.Select(item => new LatencySample(
                OrdersTable.ParseTime(item["sk"].S[..item["sk"].S.IndexOf('#')]),
                TimeSpan.FromMilliseconds(long.Parse(item["storedMs"].N, CultureInfo.InvariantCulture)),
                TimeSpan.FromMilliseconds(long.Parse(item["notifiedMs"].N, CultureInfo.InvariantCulture)))));
        }

        return samples;
    }

    /// <summary>Takes or renews the lease <paramref name="name"/>: free, expired, or already this holder's.</summary>
    public async Task<bool> TryHoldLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = new(Key("lease", name)) { ["holder"] = S(holder), ["expiresAtMs"] = N((now + duration).ToUnixTimeMilliseconds()) },
                ConditionExpression = "attribute_not_exists(pk) OR expiresAtMs < :now OR holder = :holder",
                ExpressionAttributeValues = new() { [":now"] = N(now.ToUnixTimeMilliseconds()), [":holder"] = S(holder) },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Gives the lease up at once (a clean stop), so another instance takes over without waiting for it to expire.</summary>
    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = Table,
                Key = Key("lease", name),
                ConditionExpression = "holder = :holder",
                ExpressionAttributeValues = new() { [":holder"] = S(holder) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
        }
    }

    public async Task<IReadOnlyList<ShardCheckpoint>> CheckpointsAsync(string streamArn, CancellationToken cancellationToken = default)
    {
        var items = await QueryAllAsync(new QueryRequest
        {
            TableName = Table,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = S("checkpoint#" + streamArn) },
            ConsistentRead = true,
        }, cancellationToken);
        return items.Select(item => new ShardCheckpoint(
            item["sk"].S,
            item.GetValueOrDefault("sequenceNumber")?.S,
            item.GetValueOrDefault("ended")?.BOOL == true,
            item.GetValueOrDefault("lastRecordAt")?.S is { } last ? OrdersTable.ParseTime(last) : null,
            item.GetValueOrDefault("processedAt")?.S is { } processed ? OrdersTable.ParseTime(processed) : null)).ToList();
    }

    /// <summary>Every item the query finds, following DynamoDB's pages.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var page = await dynamo.QueryAsync(request, cancellationToken);
            items.AddRange(page.Items ?? []);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (request.ExclusiveStartKey is not null);
        return items;
    }

    /// <summary>Saves a shard's position, only while <paramref name="holder"/> still holds the lease (one transaction: a holder
    /// that lost it, paused past its expiry, cannot move the checkpoint under its successor). False when it lost the lease.</summary>
    public async Task<bool> SaveCheckpointAsync(string leaseName, string holder, string streamArn, ShardCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        var item = Key("checkpoint#" + streamArn, checkpoint.ShardId);
        item["ended"] = new AttributeValue { BOOL = checkpoint.Ended };
        if (checkpoint.SequenceNumber is not null)
            item["sequenceNumber"] = S(checkpoint.SequenceNumber);
        if (checkpoint.LastRecordAt is { } last)
            item["lastRecordAt"] = S(OrdersTable.Time(last));
        if (checkpoint.ProcessedAt is { } processed)
            item["processedAt"] = S(OrdersTable.Time(processed));
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem
                    {
                        ConditionCheck = new ConditionCheck
                        {
                            TableName = Table,
                            Key = Key("lease", leaseName),
                            ConditionExpression = "holder = :holder",
                            ExpressionAttributeValues = new() { [":holder"] = S(holder) },
                        },
                    },
                    new TransactWriteItem { Put = new Put { TableName = Table, Item = item } },
                ],
            }, cancellationToken);
            return true;
        }
        catch (TransactionCanceledException)
        {
            return false;
        }
    }
}
