using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Records;

namespace Portal.Core.Vpcs;

/// <summary>Someone else saved the record since it was read; read it again and decide afresh.</summary>
public sealed class VpcRecordConflictException(string requestId)
    : Exception($"VPC record {requestId} was changed by someone else; read it again.")
{
    public string RequestId { get; } = requestId;
}

/// <summary>
/// VPC records in DynamoDB (table <see cref="TableNames.Vpcs"/>). Item layout:
/// <c>pk</c> = <c>VPC#&lt;requestId&gt;</c>, <c>sk</c> = <c>RECORD</c>; the whole <see cref="VpcRecord"/> as JSON in
/// <c>record</c> (one attribute, so the shape can grow without a migration); copies of the fields lists filter and
/// sort on as plain attributes: <c>listKey</c> (always <c>VPC</c>), <c>createdAt</c> (ISO-8601 UTC), <c>status</c>,
/// <c>requestedBy</c>, <c>name</c>, <c>vpcId</c>, <c>cidr</c>, <c>search</c> (name, VPC id and CIDR lowercased, for the
/// case-insensitive text filter); and <c>version</c> for optimistic concurrency.
/// GSI <c>newestFirst</c> (hash <c>listKey</c>, range <c>createdAt</c>) lists newest first without a Scan;
/// the CDK app declares the same schema. The same table holds the <see cref="RecordCounter"/>'s item, kept in step by
/// <see cref="CreateAsync"/> and <see cref="SaveAsync"/>.
/// </summary>
public sealed class VpcRecordStore(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    public const string NewestFirstIndex = "newestFirst";
    public const string ListKeyValue = "VPC";

    private string Table => aws.Value.Tables.Vpcs;

    /// <summary>How many records there are, in all and per status.</summary>
    public RecordCounter Counter { get; } = new(dynamo, aws);

    public static DynamoTable Definition(string tableName) => new(new CreateTableRequest
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S),
            new("listKey", ScalarAttributeType.S), new("createdAt", ScalarAttributeType.S),
        ],
        KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = NewestFirstIndex,
                KeySchema = [new("listKey", KeyType.HASH), new("createdAt", KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
        ],
    });

    /// <summary>Writes a new record (version 1) and returns it; returns null (and writes nothing) when one with this request id exists.</summary>
    public async Task<VpcRecord?> CreateAsync(VpcRecord record, CancellationToken cancellationToken = default)
    {
        var created = record with { Version = 1 };
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = ToItem(created),
                ConditionExpression = "attribute_not_exists(pk)",
            }, cancellationToken);
            await Counter.CountCreatedAsync(created.Status);
            return created;
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<VpcRecord?> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = KeyOf(requestId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    /// <summary>Writes the record over the version it was read at and returns it with the new version;
    /// throws <see cref="VpcRecordConflictException"/> when someone saved in between.</summary>
    public async Task<VpcRecord> SaveAsync(VpcRecord record, CancellationToken cancellationToken = default)
    {
        var saved = record with { Version = record.Version + 1 };
        try
        {
            var old = await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = ToItem(saved),
                ConditionExpression = "version = :version",
                ExpressionAttributeValues = new() { [":version"] = Number(record.Version) },
                ReturnValues = ReturnValue.ALL_OLD,
            }, cancellationToken);
            if (old.Attributes?.GetValueOrDefault("status")?.S is { } before && Enum.TryParse<VpcStatus>(before, out var from))
                await Counter.CountMovedAsync(from, saved.Status);
            return saved;
        }
        catch (ConditionalCheckFailedException)
        {
            throw new VpcRecordConflictException(record.RequestId);
        }
    }

    /// <summary>The newest <paramref name="limit"/> records, newest first (GSI query, no Scan).</summary>
    public async Task<IReadOnlyList<VpcRecord>> ListRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var response = await dynamo.QueryAsync(NewestFirst(limit, null), cancellationToken);
        return (response.Items ?? []).Select(FromItem).ToList();
    }

    /// <summary>Every record in one of <paramref name="statuses"/>, oldest first; for the reconciler.</summary>
    public async Task<IReadOnlyList<VpcRecord>> ListByStatusAsync(IReadOnlyCollection<VpcStatus> statuses, CancellationToken cancellationToken = default)
    {
        var records = new List<VpcRecord>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = NewestFirst(null, start);
            request.ScanIndexForward = true;
            var names = statuses.Select((_, i) => $":s{i}").ToList();
            request.FilterExpression = $"#status IN ({string.Join(", ", names)})";
            request.ExpressionAttributeNames = new() { ["#status"] = "status" };
            foreach (var (status, name) in statuses.Zip(names))
                request.ExpressionAttributeValues[name] = new AttributeValue { S = status.ToString() };
            var page = await dynamo.QueryAsync(request, cancellationToken);
            records.AddRange((page.Items ?? []).Select(FromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return records;
    }

    /// <summary>
    /// One page of records matching <paramref name="filter"/> in <paramref name="order"/>, continuing after the item whose key is
    /// <paramref name="after"/>. <see cref="VpcRecordPage.LastKey"/> is the key of the last record RETURNED (not
    /// DynamoDB's LastEvaluatedKey, which may lie beyond matching items this page did not take), and null when no
    /// further record matches: the page reads one match more than it returns to know.
    /// </summary>
    /// <remarks>
    /// A Query of the <c>newestFirst</c> GSI with a FilterExpression, never a Scan. DynamoDB applies the filter after
    /// reading, so a rare status or creator reads many items per page: fine for this estate (hundreds to a few thousand
    /// records, a few hundred KB per 1 MB Query call). At scale, add a GSI keyed on status (hash <c>status</c>, range
    /// <c>createdAt</c>, like the orders table's <c>byStatus</c>) and make the status filter a key condition; likewise
    /// one on <c>requestedBy</c> for the creator filter.
    /// </remarks>
    public async Task<VpcRecordPage> QueryPageAsync(RecordFilter filter, int pageSize, Dictionary<string, AttributeValue>? after,
        RecordOrder order = RecordOrder.NewestFirst, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var wanted = pageSize + 1;
        var matched = new List<(VpcRecord Record, Dictionary<string, AttributeValue> Key)>(wanted);
        var start = after;
        do
        {
            // Unfiltered, every item read is a match: read exactly what is missing. Filtered, read more per call.
            var missing = wanted - matched.Count;
            var request = Filtered(filter, filter.IsEmpty ? missing : Math.Max(missing * 4, 200), start);
            request.ScanIndexForward = order == RecordOrder.OldestFirst;
            var response = await dynamo.QueryAsync(request, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                var record = await MatchAsync(item, filter, cancellationToken);
                if (record is null)
                    continue;
                matched.Add((record, IndexKeyOf(item)));
                if (matched.Count == wanted)
                    break;
            }

            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (matched.Count < wanted && start is not null);

        var page = matched.Take(pageSize).ToList();
        return new VpcRecordPage(page.Select(m => m.Record).ToList(), matched.Count > pageSize ? page[^1].Key : null);
    }

    /// <summary>Every record matching <paramref name="filter"/>, newest first, one DynamoDB Query page (up to
    /// <paramref name="readPerCall"/> items read) at a time, so an export holds one page in memory, not the table.</summary>
    public async IAsyncEnumerable<IReadOnlyList<VpcRecord>> StreamAsync(RecordFilter filter, int readPerCall = 1000,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(Filtered(filter, readPerCall, start), cancellationToken);
            var page = new List<VpcRecord>(response.Items?.Count ?? 0);
            foreach (var item in response.Items ?? [])
            {
                if (await MatchAsync(item, filter, cancellationToken) is { } record)
                    page.Add(record);
            }

            if (page.Count > 0)
                yield return page;
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
    }

    private QueryRequest Filtered(RecordFilter filter, int limit, Dictionary<string, AttributeValue>? start)
    {
        var request = NewestFirst(limit, start);
        request.ExpressionAttributeNames = [];
        var conditions = new List<string>();
        if (filter.Status is { } status)
        {
            conditions.Add("#status = :status");
            request.ExpressionAttributeNames["#status"] = "status";
            request.ExpressionAttributeValues[":status"] = new AttributeValue { S = status.ToString() };
        }

        if (filter.Creator is { } creator)
        {
            conditions.Add("begins_with(#requestedBy, :creator)");
            request.ExpressionAttributeNames["#requestedBy"] = "requestedBy";
            request.ExpressionAttributeValues[":creator"] = new AttributeValue { S = creator };
        }

        if (filter.Text is { } text)
        {
            // Items written before the search attribute existed pass through and are matched (and backfilled) in MatchAsync.
            conditions.Add("(contains(#search, :text) OR attribute_not_exists(#search))");
            request.ExpressionAttributeNames["#search"] = "search";
            request.ExpressionAttributeValues[":text"] = new AttributeValue { S = text.ToLowerInvariant() };
        }

        if (conditions.Count > 0)
            request.FilterExpression = string.Join(" AND ", conditions);
        else
            request.ExpressionAttributeNames = null; // DynamoDB refuses an empty map
        return request;
    }

    /// <summary>The record when it matches; items without <c>search</c> get it written (once, over their version).</summary>
    private async Task<VpcRecord?> MatchAsync(Dictionary<string, AttributeValue> item, RecordFilter filter, CancellationToken cancellationToken)
    {
        var record = FromItem(item);
        if (!item.ContainsKey("search"))
        {
            try
            {
                await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = Table,
                    Key = KeyOf(record.RequestId),
                    UpdateExpression = "SET #search = :search",
                    ConditionExpression = "#version = :version AND attribute_not_exists(#search)",
                    ExpressionAttributeNames = new() { ["#search"] = "search", ["#version"] = "version" },
                    ExpressionAttributeValues = new()
                    {
                        [":search"] = new AttributeValue { S = RecordFilter.SearchText(record) },
                        [":version"] = Number(record.Version),
                    },
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
                // Saved in between (with search) or backfilled by another reader: nothing left to do.
            }
        }

        return filter.Matches(record) ? record : null;
    }

    /// <summary>The table key plus the GSI key: what ExclusiveStartKey needs to continue a GSI Query after this item.</summary>
    private static Dictionary<string, AttributeValue> IndexKeyOf(Dictionary<string, AttributeValue> item) =>
        new[] { "pk", "sk", "listKey", "createdAt" }.ToDictionary(name => name, name => item[name]);

    private QueryRequest NewestFirst(int? limit, Dictionary<string, AttributeValue>? start) => new()
    {
        TableName = Table,
        IndexName = NewestFirstIndex,
        KeyConditionExpression = "listKey = :listKey",
        ExpressionAttributeValues = new() { [":listKey"] = new AttributeValue { S = ListKeyValue } },
        ScanIndexForward = false,
        Limit = limit,
        ExclusiveStartKey = start,
    };

    private static Dictionary<string, AttributeValue> KeyOf(string requestId) => new()
    {
        ["pk"] = new() { S = "VPC#" + requestId },
        ["sk"] = new() { S = "RECORD" },
    };

    private static Dictionary<string, AttributeValue> ToItem(VpcRecord record)
    {
        var item = KeyOf(record.RequestId);
        item["listKey"] = new() { S = ListKeyValue };
        item["createdAt"] = new() { S = Iso(record.CreatedAt) };
        item["updatedAt"] = new() { S = Iso(record.UpdatedAt) };
        item["status"] = new() { S = record.Status.ToString() };
        item["requestedBy"] = new() { S = record.RequestedBy };
        item["name"] = new() { S = record.Name };
        item["cidr"] = new() { S = record.Cidr };
        if (record.VpcId is not null)
            item["vpcId"] = new() { S = record.VpcId };
        item["search"] = new() { S = RecordFilter.SearchText(record) };
        item["version"] = Number(record.Version);
        item["record"] = new() { S = JsonSerializer.Serialize(record, VpcRecordJson.Options) };
        return item;
    }

    private static VpcRecord FromItem(Dictionary<string, AttributeValue> item) =>
        JsonSerializer.Deserialize<VpcRecord>(item["record"].S, VpcRecordJson.Options)! with
        {
            Version = long.Parse(item["version"].N, CultureInfo.InvariantCulture),
        };

    // Sorts as text in time order: UTC, fixed width, 7 fraction digits.
    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}

/// <summary>Records of one page and the key to continue after the last of them (null when no further record matches).</summary>
public sealed record VpcRecordPage(IReadOnlyList<VpcRecord> Records, Dictionary<string, AttributeValue>? LastKey);
