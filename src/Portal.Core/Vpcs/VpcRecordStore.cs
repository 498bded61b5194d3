using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

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
/// <c>requestedBy</c>, <c>name</c>, <c>vpcId</c>, <c>cidr</c>; and <c>version</c> for optimistic concurrency.
/// GSI <c>newestFirst</c> (hash <c>listKey</c>, range <c>createdAt</c>) lists newest first without a Scan;
/// the CDK app declares the same schema.
/// </summary>
public sealed class VpcRecordStore(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    public const string NewestFirstIndex = "newestFirst";
    public const string ListKeyValue = "VPC";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private string Table => aws.Value.Tables.Vpcs;

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
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = ToItem(saved),
                ConditionExpression = "version = :version",
                ExpressionAttributeValues = new() { [":version"] = Number(record.Version) },
            }, cancellationToken);
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
        item["version"] = Number(record.Version);
        item["record"] = new() { S = JsonSerializer.Serialize(record, Json) };
        return item;
    }

    private static VpcRecord FromItem(Dictionary<string, AttributeValue> item) =>
        JsonSerializer.Deserialize<VpcRecord>(item["record"].S, Json)! with
        {
            Version = long.Parse(item["version"].N, CultureInfo.InvariantCulture),
        };

    // Sorts as text in time order: UTC, fixed width, 7 fraction digits.
    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
