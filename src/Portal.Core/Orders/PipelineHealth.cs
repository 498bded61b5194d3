using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>The dashboard's pipeline figures for the last 24 hours.</summary>
public sealed record PipelineHealth(IReadOnlyList<HourCount> Hours, DateTimeOffset? LastOrderAt, IReadOnlyList<LoadJob> Jobs)
{
    public long Accepted => Hours.Sum(h => h.Accepted);
    public long Rejected => Hours.Sum(h => h.Rejected);

    /// <summary>Refused / (accepted + refused) over the 24 hours; null when nothing arrived.</summary>
    public double? ErrorRate => Accepted + Rejected == 0 ? null : (double)Rejected / (Accepted + Rejected);
}

public sealed class PipelineHealthReader(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, IngestStats stats, LoadJobStore jobs, TimeProvider time)
{
    public async Task<PipelineHealth> ReadAsync(int jobCount = 10, CancellationToken cancellationToken = default)
    {
        var hours = stats.LastDayAsync(time.GetUtcNow(), cancellationToken);
        var last = LastOrderAtAsync(cancellationToken);
        var recent = jobs.RecentAsync(jobCount, cancellationToken);
        return new PipelineHealth(await hours, await last, await recent);
    }

    /// <summary>The newest updatedAt over all status partitions (one item each, newest first).</summary>
    private async Task<DateTimeOffset?> LastOrderAtAsync(CancellationToken cancellationToken)
    {
        var newest = await Task.WhenAll(OrderStatus.All.Select(async status =>
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = aws.Value.Tables.Orders,
                IndexName = OrdersTable.ByStatusIndex,
                KeyConditionExpression = "#status = :status",
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExpressionAttributeValues = new() { [":status"] = new() { S = status } },
                ScanIndexForward = false,
                Limit = 1,
            }, cancellationToken);
            return response.Items?.FirstOrDefault()?["updatedAt"].S;
        }));
        var max = newest.Where(t => t is not null).Max(StringComparer.Ordinal);
        return max is null ? null : OrdersTable.ParseTime(max);
    }
}
