using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Notifications;
using Portal.Core.Orders;

namespace Portal.Benchmarks;

/// <summary><c>dotnet run -c Release --project tests/Portal.Benchmarks -- orders [count] [baseline count] [loader parallelism]</c>: loads one generated order file
/// from S3 (s3rver) into DynamoDB (dynalite) on a fresh local stack, three ways, in one run:
/// the batched parallel loader (BatchGetItem + BatchWriteItem, 25 per call), one PutItem at a time, and parallel
/// UpdateItem upserts (the race-free alternative). Prints items/s, the ratios and the loader's peak memory.
/// Notifications go to a counting sink here: in AWS they come from DynamoDB Streams, not from the write path.</summary>
public static class OrdersLoadBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var baselineCap = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : count;
        var parallelism = args.Length > 2 ? args[2] : "4";
        await using var stack = await LocalStack.StartAsync();
        var sink = new CountingPublisher();
        await using var services = stack.Services((s, c) =>
        {
            s.AddNotifications(c);
            s.AddOrders(c);
            s.AddSingleton<INotificationPublisher>(sink);
        }, new Dictionary<string, string?> { ["Portal:Aws:Tables:Orders"] = "orders-loader", ["Portal:Orders:LoaderParallelism"] = parallelism });
        await LocalStack.EnsureResourcesAsync(services);
        var dynamo = services.GetRequiredService<IAmazonDynamoDB>();
        await CreateOrdersTableAsync(dynamo, "orders-putitem");
        await CreateOrdersTableAsync(dynamo, "orders-updateitem");

        var small = await UploadAsync(services, "bench-small.jsonl", Math.Min(10_000, count)); // other orderIDs: both loads insert
        var large = await UploadAsync(services, "bench.jsonl", count);
        Console.WriteLine($"orders file: {count:N0} lines, {large.Bytes / 1024.0 / 1024.0:F1} MB in S3");

        var (smallRate, smallPeak) = await LoaderAsync(services, small.Key, Math.Min(10_000, count));
        var (loaderRate, loaderPeak) = await LoaderAsync(services, large.Key, count);
        var putRate = await OneByOneAsync(services, large.Key, baselineCap, "orders-putitem", parallel: 1, upsert: false);
        var updateRate = await OneByOneAsync(services, large.Key, baselineCap, "orders-updateitem", parallel: 8, upsert: true);

        Console.WriteLine();
        Console.WriteLine($"| way | items/s | vs PutItem |");
        Console.WriteLine($"|---|---:|---:|");
        Console.WriteLine($"| batched parallel loader ({parallelism} x BatchWriteItem of 25, with BatchGetItem) | {loaderRate:F0} | {loaderRate / putRate:F1}x |");
        Console.WriteLine($"| one PutItem at a time | {putRate:F0} | 1.0x |");
        Console.WriteLine($"| parallel UpdateItem upserts (8 in flight) | {updateRate:F0} | {updateRate / putRate:F1}x |");
        Console.WriteLine();
        Console.WriteLine("loader peak memory (sampled every 20 ms): managed heap incl. garbage above the heap before the load / heap after the last GC / process peak working set");
        Console.WriteLine($"  {Math.Min(10_000, count),7:N0} orders: {smallPeak}");
        Console.WriteLine($"  {count,7:N0} orders: {loaderPeak}");
        Console.WriteLine($"notifications counted: {sink.Count:N0}");
    }

    private static async Task<(double Rate, Memory Peak)> LoaderAsync(ServiceProvider services, string key, int count)
    {
        var jobs = services.GetRequiredService<LoadJobStore>();
        var job = await jobs.CreateAsync(key, Path.GetFileName(key), OrderFileFormat.JsonLines, "benchmark");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peakHeap = before, peakLive = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                peakLive = Math.Max(peakLive, GC.GetGCMemoryInfo().HeapSizeBytes);
                await Task.Delay(20);
            }
        });

        var watch = Stopwatch.StartNew();
        var done = await services.GetRequiredService<BulkLoader>().RunAsync(job.JobId);
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        if (done.State != LoadJobState.Completed || done.Inserted + done.Updated != count)
            throw new InvalidOperationException($"The load ended {done.State} with {done.Inserted}+{done.Updated} of {count}: {done.Message}");
        var rate = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"loader: {count:N0} orders in {watch.Elapsed.TotalSeconds:F1} s = {rate:F0}/s (inserted {done.Inserted:N0}, updated {done.Updated:N0})");
        return (rate, new Memory(peakHeap - before, peakLive, Process.GetCurrentProcess().PeakWorkingSet64));
    }

    /// <summary>The same file streamed and validated the same way, written one order per request.</summary>
    private static async Task<double> OneByOneAsync(ServiceProvider services, string key, int cap, string table, int parallel, bool upsert)
    {
        var aws = services.GetRequiredService<IOptions<AwsOptions>>().Value;
        var dynamo = services.GetRequiredService<IAmazonDynamoDB>();
        var store = new OrderStore(dynamo, Options.Create(new AwsOptions { Tables = new TableNames { Orders = table } }), TimeProvider.System,
            services.GetRequiredService<Portal.Core.Paging.PageTokenCodec>());
        using var file = await services.GetRequiredService<IAmazonS3>().GetObjectAsync(aws.Bucket, key);
        var written = 0;
        var watch = Stopwatch.StartNew();
        var drafts = OrderFile.ReadAsync(file.ResponseStream, OrderFileFormat.JsonLines)
            .Select(l => l.Validation.Draft!).Take(cap);
        await Parallel.ForEachAsync(drafts, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (draft, cancel) =>
        {
            if (upsert)
                await store.UpsertAsync(draft, cancel);
            else
                await dynamo.PutItemAsync(new PutItemRequest { TableName = table, Item = OrdersTable.ToItem(draft, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1) }, cancel);
            Interlocked.Increment(ref written);
        });
        watch.Stop();
        var rate = written / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{(upsert ? $"UpdateItem x{parallel}" : "PutItem x1")}: {written:N0} orders in {watch.Elapsed.TotalSeconds:F1} s = {rate:F0}/s");
        return rate;
    }

    private static async Task<(string Key, long Bytes)> UploadAsync(ServiceProvider services, string name, int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        await using (var writer = new StreamWriter(path))
        {
            var statuses = OrderStatus.All;
            for (var i = 0; i < count; i++)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $$"""{"orderID":"{{name}}-{{i:D7}}","customer":"Customer {{i % 997}}","currency":"EUR","status":"{{statuses[i % statuses.Count]}}","items":[{"sku":"SKU-{{i % 50}}","quantity":{{1 + i % 5}},"unitPrice":{{(i % 1000) / 10.0m:0.00}}},{"sku":"GIFT","quantity":1,"unitPrice":0.50}]}"""));
            }
        }

        try
        {
            var key = "orders/bench/" + name;
            await using var content = File.OpenRead(path);
            var bytes = content.Length;
            await services.GetRequiredService<IAmazonS3>().PutObjectAsync(new PutObjectRequest
            {
                BucketName = services.GetRequiredService<IOptions<AwsOptions>>().Value.Bucket,
                Key = key,
                InputStream = content,
                UseChunkEncoding = false,
            });
            return (key, bytes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task CreateOrdersTableAsync(IAmazonDynamoDB dynamo, string name)
    {
        await dynamo.CreateTableAsync(OrdersTable.Definition(name).Definition);
        while ((await dynamo.DescribeTableAsync(name)).Table.TableStatus != TableStatus.ACTIVE)
            await Task.Delay(100);
    }

    private sealed record Memory(long HeapGrowth, long HeapAfterGc, long ProcessPeak)
    {
        public override string ToString() => $"{Mb(HeapGrowth)} / {Mb(HeapAfterGc)} / {Mb(ProcessPeak)}";

        private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F1} MB";
    }

    private sealed class CountingPublisher : INotificationPublisher
    {
        private int _count;

        public int Count => _count;

        public Task PublishAsync(string topic, string subject, string message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
