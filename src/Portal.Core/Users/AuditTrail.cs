using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Users;

public enum UserAction
{
    AddToAdmins,
    RemoveFromAdmins,
    Disable,
    Enable,
    SignOutEverywhere,
    Create,
}

public enum ActionOutcome
{
    Succeeded,

    /// <summary>Not allowed (not an admin, or a guard rail): nothing was sent to Cognito.</summary>
    Refused,

    /// <summary>What was typed is not valid: nothing was sent, and nothing is audited.</summary>
    Invalid,

    /// <summary>Cognito (or the network) failed the change.</summary>
    Failed,
}

/// <summary>Who did what to whom, when, and how it ended (with Cognito's error code when it failed).</summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Actor, UserAction Action, string Target, ActionOutcome Outcome, string Message, string? ErrorCode = null);

/// <summary>
/// The admin actions' audit trail in DynamoDB, read newest first: one partition (<c>pk = "user-actions"</c>, a small
/// admin trail), <c>sk</c> = ISO-8601 time plus a random suffix so entries of the same millisecond never overwrite
/// each other.
/// </summary>
public sealed class AuditTrail(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    private const string Partition = "user-actions";
    private const int MaxTextLength = 512;

    private string Table => aws.Value.Tables.Audit;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName);

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = Partition },
            ["sk"] = new() { S = $"{entry.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}#{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}" },
            ["at"] = new() { S = entry.At.ToString("o", CultureInfo.InvariantCulture) },
            ["actor"] = new() { S = Clip(entry.Actor) },
            ["action"] = new() { S = entry.Action.ToString() },
            ["target"] = new() { S = Clip(entry.Target) },
            ["outcome"] = new() { S = entry.Outcome.ToString() },
            ["message"] = new() { S = Clip(entry.Message) },
        };
        if (entry.ErrorCode is { } code)
            item["errorCode"] = new() { S = Clip(code) };
        return dynamo.PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> entries, newest first, after <paramref name="after"/> (a previous page's last key).</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, Dictionary<string, AttributeValue>? LastKey)> PageAsync(
        int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken = default)
    {
        var page = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = Table,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new() { S = Partition } },
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = after,
        }, cancellationToken).ConfigureAwait(false);
        var entries = (page.Items ?? []).Select(Read).ToList();
        return (entries, page.LastEvaluatedKey is { Count: > 0 } last ? last : null);
    }

    private static AuditEntry Read(Dictionary<string, AttributeValue> item) => new(
        DateTimeOffset.Parse(item["at"].S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        item["actor"].S,
        Enum.Parse<UserAction>(item["action"].S),
        item["target"].S,
        Enum.Parse<ActionOutcome>(item["outcome"].S),
        item["message"].S,
        item.TryGetValue("errorCode", out var code) ? code.S : null);

    // Targets come from what someone typed: keep entries small whatever was sent (and never empty, which the
    // local DynamoDB refuses).
    private static string Clip(string text) =>
        text.Length == 0 ? "(empty)" : text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";
}
