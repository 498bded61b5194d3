using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>Orders accepted and refused in one UTC hour, by the API and the loader together.</summary>
public sealed record HourCount(DateTimeOffset Hour, long Inserted, long Updated, long Rejected)
{
    public long Accepted => Inserted + Updated;
}

/// <summary>Hourly ingest counters (items <c>hour#yyyy-MM-ddTHH</c> in the load-jobs table, kind <c>hour</c>), bumped with ADD:
/// the dashboard reads 24 small items instead of querying a day of orders. They are health figures, not a ledger:
/// a crash between a write and its counter can leave an hour a little short.</summary>
public sealed class IngestStats(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    private string Table => aws.Value.Tables.LoadJobs;

    public async Task RecordAsync(DateTimeOffset at, long inserted, long updated, long rejected, CancellationToken cancellationToken = default)
    {
        if (inserted + updated + rejected == 0)
            return;
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = new() { ["jobId"] = new() { S = HourKey(at) } },
            UpdateExpression = "SET #kind = :hour ADD #inserted :inserted, #updated :updated, #rejected :rejected",
            ExpressionAttributeNames = new() { ["#kind"] = "kind", ["#inserted"] = "inserted", ["#updated"] = "updated", ["#rejected"] = "rejected" },
            ExpressionAttributeValues = new()
            {
                [":hour"] = new() { S = "hour" },
                [":inserted"] = OrdersTable.Number(inserted),
                [":updated"] = OrdersTable.Number(updated),
                [":rejected"] = OrdersTable.Number(rejected),
            },
        }, cancellationToken);
    }

    /// <summary>The 24 hours ending with the current one, oldest first; hours without traffic count zero.</summary>
    public async Task<IReadOnlyList<HourCount>> LastDayAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var current = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        var hours = Enumerable.Range(0, 24).Select(i => current.AddHours(i - 23)).ToList();
        var found = new Dictionary<string, Dictionary<string, AttributeValue>>();
        var keys = hours.Select(h => new Dictionary<string, AttributeValue> { ["jobId"] = new() { S = HourKey(h) } }).ToList();
        while (keys.Count > 0)
        {
            var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new() { [Table] = new KeysAndAttributes { Keys = keys } },
            }, cancellationToken);
            foreach (var item in response.Responses?.GetValueOrDefault(Table) ?? [])
                found[item["jobId"].S] = item;
            keys = response.UnprocessedKeys?.GetValueOrDefault(Table)?.Keys ?? [];
        }

        return hours.Select(h => found.TryGetValue(HourKey(h), out var item)
            ? new HourCount(h, Long(item, "inserted"), Long(item, "updated"), Long(item, "rejected"))
            : new HourCount(h, 0, 0, 0)).ToList();
    }

    public static string HourKey(DateTimeOffset at) => "hour#" + at.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    private static long Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is not null ? long.Parse(v.N, CultureInfo.InvariantCulture) : 0;
}
