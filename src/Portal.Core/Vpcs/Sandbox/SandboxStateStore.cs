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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Calls waiting for the next write (group commit): one read and one conditional write carry every call that
    // arrived meanwhile, instead of one read-modify-write per call, each retried when concurrent calls collide on the
    // single item. The conditional write still guards against other processes.
    private readonly Lock _lock = new();
    private readonly List<PendingChange> _pending = [];
    private bool _writing;

    private string Table => aws.Value.Tables.Ec2Sandbox;

    private Dictionary<string, AttributeValue> Key => new()
    {
        ["pk"] = new() { S = $"SANDBOX#{aws.Value.Region}" },
        ["sk"] = new() { S = "STATE" },
    };

    public static DynamoTable Definition(string tableName) => DynamoTable.Keyed(tableName);

    public async Task<SandboxState> ReadAsync(CancellationToken cancellationToken) => (await LoadAsync(cancellationToken)).State;

    /// <summary>Applies <paramref name="change"/> to the latest state and writes it, together with the other calls that
    /// arrived meanwhile, in arrival order; if another process wrote in between, all of them are applied again to its
    /// result. An EC2 error thrown by the change is its caller's answer and leaves the state as it was (the rules
    /// check before they change anything).</summary>
    public Task<T> UpdateAsync<T>(Func<SandboxState, T> change, CancellationToken cancellationToken)
    {
        var pending = new PendingChange(state => change(state));
        lock (_lock)
        {
            _pending.Add(pending);
            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(WriteAsync, CancellationToken.None);
            }
        }

        return AwaitAsync<T>(pending, cancellationToken);
    }

    private static async Task<T> AwaitAsync<T>(PendingChange pending, CancellationToken cancellationToken) =>
        (T)(await pending.Done.Task.WaitAsync(cancellationToken))!;

    private async Task WriteAsync()
    {
        while (true)
        {
            List<PendingChange> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = [.. _pending];
                _pending.Clear();
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                    pending.Done.TrySetException(ex);
            }
        }
    }

    private async Task CommitAsync(List<PendingChange> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (state, version) = await LoadAsync(CancellationToken.None);
            var results = new List<(PendingChange Change, object? Result, Exception? Error)>();
            foreach (var pending in batch)
            {
                try
                {
                    results.Add((pending, pending.Apply(state), null));
                }
                catch (Exception ex)
                {
                    results.Add((pending, null, ex));
                }
            }

            var item = new Dictionary<string, AttributeValue>(Key)
            {
                ["state"] = new() { B = Compress(state) },
                ["version"] = new() { N = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            try
            {
                if (results.Any(r => r.Error is null))
                {
                    await dynamo.PutItemAsync(new PutItemRequest
                    {
                        TableName = Table,
                        Item = item,
                        ConditionExpression = version == 0 ? "attribute_not_exists(pk)" : "version = :version",
                        ExpressionAttributeValues = version == 0
                            ? null
                            : new() { [":version"] = new() { N = version.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                    });
                }

                foreach (var (change, result, error) in results)
                {
                    if (error is null)
                        change.Done.TrySetResult(result);
                    else
                        change.Done.TrySetException(error);
                }

                return;
            }
            catch (ConditionalCheckFailedException) when (attempt < MaxAttempts)
            {
                // Another process changed the region first; apply the batch to its result.
                await Task.Delay(Random.Shared.Next(1, 5 + attempt));
            }
        }
    }

    /// <summary>One caller's change, waiting for the write that carries it.</summary>
    private sealed class PendingChange(Func<SandboxState, object?> apply)
    {
        public Func<SandboxState, object?> Apply => apply;

        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
