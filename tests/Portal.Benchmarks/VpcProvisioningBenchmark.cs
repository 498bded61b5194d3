using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;

namespace Portal.Benchmarks;

/// <summary>
/// A VPC with 6 subnets (3 zones, one public and one private each, with internet gateway and public route table)
/// against the EC2 sandbox with 100 ms per call, on the real local DynamoDB: subnets one call at a time
/// (<c>MaxConcurrentCalls</c> 1, the baseline) versus concurrently (4 and 6). Reports medians and the Ratio column.
/// Run: <c>dotnet run -c Release --project tests/Portal.Benchmarks -- VpcProvisioningBenchmark</c>.
/// In process, because the local stack is started once here; each iteration's VPC is torn down (untimed) after it.
/// </summary>
[Config(typeof(InProcessMonitoring))]
[MedianColumn]
public class VpcProvisioningBenchmark
{
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }

    private readonly Dictionary<int, ServiceProvider> _services = [];
    private string? _lastRequestId;
    private ServiceProvider? _lastServices;

    public static TimeSpan CallLatency { get; } = TimeSpan.FromMilliseconds(100);

    // Synchronous on purpose: the in-process toolchain does not await an async GlobalSetup before the first iteration.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var stack = await LocalStack.Shared;
        foreach (var concurrency in new[] { 1, 4, 6 })
        {
            var suffix = Guid.NewGuid().ToString("N")[..8];
            var services = stack.Services((s, configuration) => s.AddVpcs(configuration), new Dictionary<string, string?>
            {
                ["Portal:Aws:Tables:Vpcs"] = "bench-vpcs-" + suffix,
                ["Portal:Aws:Tables:Ec2Sandbox"] = "bench-ec2-" + suffix,
                ["Portal:Sandbox:CallLatency"] = CallLatency.ToString(),
                ["Portal:Vpcs:MaxConcurrentCalls"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            await LocalStack.EnsureResourcesAsync(services);
            _services[concurrency] = services;
        }
    }

    [Benchmark(Baseline = true, Description = "6 subnets, 1 call at a time")]
    public Task<VpcRecord> OneCallAtATime() => ProvisionAsync(1);

    [Benchmark(Description = "6 subnets, up to 4 calls at once")]
    public Task<VpcRecord> FourAtOnce() => ProvisionAsync(4);

    [Benchmark(Description = "6 subnets, up to 6 calls at once")]
    public Task<VpcRecord> SixAtOnce() => ProvisionAsync(6);

    [IterationCleanup]
    public void TearDown()
    {
        if (_lastServices is null || _lastRequestId is null)
            return;
        var record = _lastServices.GetRequiredService<VpcTeardown>().TearDownAsync(_lastRequestId, "benchmark", CancellationToken.None).GetAwaiter().GetResult();
        if (record.Status != VpcStatus.Deleted)
            throw new InvalidOperationException($"Teardown left {record.RollbackOutcome}");
        _lastRequestId = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var services in _services.Values)
            services.Dispose();
        _services.Clear();
    }

    private async Task<VpcRecord> ProvisionAsync(int concurrency)
    {
        var services = _services[concurrency];
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var requestId = Guid.NewGuid().ToString("N");
        await provisioning.SubmitAsync(Request, requestId, "benchmark", CancellationToken.None);
        var record = await provisioning.RunAsync(requestId, CancellationToken.None);
        (_lastServices, _lastRequestId) = (services, requestId);
        return record.Status == VpcStatus.Succeeded && record.Subnets.Count == 6
            ? record
            : throw new InvalidOperationException($"Provisioning ended {record.Status}: {record.ErrorCode} {record.ErrorMessage}");
    }

    private static readonly VpcRequest Request = new()
    {
        Name = "bench",
        Cidr = "10.0.0.0/16",
        AvailabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"],
        PublicSubnetsPerZone = 1,
        PrivateSubnetsPerZone = 1,
    };
}
