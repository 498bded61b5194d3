using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Portal.Core.Aws;

/// <summary>A table a feature needs. In Local mode the portal creates it on start when missing;
/// in AWS the CDK app owns it.</summary>
public sealed record DynamoTable(CreateTableRequest Definition)
{
    public string Name => Definition.TableName;

    /// <summary>On-demand table keyed by string <c>pk</c>, and string <c>sk</c> when <paramref name="withSortKey"/>.</summary>
    public static DynamoTable Keyed(string tableName, bool withSortKey = true) => new(new CreateTableRequest
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = withSortKey
            ? [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)]
            : [new("pk", ScalarAttributeType.S)],
        KeySchema = withSortKey ? [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)] : [new("pk", KeyType.HASH)],
    });
}
