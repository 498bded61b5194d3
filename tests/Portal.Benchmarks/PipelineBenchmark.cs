using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.Core.Orders;
using static Portal.Benchmarks.BenchmarkFigures;

namespace Portal.Benchmarks;

/// <summary><c>dotnet run -c Release --project tests/Portal.Benchmarks -- pipeline [orders] [rounds]</c>: the orders pipeline
/// on the local stack (fauxqs SQS/SNS, DynamoDB Local with Streams), each round on fresh tables and queues:
/// accepted orders/s with 32 clients sending one order per call (OrderIngest: validate + SendMessage, what POST /api/orders
/// does after authentication; HTTP itself not included), then the consumer's orders/s draining that backlog with 2 loops
/// (the portal's default), then end to end with consumer and stream notifier running while the 32 clients send: p50/p95
/// of accepted -> stored -> notified, from the pipeline's own samples.</summary>
public static class PipelineBenchmark
{
    private const int Clients = 32;

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3_200;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        await using var stack = await LocalStack.StartAsync(environment: new Dictionary<string, string> { ["PORTAL_DYNAMODB_IN_MEMORY"] = "1" });
        Console.WriteLine($"{count:N0} orders per phase, {Clients} clients, {rounds} rounds");

        var accepted = new List<double>();
        var consumed = new List<double>();
        var e2e = new List<LatencyFigures>();
        var notified = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await using (var services = await ServicesAsync(stack))
            {
                var elapsed = await TimeAsync(() => SendAsync(services, $"a{round}", count));
                accepted.Add(count / elapsed.TotalSeconds);
                var consumer = services.GetRequiredService<OrderConsumer>();
                var stored = 0;
                elapsed = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
                {
                    while (Volatile.Read(ref stored) < count)
                    {
                        var result = await consumer.ReceiveOnceAsync(waitSeconds: 1);
                        Interlocked.Add(ref stored, result.Inserted + result.Updated);
                    }
                })));
                consumed.Add(count / elapsed.TotalSeconds);
            }

            await using (var services = await ServicesAsync(stack, pipelineRunning: true))
            {
                var hosted = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
                    .Where(h => h is OrderConsumerService or OrderStreamNotifierService).ToList();
                foreach (var service in hosted)
                    await service.StartAsync(CancellationToken.None);
                var feed = services.GetRequiredService<PipelineMetrics>();
                var elapsed = await TimeAsync(async () =>
                {
                    await SendAsync(services, $"e{round}", count);
                    while ((await feed.LastHourAsync()).Count < count)
                        await Task.Delay(200);
                });
                notified.Add(count / elapsed.TotalSeconds);
                e2e.Add(LatencyFigures.From(await feed.LastHourAsync()));
                foreach (var service in hosted)
                    await service.StopAsync(CancellationToken.None);
            }

            Console.WriteLine($"  round {round + 1}: accepted {F(accepted[^1])}/s, consumer {F(consumed[^1])}/s, end to end {F(notified[^1])} notified/s, "
                + $"p50/p95 accepted->notified {Ms(e2e[^1].TotalP50)}/{Ms(e2e[^1].TotalP95)} ms");
        }

        Console.WriteLine();
        Console.WriteLine("| figure | median | rounds |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine($"| accepted orders/s ({Clients} clients) | {F(Median(accepted))} | {string.Join(", ", accepted.Select(a => F(a)))} |");
        Console.WriteLine($"| consumer orders/s (2 loops, backlog) | {F(Median(consumed))} | {string.Join(", ", consumed.Select(a => F(a)))} |");
        Console.WriteLine($"| end to end: notified orders/s while {Clients} clients send | {F(Median(notified))} | {string.Join(", ", notified.Select(a => F(a)))} |");
        Console.WriteLine($"| accepted -> stored p50 / p95 ms | {Ms(MedianOf(e2e, l => l.StoredP50))} / {Ms(MedianOf(e2e, l => l.StoredP95))} | |");
        Console.WriteLine($"| stored -> notified p50 / p95 ms | {Ms(MedianOf(e2e, l => l.NotifiedP50))} / {Ms(MedianOf(e2e, l => l.NotifiedP95))} | |");
        Console.WriteLine($"| accepted -> notified p50 / p95 ms | {Ms(MedianOf(e2e, l => l.TotalP50))} / {Ms(MedianOf(e2e, l => l.TotalP95))} | |");
    }

    private static TimeSpan? MedianOf(List<LatencyFigures> figures, Func<LatencyFigures, TimeSpan?> pick) =>
        TimeSpan.FromMilliseconds(Median(figures.Select(f => pick(f)?.TotalMilliseconds ?? 0)));

    private static string Ms(TimeSpan? value) => value is null ? "-" : F(value.Value.TotalMilliseconds);

    private static async Task<ServiceProvider> ServicesAsync(LocalStack stack, bool pipelineRunning = false)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var services = stack.Services((s, c) =>
        {
            s.AddNotifications(c);
            s.AddOrders(c);
        }, new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Orders"] = $"orders-{suffix}",
            ["Portal:Aws:Tables:Pipeline"] = $"pipeline-{suffix}",
            ["Portal:Aws:Tables:Notifications"] = $"notifications-{suffix}",
            ["Portal:Orders:Queue"] = $"orders-{suffix}",
            ["Portal:Orders:DeadLetterQueue"] = $"orders-dlq-{suffix}",
            ["Portal:Orders:ConsumerEnabled"] = pipelineRunning ? "true" : "false",
            ["Portal:Orders:NotifierEnabled"] = pipelineRunning ? "true" : "false",
            ["Portal:Orders:ReceiveWaitSeconds"] = "1",
            ["Portal:Orders:NotifierPollInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await LocalStack.EnsureResourcesAsync(services);
        return services;
    }

    /// <summary>32 clients, each sending its share one order per call, one call after another.</summary>
    private static Task SendAsync(ServiceProvider services, string prefix, int count)
    {
        var ingest = services.GetRequiredService<OrderIngest>();
        return Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var i = client; i < count; i += Clients)
            {
                var input = OrderInput.FromJson(JsonDocument.Parse(OrdersLoadBenchmark.OrderLine(prefix, i)).RootElement);
                var result = await ingest.IngestAsync(input);
                if (result.Outcome != IngestOutcome.Accepted)
                    throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        })));
    }
}
