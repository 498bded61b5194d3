using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Records;

/// <summary>The lowercased <c>search</c> attribute: written with every record, backfilled for older items.</summary>
public sealed class VpcRecordSearchTests
{
    [Fact]
    public async Task A_record_written_before_the_search_attribute_is_found_by_text_and_backfilled()
    {
        await using var services = await RecordsTable.StartAsync();
        var store = services.GetRequiredService<VpcRecordStore>();
        var dynamo = services.GetRequiredService<IAmazonDynamoDB>();
        var table = services.GetRequiredService<IOptions<AwsOptions>>().Value.Tables.Vpcs;
        var old = RecordSeed.Record(1, VpcStatus.Succeeded, "alice", "Legacy-Network");
        var fresh = RecordSeed.Record(2, VpcStatus.Succeeded, "alice", "legacy-two");
        await RecordSeed.WriteAsync(store, [old, fresh]);
        var key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "VPC#" + old.RequestId }, ["sk"] = new() { S = "RECORD" } };
        await dynamo.UpdateItemAsync(new UpdateItemRequest { TableName = table, Key = key, UpdateExpression = "REMOVE #s", ExpressionAttributeNames = new() { ["#s"] = "search" } });

        var page = await store.QueryPageAsync(new RecordFilter(Text: "LEGACY"), 25, null);

        Assert.Equal([fresh.RequestId, old.RequestId], page.Records.Select(r => r.RequestId));
        var item = (await dynamo.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true })).Item;
        Assert.Equal("legacy-network\nvpc-00000000000000001\n10.0.1.0/24", item["search"].S);
        Assert.Equal("1", item["version"].N); // the backfill does not count as a change of the record
    }
}
