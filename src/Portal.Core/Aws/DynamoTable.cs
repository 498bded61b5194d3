using Amazon.DynamoDBv2.Model;

namespace Portal.Core.Aws;

/// <summary>A table a feature needs. In Local mode the portal creates it on start when missing;
/// in AWS the CDK app owns it.</summary>
public sealed record DynamoTable(CreateTableRequest Definition)
{
    public string Name => Definition.TableName;
}
