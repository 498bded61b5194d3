using System.IO.Compression;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Vpcs.Sandbox;

/// <summary>
/// Keeps the sandbox's state in DynamoDB (table <see cref="TableNames.Ec2Sandbox"/>) so it survives restarts.
/// One item per region (pk <c>SANDBOX#&lt;region&gt;</c>, sk <c>STATE</c>) holds the gzipped JSON state and a
/// version. Why one item: EC2's rules span resources (5 VPCs per region, subnet overlap, dependencies on delete),
/// dynalite has no transactions, and a single conditionally written item makes every call atomic. The state is
/// capped by AWS's own quotas (5 VPCs), and gzip keeps repeated tags small, well under the 400 KB item limit.
/// </summary>
internal sealed class SandboxStateStore(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    private const int MaxAttempts = 100;

    // One read-modify-write at a time in this process: concurrent calls of one build would otherwise mostly collide on
    // the single item and retry. The conditional write still guards against other processes.
    private readonly SemaphoreSlim _writer = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Table => aws.Value.Tables.Ec2Sandbox;

    private Dictionary<string, AttributeValue> Key => new()
    {
        ["pk"] = new() { S = $"SANDBOX#{aws.Value.Region}" },
        ["sk"] = new() { S = "STATE" },
    };

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName);

    public async Task<SandboxState> ReadAsync(CancellationToken cancellationToken) => (await LoadAsync(cancellationToken)).State;

    /// <summary>Applies <paramref name="change"/> to the latest state and writes it if nobody wrote in between;
    /// otherwise reloads and applies it again. An EC2 error thrown by the change leaves the state as it was.</summary>
    public async Task<T> UpdateAsync<T>(Func<SandboxState, T> change, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            return await UpdateOnceAsync(change, cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<T> UpdateOnceAsync<T>(Func<SandboxState, T> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (state, version) = await LoadAsync(cancellationToken);
            var result = change(state);
            var item = new Dictionary<string, AttributeValue>(Key)
            {
                ["state"] = new() { B = Compress(state) },
                ["version"] = new() { N = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            try
            {
                await dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = Table,
                    Item = item,
                    ConditionExpression = version == 0 ? "attribute_not_exists(pk)" : "version = :version",
                    ExpressionAttributeValues = version == 0
                        ? null
                        : new() { [":version"] = new() { N = version.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                }, cancellationToken);
                return result;
            }
            catch (ConditionalCheckFailedException) when (attempt < MaxAttempts)
            {
                // Another call changed the region first; apply this call to its result.
                await Task.Delay(Random.Shared.Next(1, 5 + attempt), cancellationToken);
            }
        }
    }

    private async Task<(SandboxState State, long Version)> LoadAsync(CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key, ConsistentRead = true }, cancellationToken);
        if (response.Item is not { Count: > 0 } item)
            return (new SandboxState(), 0);
        using var gzip = new GZipStream(item["state"].B, CompressionMode.Decompress);
        var state = await JsonSerializer.DeserializeAsync<SandboxState>(gzip, Json, cancellationToken) ?? new SandboxState();
        return (state, long.Parse(item["version"].N, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static MemoryStream Compress(SandboxState state)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            JsonSerializer.Serialize(gzip, state, Json);
        buffer.Position = 0;
        return buffer;
    }
}
