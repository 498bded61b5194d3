using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Sessions;

/// <summary>
/// Server-side sign-in sessions: pk = the random session key the cookie carries, data = the session as opaque
/// (already encrypted) bytes, expiresAtEpoch = the table's TTL attribute (seconds). Deleting the item ends the
/// session for every copy of its cookie; a portal restart keeps it.
/// </summary>
public sealed class SessionStore(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, TimeProvider time)
{
    private string Table => aws.Value.Tables.Sessions;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName, withSortKey: false);

    public Task PutAsync(string key, byte[] data, DateTimeOffset expires, CancellationToken cancellationToken = default) =>
        dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new()
            {
                ["pk"] = new() { S = key },
                ["data"] = new() { B = new MemoryStream(data) },
                ["expiresAtEpoch"] = new() { N = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            },
        }, cancellationToken);

    /// <summary>The session's bytes, or null when it was removed or has expired.</summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = new() { ["pk"] = new() { S = key } },
            ConsistentRead = true, // a session removed by sign-out must be gone on the very next request
        }, cancellationToken).ConfigureAwait(false);
        var item = response.Item;
        // TTL deletion lags by up to days, so an expired item counts as gone here.
        if (item is null || !item.TryGetValue("data", out var data) || !item.TryGetValue("expiresAtEpoch", out var expires)
            || long.Parse(expires.N, CultureInfo.InvariantCulture) <= time.GetUtcNow().ToUnixTimeSeconds())
            return null;
        return data.B.ToArray();
    }

    public Task RemoveAsync(string key, CancellationToken cancellationToken = default) =>
        dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = new() { ["pk"] = new() { S = key } } }, cancellationToken);
}
