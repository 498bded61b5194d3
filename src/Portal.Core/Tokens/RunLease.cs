using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Tokens;

/// <summary>
/// A lease in the Leases table, taken by a conditional PutItem so that of several portal instances only
/// one runs a given piece of work. Item: pk = lease key, holder, acquiredAt, expiresAtEpoch (the table's
/// TTL attribute, seconds). A lease whose holder died is free again once expiresAtEpoch has passed;
/// a completed lease stays taken until <see cref="CompleteAsync"/>'s keep-until, so the work is not redone.
/// </summary>
public sealed class RunLease(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, TimeProvider time)
{
    private string Table => aws.Value.Tables.Leases;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName, withSortKey: false);

    /// <summary>True when this holder now has the lease; false when another live or completed holder has it.</summary>
    public async Task<bool> TryAcquireAsync(string key, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        var now = time.GetUtcNow();
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = new()
                {
                    ["pk"] = new() { S = key },
                    ["holder"] = new() { S = holder },
                    ["acquiredAt"] = new() { S = TokenStore.Iso(now) },
                    ["expiresAtEpoch"] = Epoch(now + duration),
                },
                // TTL deletion lags by up to days, so an expired item must count as free here, not only a missing one.
                ConditionExpression = "attribute_not_exists(pk) OR (expiresAtEpoch < :now AND attribute_not_exists(completedAt))",
                ExpressionAttributeValues = new() { [":now"] = Epoch(now) },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Marks the work done and keeps the lease until <paramref name="keepUntil"/>; false when this holder had lost it.</summary>
    public async Task<bool> CompleteAsync(string key, string holder, DateTimeOffset keepUntil, CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = new() { ["pk"] = new() { S = key } },
                UpdateExpression = "SET completedAt = :completed, expiresAtEpoch = :keep",
                ConditionExpression = "holder = :holder",
                ExpressionAttributeValues = new()
                {
                    [":completed"] = new() { S = TokenStore.Iso(time.GetUtcNow()) },
                    [":keep"] = Epoch(keepUntil),
                    [":holder"] = new() { S = holder },
                },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static AttributeValue Epoch(DateTimeOffset at) =>
        new() { N = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
}
