using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>The <c>orders</c> table as the CDK defines it (key <c>orderID</c>, GSI <c>byStatus</c> on
/// <c>status</c> + <c>updatedAt</c>) and the mapping between an item and an <see cref="Order"/>.</summary>
public static class OrdersTable
{
    public const string ByStatusIndex = "byStatus";

    public static DynamoTable Definition(string tableName) => new(new CreateTableRequest
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new("orderID", ScalarAttributeType.S), new("status", ScalarAttributeType.S), new("updatedAt", ScalarAttributeType.S),
        ],
        KeySchema = [new("orderID", KeyType.HASH)],
        // The stream notifier reads new orders from it (one notification per INSERT).
        StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = ByStatusIndex,
                KeySchema = [new("status", KeyType.HASH), new("updatedAt", KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
        ],
    });

    /// <summary>ISO 8601 UTC with 7 fractional digits: sorts as text in time order (the index's range key).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static AttributeValue Key(string orderId) => new() { S = orderId };

    public static AttributeValue Number(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue ItemsValue(IReadOnlyList<OrderItem> items) => new()
    {
        L = items.Select(i => new AttributeValue
        {
            M = new()
            {
                ["sku"] = new() { S = i.Sku },
                ["quantity"] = Number(i.Quantity),
                ["unitPrice"] = Number(i.UnitPrice),
            },
        }).ToList(),
    };

    /// <summary>The full item a bulk write puts (the loader computes version and createdAt itself).</summary>
    public static Dictionary<string, AttributeValue> ToItem(OrderDraft draft, DateTimeOffset createdAt, DateTimeOffset updatedAt, long version) => new()
    {
        ["orderID"] = Key(draft.OrderId),
        ["customer"] = new() { S = draft.Customer },
        ["currency"] = new() { S = draft.Currency },
        ["status"] = new() { S = draft.Status },
        ["items"] = ItemsValue(draft.Items),
        ["total"] = Number(draft.Total),
        ["createdAt"] = new() { S = Time(createdAt) },
        ["updatedAt"] = new() { S = Time(updatedAt) },
        ["version"] = Number(version),
    };

    public static Order FromItem(IReadOnlyDictionary<string, AttributeValue> item) => new(
        item["orderID"].S,
        item["customer"].S,
        item["currency"].S,
        item["status"].S,
        (item["items"].L ?? []).Select(i => new OrderItem(
            i.M["sku"].S,
            int.Parse(i.M["quantity"].N, CultureInfo.InvariantCulture),
            decimal.Parse(i.M["unitPrice"].N, CultureInfo.InvariantCulture))).ToList(),
        decimal.Parse(item["total"].N, CultureInfo.InvariantCulture),
        ParseTime(item["createdAt"].S),
        ParseTime(item["updatedAt"].S),
        long.Parse(item["version"].N, CultureInfo.InvariantCulture));
}
