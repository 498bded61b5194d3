using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Notifications;
using Portal.Core.Orders;
using static Portal.Benchmarks.BenchmarkFigures;

namespace Portal.Benchmarks;

/// <summary><c>dotnet run -c Release --project tests/Portal.Benchmarks -- orders [orders per run] [rounds] [in flight]</c>: the bulk
/// loader against the raw BatchWriteItem ceiling of the same DynamoDB (DynamoDB Local) and against PutItem, all with the same
/// number of requests in flight, writing the same orders into a fresh, empty table of their own each time. The three run
/// interleaved round by round (rotated order); medians over the rounds and the ratios are printed, and the loader's own
/// memory (sampled heap growth, allocations, GC counts during its runs).
/// Equal work where it can be equal: every variant writes the same items with the same concurrency. The loader also
/// streams and parses the file from S3, BatchGets the 25 keys of each batch (to keep versions) and checkpoints its job;
/// the ceiling is BatchWriteItem alone from orders already in memory, PutItem the same items one per request.</summary>
public static class OrdersLoadBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var inFlight = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        // DynamoDB Local in memory: the figures compare request patterns, not this machine's disk.
        await using var stack = await LocalStack.StartAsync(environment: new Dictionary<string, string> { ["PORTAL_DYNAMODB_IN_MEMORY"] = "1" });
        await using var services = stack.Services((s, c) =>
        {
            s.AddNotifications(c);
            s.AddOrders(c);
        }, new Dictionary<string, string?> { ["Portal:Orders:LoaderParallelism"] = inFlight.ToString(CultureInfo.InvariantCulture) });
        await LocalStack.EnsureResourcesAsync(services);
        var dynamo = services.GetRequiredService<IAmazonDynamoDB>();

        var (key, bytes, drafts) = await UploadAsync(services, "bench.jsonl", count);
        Console.WriteLine($"orders file: {count:N0} lines, {bytes / 1048576.0:F1} MB in S3; {rounds} rounds, {inFlight} requests in flight for every variant");

        var variants = new (string Name, Func<string, Task> Run)[]
        {
            ($"loader ({inFlight} x BatchWriteItem of 25, BatchGetItem, from S3)", table => LoaderAsync(services, key, table, count)),
            ($"raw BatchWriteItem ceiling ({inFlight} x 25, from memory)", table => BatchWriteAsync(dynamo, table, drafts, inFlight)),
            ($"PutItem ({inFlight} in flight, from memory)", table => PutItemAsync(dynamo, table, drafts, inFlight)),
        };
        var rates = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var loaderHeap = new List<HeapUse>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in Rotated(variants, round))
            {
                var table = $"bench-{Array.FindIndex(variants, v => v.Name == name)}-{round}-{Guid.NewGuid():N}"[..40];
                await CreateOrdersTableAsync(dynamo, table);
                var (elapsed, heap) = await MeasureHeapAsync(() => TimeAsync(() => run(table)));
                rates[name].Add(count / elapsed.TotalSeconds);
                if (name == variants[0].Name)
                    loaderHeap.Add(heap);
                Console.WriteLine($"  round {round + 1}: {name}: {count / elapsed.TotalSeconds:F0} orders/s");
                await dynamo.DeleteTableAsync(table);
            }
        }

        var loader = Median(rates[variants[0].Name]);
        var ceiling = Median(rates[variants[1].Name]);
        var putItem = Median(rates[variants[2].Name]);
        Console.WriteLine();
        Console.WriteLine("| variant | median orders/s | rounds | vs ceiling | vs PutItem |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        foreach (var (name, _) in variants)
        {
            var median = Median(rates[name]);
            Console.WriteLine($"| {name} | {F(median)} | {string.Join(", ", rates[name].Select(r => F(r)))} | {F(median / ceiling * 100)}% | {F(median / putItem, "F2")}x |");
        }

        Console.WriteLine();
        Console.WriteLine($"loader / ceiling: {F(loader / ceiling * 100)}% (goal: at least 80%); loader / PutItem: {F(loader / putItem, "F2")}x");
        Console.WriteLine($"loader's own memory per run of {count:N0} orders:");
        for (var i = 0; i < loaderHeap.Count; i++)
            Console.WriteLine($"  round {i + 1}: {loaderHeap[i]}");
    }

    private static async Task LoaderAsync(ServiceProvider services, string key, string table, int count)
    {
        var aws = services.GetRequiredService<IOptions<AwsOptions>>().Value;
        var jobs = services.GetRequiredService<LoadJobStore>();
        var loader = new BulkLoader(
            services.GetRequiredService<IAmazonDynamoDB>(),
            services.GetRequiredService<IAmazonS3>(),
            Options.Create(new AwsOptions { Bucket = aws.Bucket, Tables = new TableNames { Orders = table, LoadJobs = aws.Tables.LoadJobs } }),
            services.GetRequiredService<IOptions<OrdersOptions>>(),
            jobs,
            services.GetRequiredService<IngestStats>(),
            TimeProvider.System,
            NullLogger<BulkLoader>.Instance);
        var job = await jobs.CreateAsync(key, Path.GetFileName(key), OrderFileFormat.JsonLines, "benchmark");
        var done = await loader.RunAsync(job.JobId);
        if (done.State != LoadJobState.Completed || done.Inserted != count)
            throw new InvalidOperationException($"The load ended {done.State} with {done.Inserted}+{done.Updated} of {count}: {done.Message}");
    }

    /// <summary>The ceiling: BatchWriteItem of 25 new items, <paramref name="inFlight"/> calls at a time, unprocessed items again.</summary>
    private static Task BatchWriteAsync(IAmazonDynamoDB dynamo, string table, IReadOnlyList<OrderDraft> drafts, int inFlight)
    {
        var now = DateTimeOffset.UtcNow;
        return Parallel.ForEachAsync(drafts.Chunk(BulkLoader.BatchSize), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (batch, cancel) =>
        {
            var puts = batch.Select(d => new WriteRequest(new PutRequest(OrdersTable.ToItem(d, now, now, 1)))).ToList();
            while (puts.Count > 0)
            {
                var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [table] = puts } }, cancel);
                puts = response.UnprocessedItems?.GetValueOrDefault(table) ?? [];
            }
        });
    }

    private static Task PutItemAsync(IAmazonDynamoDB dynamo, string table, IReadOnlyList<OrderDraft> drafts, int inFlight)
    {
        var now = DateTimeOffset.UtcNow;
        return Parallel.ForEachAsync(drafts, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (draft, cancel) =>
            await dynamo.PutItemAsync(new PutItemRequest { TableName = table, Item = OrdersTable.ToItem(draft, now, now, 1) }, cancel));
    }

    /// <summary>Orders with one to four items, a dozen customers' worth of names, every status; the file in S3 and the same
    /// orders parsed in memory (for the variants that do not read files).</summary>
    private static async Task<(string Key, long Bytes, IReadOnlyList<OrderDraft> Drafts)> UploadAsync(ServiceProvider services, string name, int count)
    {
        var lines = Enumerable.Range(0, count).Select(i => OrderLine(name, i)).ToList();
        var text = string.Join("\n", lines);
        var drafts = new List<OrderDraft>(count);
        await using (var parse = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)))
        {
            await foreach (var line in OrderFile.ReadAsync(parse, OrderFileFormat.JsonLines))
                drafts.Add(line.Validation.Draft ?? throw new InvalidOperationException(line.Validation.Describe()));
        }

        var key = "orders/bench/" + name;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        await services.GetRequiredService<IAmazonS3>().PutObjectAsync(new PutObjectRequest
        {
            BucketName = services.GetRequiredService<IOptions<AwsOptions>>().Value.Bucket,
            Key = key,
            ContentBody = text,
            UseChunkEncoding = false,
        });
        return (key, bytes, drafts);
    }

    public static string OrderLine(string prefix, int i)
    {
        var statuses = OrderStatus.All;
        var items = string.Join(",", Enumerable.Range(0, 1 + i % 4).Select(n => string.Create(CultureInfo.InvariantCulture,
            $$"""{"sku":"SKU-{{(i + n) % 50:D3}}","quantity":{{1 + (i + n) % 5}},"unitPrice":{{((i * 7 + n) % 1000) / 10.0m:0.00}}}""")));
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"orderID":"{{prefix}}-{{i:D7}}","customer":"Customer {{i % 997}}","currency":"EUR","status":"{{statuses[i % statuses.Count]}}","items":[{{items}}]}""");
    }

    private static async Task CreateOrdersTableAsync(IAmazonDynamoDB dynamo, string name)
    {
        await dynamo.CreateTableAsync(OrdersTable.Definition(name).Definition);
        while ((await dynamo.DescribeTableAsync(name)).Table.TableStatus != TableStatus.ACTIVE)
            await Task.Delay(100);
    }
}
