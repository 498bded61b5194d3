using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Tokens;

/// <summary>One page of run history, newest first; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record TokenRunPage(IReadOnlyList<TokenRun> Runs, string? NextPageToken);

/// <summary>
/// Run history in the TokenRuns table. Every run is one item under pk = "RUNS" with
/// sk = "&lt;started-at, UTC, 7 fractional digits&gt;#&lt;run id&gt;", so a Query on the one partition
/// reads newest first (ScanIndexForward = false) and a time window is a key condition on sk.
/// The job runs hourly plus manual runs, so one partition stays far below DynamoDB's per-partition limits.
/// Stored: ids, trigger, times, outcome, HTTP status, reason and the token's fingerprint; never the token or the secret.
/// </summary>
public sealed class TokenRunHistory(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    public const string Partition = "RUNS";
    public const int MaxPageSize = 100;

    private string Table => aws.Value.Tables.TokenRuns;

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName);

    public async Task RecordAsync(TokenRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = Partition },
            ["sk"] = new() { S = SortKey(run.StartedAt, run.RunId) },
            ["runId"] = new() { S = run.RunId },
            ["trigger"] = new() { S = run.Trigger.ToString() },
            ["triggeredBy"] = new() { S = run.TriggeredBy },
            ["startedAt"] = new() { S = TokenStore.Iso(run.StartedAt) },
            ["endedAt"] = new() { S = TokenStore.Iso(run.EndedAt) },
            ["durationMs"] = new() { N = ((long)run.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
            ["outcome"] = new() { S = run.Outcome.ToString() },
        };
        if (run.HttpStatus is { } status)
            item["httpStatus"] = new() { N = status.ToString(CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(run.ErrorReason))
            item["errorReason"] = new() { S = run.ErrorReason };
        if (run.Fingerprint is { } fingerprint)
        {
            item["tokenSha256Prefix"] = new() { S = fingerprint.Sha256Prefix };
            item["tokenLength"] = new() { N = fingerprint.Length.ToString(CultureInfo.InvariantCulture) };
        }
        await dynamo.PutItemAsync(new PutItemRequest { TableName = Table, Item = item }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of runs, newest first. <paramref name="pageToken"/> is the previous page's NextPageToken.</summary>
    /// <exception cref="ArgumentException">The page token was not issued by this method.</exception>
    public async Task<TokenRunPage> PageAsync(int pageSize, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        if (pageSize is < 1 or > MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The page size must be 1 to {MaxPageSize}.");
        var request = NewestFirst(pageSize);
        if (!string.IsNullOrEmpty(pageToken))
            request.ExclusiveStartKey = new() { ["pk"] = new() { S = Partition }, ["sk"] = new() { S = DecodePageToken(pageToken) } };
        var response = await dynamo.QueryAsync(request, cancellationToken).ConfigureAwait(false);
        var runs = (response.Items ?? []).Select(FromItem).ToList();
        var next = response.LastEvaluatedKey is { Count: > 0 } last && runs.Count == pageSize
            ? EncodePageToken(last["sk"].S) : null;
        return new TokenRunPage(runs, next);
    }

    /// <summary>Every run that started at or after <paramref name="from"/>, newest first.</summary>
    public async Task<IReadOnlyList<TokenRun>> SinceAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        var runs = new List<TokenRun>();
        var request = NewestFirst(MaxPageSize);
        request.KeyConditionExpression = "pk = :pk AND sk >= :from";
        request.ExpressionAttributeValues[":from"] = new() { S = TokenStore.Iso(from) };
        do
        {
            var response = await dynamo.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            runs.AddRange((response.Items ?? []).Select(FromItem));
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);
        return runs;
    }

    /// <summary>The newest run with this outcome, however old; null when there never was one.</summary>
    public async Task<TokenRun?> LatestAsync(TokenRunOutcome outcome, CancellationToken cancellationToken = default)
    {
        var request = NewestFirst(MaxPageSize);
        request.FilterExpression = "#outcome = :outcome";
        request.ExpressionAttributeNames = new() { ["#outcome"] = "outcome" };
        request.ExpressionAttributeValues[":outcome"] = new() { S = outcome.ToString() };
        do
        {
            var response = await dynamo.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Items is { Count: > 0 } items)
                return FromItem(items[0]);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);
        return null;
    }

    private QueryRequest NewestFirst(int limit) => new()
    {
        TableName = Table,
        KeyConditionExpression = "pk = :pk",
        ExpressionAttributeValues = new() { [":pk"] = new() { S = Partition } },
        ScanIndexForward = false,
        Limit = limit,
    };

    internal static string SortKey(DateTimeOffset startedAt, string runId) => $"{TokenStore.Iso(startedAt)}#{runId}";

    private static string EncodePageToken(string sortKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodePageToken(string pageToken)
    {
        try
        {
            var base64 = pageToken.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var sortKey = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var split = sortKey.IndexOf('#');
            if (split > 0 && DateTimeOffset.TryParseExact(sortKey[..split], "yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out _) && split < sortKey.Length - 1)
                return sortKey;
        }
        catch (FormatException)
        {
        }
        throw new ArgumentException("The page token is not one this history issued; start again from the first page.", nameof(pageToken));
    }

    private static TokenRun FromItem(Dictionary<string, AttributeValue> item)
    {
        TokenFingerprint? fingerprint = item.TryGetValue("tokenSha256Prefix", out var prefix) && item.TryGetValue("tokenLength", out var length)
            ? new TokenFingerprint(prefix.S, int.Parse(length.N, CultureInfo.InvariantCulture)) : null;
        return new TokenRun(
            item["runId"].S,
            Enum.Parse<TokenRunTrigger>(item["trigger"].S),
            item["triggeredBy"].S,
            Time(item["startedAt"].S),
            Time(item["endedAt"].S),
            Enum.Parse<TokenRunOutcome>(item["outcome"].S),
            item.TryGetValue("httpStatus", out var status) ? int.Parse(status.N, CultureInfo.InvariantCulture) : null,
            item.TryGetValue("errorReason", out var reason) ? reason.S : null,
            fingerprint);
    }

    private static DateTimeOffset Time(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
