using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Notifications;

/// <summary>Local mode: notifications land in a DynamoDB table the portal shows, newest first per topic.
/// Key: pk = topic, sk = ISO time + id (sorts by time).</summary>
public sealed class NotificationFeed(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, TimeProvider time) : INotificationPublisher
{
    private string Table => aws.Value.Tables.Notifications;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName);

    public async Task PublishAsync(string topic, string subject, string message, CancellationToken cancellationToken = default)
    {
        var at = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new()
            {
                ["pk"] = new() { S = topic },
                ["sk"] = new() { S = at.ToString("o", CultureInfo.InvariantCulture) + "#" + id },
                ["subject"] = new() { S = subject },
                ["message"] = new() { S = message },
            },
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Notification>> RecentAsync(string topic, int limit, CancellationToken cancellationToken = default)
    {
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
}
