using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>Loads an order file from S3 into the orders table with upsert semantics.
/// <para>The file is streamed line by line; lines gather into a window of at most Parallelism x 25 orders, whose
/// batches are written in parallel, then the window is committed to the job record (checkpoint). Memory holds one
/// window, whatever the file size.</para>
/// <para>Upsert with BatchWriteItem: BatchWriteItem cannot bump a version or say inserted vs updated, so each batch
/// first BatchGets its 25 keys (version, createdAt), then puts the new images with version + 1. Race: an API upsert of
/// the same orderID between the get and the put is overwritten (its content and version bump are lost). Accepted for a
/// loader: the window is milliseconds, a load is an operator action, and parallel UpdateItem (race-free) is measured
/// slower in the orders benchmark. Within a load there is no race: an orderID appears at most once per window
/// (a duplicate closes the window), so file order decides.</para>
/// <para>Restart without double counting: every put carries loadJob + loadLine. Lines after the checkpoint are read
/// again; an order already carrying this job and line was written before the interruption, so it is counted as what
/// it was then (version 1 = inserted, else updated) and not written again.</para></summary>
public sealed class BulkLoader(
    IAmazonDynamoDB dynamo,
    IAmazonS3 s3,
    IOptions<AwsOptions> aws,
    IOptions<OrdersOptions> options,
    LoadJobStore jobs,
    IngestStats stats,
    TimeProvider time,
    ILogger<BulkLoader> logger)
{
    public const int BatchSize = 25; // BatchWriteItem's limit
    private const int MaxRetries = 8;

    /// <summary>Test seam for interruptions: runs after a window's writes, before its checkpoint.</summary>
    internal Func<long, CancellationToken, Task>? AfterWindowWritten { get; set; }

    private string Table => aws.Value.Tables.Orders;

    /// <summary>Runs (or resumes) a job to the end. Failures are recorded on the job (state Failed, resumable).
    /// Cancellation leaves it Running, to be resumed.</summary>
    public async Task<LoadJob> RunAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = await jobs.GetAsync(jobId, cancellationToken) ?? throw new ArgumentException($"There is no load job '{jobId}'.", nameof(jobId));
        if (job.State == LoadJobState.Completed)
            return job;
        await jobs.MarkRunningAsync(jobId, cancellationToken);
        try
        {
            await LoadAsync(job, cancellationToken);
            await jobs.FinishAsync(jobId, LoadJobState.Completed, null, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (LoadJobTakenOverException e)
        {
            logger.LogWarning("{Message}", e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Load job {JobId} failed", jobId);
            await jobs.FinishAsync(jobId, LoadJobState.Failed, Describe(e), CancellationToken.None);
        }

        return (await jobs.GetAsync(jobId, CancellationToken.None))!;
    }

    private async Task LoadAsync(LoadJob job, CancellationToken cancellationToken)
    {
        var capacity = Math.Max(1, options.Value.LoaderParallelism) * BatchSize;
        var reportedErrors = job.Errors.Count;
        var committed = job.LastLine;
        var window = new Window(capacity);

        using var file = await s3.GetObjectAsync(aws.Value.Bucket, job.Key, cancellationToken);
        await using var stream = file.ResponseStream;
        await foreach (var line in OrderFile.ReadAsync(stream, job.Format, after: job.LastLine, cancellationToken))
        {
            if (line.Validation.Draft is { } draft && window.Holds(draft.OrderId))
                await CommitAsync();
            window.Add(line);
            if (window.IsFull)
                await CommitAsync();
        }

        if (window.LastLine > 0)
            await CommitAsync();

        async Task CommitAsync()
        {
            var progress = await WriteAsync(job.JobId, window, options.Value.MaxReportedErrors - reportedErrors, cancellationToken);
            if (AfterWindowWritten is not null)
                await AfterWindowWritten(window.LastLine, cancellationToken);
            await jobs.CheckpointAsync(job.JobId, committed, window.LastLine, progress, cancellationToken);
            await stats.RecordAsync(time.GetUtcNow(), progress.Inserted, progress.Updated, progress.Rejected, cancellationToken);
            committed = window.LastLine;
            reportedErrors += progress.Errors.Count;
            window = new Window(capacity);
        }
    }

    private async Task<LoadProgress> WriteAsync(string jobId, Window window, int errorRoom, CancellationToken cancellationToken)
    {
        var batches = window.Orders.Chunk(BatchSize).Select(batch => WriteBatchAsync(jobId, batch, cancellationToken));
        var outcomes = (await Task.WhenAll(batches)).SelectMany(o => o).ToList();

        // New orders are announced by the stream notifier (their INSERT records), like the API's.
        var inserted = outcomes.Where(o => o.Inserted).ToList();

        var errors = window.Rejected.Take(Math.Max(0, errorRoom)).ToList();
        return new LoadProgress(inserted.Count, outcomes.Count - inserted.Count, window.Rejected.Count, errors);
    }

    private sealed record Outcome(OrderDraft Draft, bool Inserted);

    private async Task<IReadOnlyList<Outcome>> WriteBatchAsync(string jobId, IReadOnlyList<(long Line, OrderDraft Draft)> batch, CancellationToken cancellationToken)
    {
        var existing = await GetVersionsAsync(batch.Select(b => b.Draft.OrderId).ToList(), cancellationToken);
        var now = time.GetUtcNow();
        var outcomes = new List<Outcome>();
        var puts = new List<WriteRequest>();
        foreach (var (line, draft) in batch)
        {
            var before = existing.GetValueOrDefault(draft.OrderId);
            if (before is not null && before.Job == jobId && before.Line == line)
            {
                // Written by this very line before an interruption: count it as it was counted then, don't write again.
                outcomes.Add(new Outcome(draft, before.Version == 1));
                continue;
            }

            var item = OrdersTable.ToItem(draft, before?.CreatedAt ?? now, now, (before?.Version ?? 0) + 1);
            item["loadJob"] = new() { S = jobId };
            item["loadLine"] = OrdersTable.Number(line);
            puts.Add(new WriteRequest(new PutRequest(item)));
            outcomes.Add(new Outcome(draft, before is null));
        }

        await PutAllAsync(puts, cancellationToken);
        return outcomes;
    }

    private sealed record Existing(long Version, DateTimeOffset CreatedAt, string? Job, long? Line);

    private async Task<Dictionary<string, Existing>> GetVersionsAsync(List<string> orderIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Existing>(StringComparer.Ordinal);
        var keys = orderIds.Select(id => new Dictionary<string, AttributeValue> { ["orderID"] = OrdersTable.Key(id) }).ToList();
        for (var attempt = 0; keys.Count > 0; attempt++)
        {
            if (attempt > 0)
                await BackoffAsync(attempt, "BatchGetItem", cancellationToken);
            var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new()
                {
                    [Table] = new KeysAndAttributes
                    {
                        Keys = keys,
                        ConsistentRead = true,
                        ProjectionExpression = "orderID, #version, createdAt, loadJob, loadLine",
                        ExpressionAttributeNames = new() { ["#version"] = "version" },
                    },
                },
            }, cancellationToken);
            foreach (var item in response.Responses?.GetValueOrDefault(Table) ?? [])
            {
                found[item["orderID"].S] = new Existing(
                    long.Parse(item["version"].N, CultureInfo.InvariantCulture),
                    OrdersTable.ParseTime(item["createdAt"].S),
                    item.GetValueOrDefault("loadJob")?.S,
                    item.GetValueOrDefault("loadLine")?.N is { } line ? long.Parse(line, CultureInfo.InvariantCulture) : null);
            }

            keys = response.UnprocessedKeys?.GetValueOrDefault(Table)?.Keys ?? [];
        }

        return found;
    }

    /// <summary>BatchWriteItem, then the UnprocessedItems again with exponential backoff and jitter, as AWS asks.</summary>
    private async Task PutAllAsync(List<WriteRequest> puts, CancellationToken cancellationToken)
    {
        for (var attempt = 0; puts.Count > 0; attempt++)
        {
            if (attempt > 0)
                await BackoffAsync(attempt, "BatchWriteItem", cancellationToken);
            var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [Table] = puts },
            }, cancellationToken);
            puts = response.UnprocessedItems?.GetValueOrDefault(Table) ?? [];
        }
    }

    private Task BackoffAsync(int attempt, string operation, CancellationToken cancellationToken)
    {
        if (attempt > MaxRetries)
            throw new InvalidOperationException($"{operation} still left items unprocessed after {MaxRetries} retries: the table is throttled; resume the job later.");
        var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * Math.Pow(2, attempt - 1)) * (0.5 + Random.Shared.NextDouble() / 2));
        return Task.Delay(delay, time, cancellationToken);
    }

    private static string Describe(Exception e) => e switch
    {
        AmazonS3Exception { ErrorCode: "NoSuchKey" } => "The file is no longer in the bucket; upload it again.",
        AmazonS3Exception s3 => $"S3 refused to read the file: {s3.ErrorCode} {s3.Message}",
        AmazonDynamoDBException d => $"DynamoDB refused a write: {d.ErrorCode} {d.Message} (the job can be resumed).",
        _ => e.Message,
    };

    /// <summary>The lines between two checkpoints: valid orders (distinct orderIDs) and rejected lines.</summary>
    private sealed class Window(int capacity)
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

        public List<(long Line, OrderDraft Draft)> Orders { get; } = [];
        public List<LineError> Rejected { get; } = [];
        public long LastLine { get; private set; }
        public bool IsFull => Orders.Count + Rejected.Count >= capacity;

        public bool Holds(string orderId) => _ids.Contains(orderId);

        public void Add(OrderLine line)
        {
            LastLine = line.Number;
            if (line.Validation.Draft is { } draft)
            {
                _ids.Add(draft.OrderId);
                Orders.Add((line.Number, draft));
            }
            else
                Rejected.Add(new LineError(line.Number, line.Validation.Describe()));
        }
    }
}
