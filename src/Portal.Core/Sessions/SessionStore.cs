using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Sessions;

/// <summary>
/// Server-side sign-in sessions: pk = the random session key the cookie carries, data = the session as opaque
/// (already encrypted) bytes, user = whose it is, expiresAtEpoch = the table's TTL attribute (seconds). Deleting the
/// item ends the session for every copy of its cookie; a portal restart keeps it. Each user also has one index item,
/// pk = <c>user#{username}</c> with the set of their session keys, so that "sign out everywhere" can end them all
/// without a scan (session keys are hex, so the two kinds of pk never meet).
/// </summary>
public sealed class SessionStore(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, TimeProvider time)
{
    private string Table => aws.Value.Tables.Sessions;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName, withSortKey: false);

    public async Task PutAsync(string key, byte[] data, DateTimeOffset expires, string? username, CancellationToken cancellationToken = default)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = key },
            ["data"] = new() { B = new MemoryStream(data) },
            ["expiresAtEpoch"] = Epoch(expires),
        };
        if (username is null)
        {
            await dynamo.PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, cancellationToken).ConfigureAwait(false);
            return;
        }

        item["user"] = new() { S = username };
        await dynamo.PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, cancellationToken).ConfigureAwait(false);
        // A session is renewed with a later expiry, so the index lives as long as the user's newest session.
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = new() { ["pk"] = new() { S = UserIndexKey(username) } },
            UpdateExpression = "ADD sessionKeys :key SET expiresAtEpoch = :expires",
            ExpressionAttributeValues = new() { [":key"] = new() { SS = [key] }, [":expires"] = Epoch(expires) },
        }, cancellationToken).ConfigureAwait(false);
    }

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

    public async Task RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        var removed = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = Table,
            Key = new() { ["pk"] = new() { S = key } },
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken).ConfigureAwait(false);
        if (removed.Attributes?.TryGetValue("user", out var user) == true)
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = new() { ["pk"] = new() { S = UserIndexKey(user.S) } },
                UpdateExpression = "DELETE sessionKeys :key",
                ExpressionAttributeValues = new() { [":key"] = new() { SS = [key] } },
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends every session of the user (sign out everywhere); returns how many there were.</summary>
    public async Task<int> RemoveAllForUserAsync(string username, CancellationToken cancellationToken = default)
    {
        var index = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = Table,
            Key = new() { ["pk"] = new() { S = UserIndexKey(username) } },
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken).ConfigureAwait(false);
        var keys = index.Attributes?.TryGetValue("sessionKeys", out var set) == true ? set.SS : [];
        foreach (var key in keys)
            await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = new() { ["pk"] = new() { S = key } } }, cancellationToken)
                .ConfigureAwait(false);
        return keys.Count;
    }

    private static string UserIndexKey(string username) => "user#" + username;

    private static AttributeValue Epoch(DateTimeOffset time) => new() { N = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
}
