using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>Raised when a checkpoint finds the job moved on without us: another runner owns it now.</summary>
public sealed class LoadJobTakenOverException(string jobId)
    : Exception($"Load job {jobId} was advanced by another runner; this one stops.");

/// <summary>Load job records in the load-jobs table (key <c>jobId</c>, kind <c>job</c>; the table also holds
/// the hourly ingest counters, kind <c>hour</c>).</summary>
public sealed class LoadJobStore(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, TimeProvider time)
{
    private string Table => aws.Value.Tables.LoadJobs;

    public static DynamoTable Definition(string tableName) => new(new CreateTableRequest
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [new("jobId", ScalarAttributeType.S)],
        KeySchema = [new("jobId", KeyType.HASH)],
    });

    public async Task<LoadJob> CreateAsync(string key, string fileName, OrderFileFormat format, string createdBy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var job = new LoadJob($"load-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}", key, fileName, format,
            LoadJobState.Queued, createdBy, now, now, null, 0, 0, 0, 0, 0, [], null);
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new()
            {
                ["jobId"] = new() { S = job.JobId },
                ["kind"] = new() { S = "job" },
                ["key"] = new() { S = key },
                ["fileName"] = new() { S = fileName },
                ["format"] = new() { S = format.ToString() },
                ["state"] = new() { S = job.State.ToString() },
                ["createdBy"] = new() { S = createdBy },
                ["createdAt"] = new() { S = OrdersTable.Time(now) },
                ["updatedAt"] = new() { S = OrdersTable.Time(now) },
                ["lastLine"] = Zero, ["read"] = Zero, ["inserted"] = Zero, ["updated"] = Zero, ["rejected"] = Zero,
                ["errors"] = new() { L = [], IsLSet = true },
            },
            ConditionExpression = "attribute_not_exists(jobId)",
        }, cancellationToken);
        return job;
    }

    public async Task<LoadJob?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = new() { ["jobId"] = new() { S = jobId } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.IsItemSet && response.Item.GetValueOrDefault("kind")?.S == "job" ? FromItem(response.Item) : null;
    }

    /// <summary>The newest jobs. A scan: the table holds a few hundred small items at most (jobs and 24 h of counters per day).</summary>
    public async Task<IReadOnlyList<LoadJob>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        var jobs = new List<LoadJob>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.ScanAsync(new ScanRequest
            {
                TableName = Table,
                FilterExpression = "#kind = :job",
                ExpressionAttributeNames = new() { ["#kind"] = "kind" },
                ExpressionAttributeValues = new() { [":job"] = new() { S = "job" } },
                ExclusiveStartKey = start,
            }, cancellationToken);
            jobs.AddRange((page.Items ?? []).Select(FromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (start is not null);
        return jobs.OrderByDescending(j => j.CreatedAt).Take(limit).ToList();
    }

    public Task MarkRunningAsync(string jobId, CancellationToken cancellationToken = default) =>
        SetStateAsync(jobId, LoadJobState.Running, null, cancellationToken);

    public Task FinishAsync(string jobId, LoadJobState state, string? message, CancellationToken cancellationToken = default) =>
        SetStateAsync(jobId, state, message, cancellationToken);

    /// <summary>Commits a window of lines: moves LastLine from <paramref name="fromLine"/> to <paramref name="toLine"/> and adds
    /// the totals, in one conditional UpdateItem. The condition makes a second runner of the same job fail instead of counting twice.</summary>
    public async Task CheckpointAsync(string jobId, long fromLine, long toLine, LoadProgress progress, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":from"] = Num(fromLine), [":to"] = Num(toLine), [":now"] = new() { S = OrdersTable.Time(time.GetUtcNow()) },
            [":read"] = Num(progress.Read), [":inserted"] = Num(progress.Inserted), [":updated"] = Num(progress.Updated),
            [":rejected"] = Num(progress.Rejected),
        };
        var set = "#lastLine = :to, #updatedAt = :now";
        if (progress.Errors.Count > 0)
        {
            values[":errors"] = new() { L = progress.Errors.Select(ErrorValue).ToList() };
            set += ", #errors = list_append(#errors, :errors)";
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = new() { ["jobId"] = new() { S = jobId } },
                UpdateExpression = $"SET {set} ADD #read :read, #inserted :inserted, #updated :updated, #rejected :rejected",
                ConditionExpression = "#lastLine = :from",
                ExpressionAttributeNames = Names(set + " #read #inserted #updated #rejected #lastLine"),
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            throw new LoadJobTakenOverException(jobId);
        }
    }

    private async Task SetStateAsync(string jobId, LoadJobState state, string? message, CancellationToken cancellationToken)
    {
        var now = new AttributeValue { S = OrdersTable.Time(time.GetUtcNow()) };
        var values = new Dictionary<string, AttributeValue> { [":state"] = new() { S = state.ToString() }, [":now"] = now };
        var set = "#state = :state, #updatedAt = :now";
        if (state is LoadJobState.Completed or LoadJobState.Failed)
            set += ", #finishedAt = :now";
        if (message is not null)
        {
            values[":message"] = new() { S = message };
            set += ", #message = :message";
        }

        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = new() { ["jobId"] = new() { S = jobId } },
            UpdateExpression = "SET " + set + (message is null ? " REMOVE #message" : ""),
            ConditionExpression = "attribute_exists(#jobId)",
            ExpressionAttributeNames = Names(set + " #message #jobId"),
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    /// <summary>Aliases for every #name in an expression (many attribute names are DynamoDB reserved words).</summary>
    private static Dictionary<string, string> Names(string expression) =>
        System.Text.RegularExpressions.Regex.Matches(expression, "#[A-Za-z]+").Select(m => m.Value).Distinct()
            .ToDictionary(n => n, n => n[1..]);

    private static readonly AttributeValue Zero = new() { N = "0" };

    private static AttributeValue Num(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static AttributeValue ErrorValue(LineError error) => new()
    {
        M = new() { ["line"] = Num(error.Line), ["reason"] = new() { S = error.Reason } },
    };

    private static long Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is not null ? long.Parse(v.N, CultureInfo.InvariantCulture) : 0;

    private static LoadJob FromItem(Dictionary<string, AttributeValue> item) => new(
        item["jobId"].S,
        item["key"].S,
        item["fileName"].S,
        Enum.Parse<OrderFileFormat>(item["format"].S),
        Enum.Parse<LoadJobState>(item["state"].S),
        item["createdBy"].S,
        OrdersTable.ParseTime(item["createdAt"].S),
        OrdersTable.ParseTime(item["updatedAt"].S),
        item.TryGetValue("finishedAt", out var finished) ? OrdersTable.ParseTime(finished.S) : null,
        Long(item, "lastLine"), Long(item, "read"), Long(item, "inserted"), Long(item, "updated"), Long(item, "rejected"),
        (item.GetValueOrDefault("errors")?.L ?? []).Select(e => new LineError(long.Parse(e.M["line"].N, CultureInfo.InvariantCulture), e.M["reason"].S)).ToList(),
        item.GetValueOrDefault("message")?.S);
}
