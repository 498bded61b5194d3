using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Paging;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- records [records] [exportRecords] [rounds]</c>: the real portal
/// (Kestrel, local stack) over a table of 10,000 VPC records that look like real ones (a dozen provisioning steps, four to six
/// subnets over three zones). Each round seeds a fresh table of the same size behind a fresh portal, then measures the first
/// and the 20th page (25 per page, newest first) three ways with the same 16 concurrent clients: the raw DynamoDB Query the
/// pages wrap (same GSI, key and Limit), <c>GET /api/vpcs</c> and <c>GET /records</c> (signed-in session). The three run
/// interleaved, in a rotated order each round; the medians over the rounds and the ratios to the raw Query are printed.
/// Then grows the last table to 100,000 records and streams both exports, sampling the managed heap.
/// </summary>
public static class RecordsBenchmark
{
    private const int Clients = 16;
    private const int RequestsPerClient = 25;
    private const int PageSize = 25;

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var exportCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        // WebApplicationFactory finds the portal's content root through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        string[] variants = ["raw DynamoDB Query (Limit 26)", "GET /api/vpcs", "GET /records"];
        var medians = new Dictionary<(int Page, string Variant), List<(double P50, double P95)>>();
        PortalServer? last = null;
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                if (last is not null)
                    await last.DisposeAsync();
                var server = last = await PortalServer.StartAsync(new Dictionary<string, string?>
                {
                    ["Portal:Aws:Tables:Vpcs"] = "bench-records-" + Guid.NewGuid().ToString("N")[..8],
                    ["Logging:LogLevel:Default"] = "Warning",
                });
                var store = server.Services.GetRequiredService<VpcRecordStore>();
                var clock = Stopwatch.StartNew();
                await SeedAsync(store, 0, count);
                Console.WriteLine($"round {round + 1}: seeded {count:N0} records in {clock.Elapsed.TotalSeconds:F1} s");

                var browser = server.Services.GetRequiredService<RecordBrowser>();
                var query = new RecordListQuery(RecordFilter.None, PageSize);
                string? token20 = null;
                for (var page = 1; page < 20; page++)
                    token20 = (await browser.PageAsync(query with { PageToken = token20 }, CancellationToken.None)).NextToken;
                var start20 = server.Services.GetRequiredService<PageTokenCodec>().Decode(token20!, query.Binding()).StartKey!;
                using var session = await HttpSignIn.AsAsync(server, DemoUser.Viewer);
                var dynamo = server.Services.GetRequiredService<IAmazonDynamoDB>();
                var table = server.Services.GetRequiredService<IOptions<AwsOptions>>().Value.Tables.Vpcs;

