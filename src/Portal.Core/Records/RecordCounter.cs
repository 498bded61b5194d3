using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

/// <summary>
/// How many VPC records there are, in all and per status, kept in one item of the VPC records table
/// (<c>pk</c> = <c>COUNTS</c>, <c>sk</c> = <c>RECORDS</c>; no <c>listKey</c>, so the list's index never sees it) and
/// changed by atomic ADDs as the store creates records and saves status changes. The list reads it with one GetItem
/// instead of counting with a Scan.
/// </summary>
/// <remarks>
/// The ADDs are conditional on the item existing. The first read of a table without it counts the records once
/// (a Query of the index) and writes the item; until then creates change nothing, so nothing is counted twice.
/// DynamoDB Local's stand-in has no transactions, so the record write and the ADD are two calls: a crash between them
/// leaves the count one off until <see cref="RecountAsync"/> runs again.
/// </remarks>
public sealed class RecordCounter(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    private const string TotalAttribute = "total";

    private string Table => aws.Value.Tables.Vpcs;

    /// <summary>Counts a new record in <paramref name="status"/>.</summary>
    public Task CountCreatedAsync(VpcStatus status) => AddAsync([(TotalAttribute, 1), (StatusAttribute(status), 1)]);

    /// <summary>Moves a record from one status to another.</summary>
    public Task CountMovedAsync(VpcStatus from, VpcStatus to) =>
        from == to ? Task.CompletedTask : AddAsync([(StatusAttribute(from), -1), (StatusAttribute(to), 1)]);

    /// <summary>The counts; on a table that has none yet, counts the records first (once).</summary>
    public async Task<RecordCounts> ReadAsync(CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key, ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : await RecountAsync(onlyIfMissing: true, cancellationToken);
    }

    /// <summary>Counts every record (a Query of the index, status only) and writes the counts over the counter.</summary>
    public async Task<RecordCounts> RecountAsync(bool onlyIfMissing = false, CancellationToken cancellationToken = default)
    {
        var byStatus = Enum.GetValues<VpcStatus>().ToDictionary(status => status, _ => 0L);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = Table,
                IndexName = VpcRecordStore.NewestFirstIndex,
                KeyConditionExpression = "listKey = :listKey",
                ExpressionAttributeValues = new() { [":listKey"] = new AttributeValue { S = VpcRecordStore.ListKeyValue } },
                ProjectionExpression = "#status",
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (Enum.TryParse<VpcStatus>(item["status"].S, out var status))
                    byStatus[status]++;
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        var counts = new RecordCounts(byStatus.Values.Sum(), byStatus);
        var write = new PutItemRequest { TableName = Table, Item = ToItem(counts) };
        if (onlyIfMissing)
            write.ConditionExpression = "attribute_not_exists(pk)";
        try
        {
            await dynamo.PutItemAsync(write, cancellationToken);
            return counts;
        }
        catch (ConditionalCheckFailedException)
        {
            return await ReadAsync(cancellationToken); // another reader wrote it first
        }
    }

    private async Task AddAsync(IReadOnlyList<(string Attribute, long By)> changes)
    {
        var names = changes.Select((_, i) => $"#c{i}").ToList();
        var values = changes.Select((_, i) => $":c{i}").ToList();
        var request = new UpdateItemRequest
        {
            TableName = Table,
            Key = Key,
            UpdateExpression = "ADD " + string.Join(", ", names.Zip(values, (name, value) => $"{name} {value}")),
            ConditionExpression = "attribute_exists(pk)",
            ExpressionAttributeNames = names.Zip(changes).ToDictionary(p => p.First, p => p.Second.Attribute),
            ExpressionAttributeValues = values.Zip(changes).ToDictionary(p => p.First, p => Number(p.Second.By)),
        };
        try
        {
            // Not the caller's token: the record is already written, so the count must follow it.
            await dynamo.UpdateItemAsync(request, CancellationToken.None);
        }
        catch (ConditionalCheckFailedException)
        {
            // Not counted yet: the first read counts this record with the rest.
        }
    }

    private static Dictionary<string, AttributeValue> Key => new()
    {
        ["pk"] = new() { S = "COUNTS" },
        ["sk"] = new() { S = "RECORDS" },
    };

    private static string StatusAttribute(VpcStatus status) => "status" + status;

    private static Dictionary<string, AttributeValue> ToItem(RecordCounts counts)
    {
        var item = Key;
        item[TotalAttribute] = Number(counts.Total);
        foreach (var (status, count) in counts.ByStatus)
            item[StatusAttribute(status)] = Number(count);
        return item;
    }

    private static RecordCounts FromItem(Dictionary<string, AttributeValue> item) => new(
        Read(item, TotalAttribute),
        Enum.GetValues<VpcStatus>().ToDictionary(status => status, status => Read(item, StatusAttribute(status))));

    private static long Read(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? long.Parse(value.N, CultureInfo.InvariantCulture) : 0;

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}

/// <summary>Records in all and per status.</summary>
public sealed record RecordCounts(long Total, IReadOnlyDictionary<VpcStatus, long> ByStatus)
{
    /// <summary>Records in <paramref name="status"/>, or all of them for null.</summary>
    public long Of(VpcStatus? status) => status is { } s ? ByStatus.GetValueOrDefault(s) : Total;
}
