using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;

namespace Portal.Benchmarks;

/// <summary>
/// Wall time of provisioning one VPC request against the EC2 sandbox (100 ms per EC2 call) on the real local DynamoDB,
/// median of several runs, each VPC torn down (untimed) after it. Uses only the workflow's public surface, so the same
/// code measures today's builder and an older one ("before" figures).
/// Run: <c>dotnet run -c Release --project tests/Portal.Benchmarks -- vpc-layout [runs]</c>.
/// </summary>
public static class VpcLayoutTiming
{
    public static readonly TimeSpan CallLatency = TimeSpan.FromMilliseconds(100);

    /// <summary>The old layout: 3 zones, a public and a private subnet each, no NAT gateway, no endpoint.</summary>
    public static readonly VpcRequest OldLayout = new()
    {
        Name = "bench",
        Cidr = "10.0.0.0/16",
        AvailabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"],
        PublicSubnetsPerZone = 1,
        PrivateSubnetsPerZone = 1,
    };

    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        await using var services = await StartAsync(new Dictionary<string, string?>());
        var times = await TimeAsync(services, OldLayout, runs, _ => { });
        Console.WriteLine($"old layout (3 zones public+private, no NAT, no endpoint), {CallLatency.TotalMilliseconds} ms per call: " +
            $"median {BenchmarkFigures.F(BenchmarkFigures.Median(times))} ms over {runs} runs [{string.Join(", ", times.Select(t => BenchmarkFigures.F(t)))}]");
    }

    public static async Task<ServiceProvider> StartAsync(IDictionary<string, string?> settings)
    {
        var stack = await LocalStack.Shared;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var merged = new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Vpcs"] = "bench-vpcs-" + suffix,
            ["Portal:Aws:Tables:Ec2Sandbox"] = "bench-ec2-" + suffix,
            ["Portal:Sandbox:CallLatency"] = CallLatency.ToString(),
        };
        foreach (var (key, value) in settings)
            merged[key] = value;
        var services = stack.Services((s, configuration) => s.AddVpcs(configuration), merged);
        await LocalStack.EnsureResourcesAsync(services);
        return services;
    }

    /// <summary>One warm-up run, then <paramref name="runs"/> timed ones (RunAsync only: submit is the user's click,
    /// not the build); <paramref name="after"/> sees each timed record before its teardown.</summary>
    public static async Task<double[]> TimeAsync(IServiceProvider services, VpcRequest request, int runs, Action<VpcRecord> after)
    {
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var teardown = services.GetRequiredService<VpcTeardown>();
        var times = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var requestId = Guid.NewGuid().ToString("N");
            await provisioning.SubmitAsync(request, requestId, "benchmark", CancellationToken.None);
            var watch = Stopwatch.StartNew();
            var record = await provisioning.RunAsync(requestId, CancellationToken.None);
            watch.Stop();
            if (record.Status != VpcStatus.Succeeded)
                throw new InvalidOperationException($"Provisioning ended {record.Status}: {record.ErrorCode} {record.ErrorMessage}");
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                after(record);
            }

            var deleted = await teardown.TearDownAsync(requestId, "benchmark", CancellationToken.None);
            if (deleted.Status != VpcStatus.Deleted)
                throw new InvalidOperationException($"Teardown left {deleted.RollbackOutcome}");
        }

        return [.. times];
    }
}