                foreach (var (page, token, startKey) in new[] { (1, (string?)null, (Dictionary<string, AttributeValue>?)null), (20, token20, start20) })
                {
                    var suffix = token is null ? "" : "&page=" + Uri.EscapeDataString(token);
                    var calls = new Dictionary<string, Func<Task>>
                    {
                        [variants[0]] = () => dynamo.QueryAsync(RawQuery(table, startKey)),
                        [variants[1]] = () => GetAsync(session.Client, "/api/vpcs?size=25" + suffix),
                        [variants[2]] = () => GetAsync(session.Client, "/records?size=25" + suffix),
                    };
                    foreach (var variant in BenchmarkFigures.Rotated(variants, round))
                    {
                        var samples = await MeasureAsync(calls[variant]);
                        var list = medians.TryGetValue((page, variant), out var found) ? found : medians[(page, variant)] = [];
                        list.Add((BenchmarkFigures.Percentile(samples, 0.5), BenchmarkFigures.Percentile(samples, 0.95)));
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine("| page | what | median ms (median of rounds) | p95 ms | rounds' medians | vs raw Query |");
            Console.WriteLine("|---|---|---:|---:|---|---:|");
            foreach (var page in new[] { 1, 20 })
            {
                var raw = BenchmarkFigures.Median(medians[(page, variants[0])].Select(m => m.P50));
                foreach (var variant in variants)
                {
                    var rows = medians[(page, variant)];
                    var p50 = BenchmarkFigures.Median(rows.Select(m => m.P50));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {page} | {variant} | {p50:F1} | {BenchmarkFigures.Median(rows.Select(m => m.P95)):F1} | {string.Join(", ", rows.Select(m => m.P50.ToString("F1", CultureInfo.InvariantCulture)))} | {p50 / raw:F2}x |"));
                }
            }

            using var exportSession = await HttpSignIn.AsAsync(last!, DemoUser.Viewer);
            Console.WriteLine();
            Console.WriteLine("| export | records | MB | seconds | managed heap before | peak during (incl. garbage) | after GC |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var format in new[] { "csv", "json" })
                await ExportAsync(exportSession.Client, format);
            if (exportCount > count)
            {
                var clock = Stopwatch.StartNew();
                await SeedAsync(last!.Services.GetRequiredService<VpcRecordStore>(), count, exportCount - count);
                foreach (var format in new[] { "csv", "json" })
                    await ExportAsync(exportSession.Client, format);
                Console.WriteLine($"(grew the table to {exportCount:N0} records in {clock.Elapsed.TotalSeconds:F1} s, exports included)");
            }
        }
        finally
        {
            if (last is not null)
                await last.DisposeAsync();
        }
    }

    private static async Task SeedAsync(VpcRecordStore store, int from, int count)
    {
        string[] creators = ["alice", "bob", "carol", "dave"];
        // Finished states only: the portal's reconciler would pick up Pending, InProgress or Deleting records and work on them.
        VpcStatus[] statuses = [VpcStatus.Succeeded, VpcStatus.Succeeded, VpcStatus.Failed, VpcStatus.Deleted, VpcStatus.DeleteFailed];
        var records = Enumerable.Range(from, count)
            .Select(i => RecordSeed.Realistic(i, statuses[i % statuses.Length], creators[i % creators.Length], $"bench-{i:D6}"))
            .ToList();
        await RecordSeed.WriteAsync(store, records, concurrency: 32);
    }

    private static QueryRequest RawQuery(string table, Dictionary<string, AttributeValue>? start) => new()
    {
        TableName = table,
        IndexName = VpcRecordStore.NewestFirstIndex,
        KeyConditionExpression = "listKey = :listKey",
        ExpressionAttributeValues = new() { [":listKey"] = new AttributeValue { S = VpcRecordStore.ListKeyValue } },
        ScanIndexForward = false,
        Limit = PageSize + 1,
        ExclusiveStartKey = start,
    };

    private static async Task GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>16 clients, each sending its requests one after another; one warm-up round first.</summary>
    private static async Task<double[]> MeasureAsync(Func<Task> call)
    {
        for (var i = 0; i < Clients; i++)
            await call();
        var samples = new double[Clients * RequestsPerClient];
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < RequestsPerClient; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call();
                samples[(client * RequestsPerClient) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        Array.Sort(samples);
        return samples;
    }

    private static async Task ExportAsync(HttpClient client, string format)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/api/vpcs/export.{format}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        // Records: CSV lines after the header; JSON objects opening with "requestId" (every record's first property).
        var marker = format == "csv" ? "\n"u8.ToArray() : "{\"requestId\""u8.ToArray();
        long bytes = 0, records = format == "csv" ? -1 : 0;
        var carried = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(carried))) > 0)
        {
            bytes += read;
            var span = buffer.AsSpan(0, carried + read);
            records += span.Count(marker);
            // Keep a marker's length minus one at the front, so one cut in two by a read is still counted once.
            carried = Math.Min(marker.Length - 1, span.Length);
            span[^carried..].CopyTo(buffer);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {format} | {records:N0} | {bytes / 1048576.0:F1} | {seconds:F1} | {Mb(before)} | {Mb(peak)} | {Mb(after)} |"));
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MB");
}
