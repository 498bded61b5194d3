using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;

namespace Portal.Benchmarks;

/// <summary>
/// Figures for issue 12's speed goal (not a timed test): against the EC2 sandbox with 100 ms per call and NAT gateways
/// available 1 s after they are made, the wall time of a 3-zone public+private VPC with a NAT gateway per zone and the
/// S3 endpoint, the critical-path floor computed from the builder's call graph (longest path: 100 ms per EC2 call on
/// it, plus the NAT wait and the one call that sees it), and their ratio; then the old layout (no NAT, no endpoint)
/// the same way; then both again with no EC2 latency, which is what the sandbox's DynamoDB state and the record saves
/// cost on their own.
/// Run: <c>dotnet run -c Release --project tests/Portal.Benchmarks -- vpc-graph [runs]</c>.
/// </summary>
public static class VpcGraphBenchmark
{
    private static readonly TimeSpan NatAvailableAfter = TimeSpan.FromSeconds(1);

    private static readonly VpcRequest FullLayout = VpcLayoutTiming.OldLayout with { NatGatewayMode = NatGatewayMode.PerZone, S3GatewayEndpoint = true };

    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        foreach (var latency in new[] { VpcLayoutTiming.CallLatency, TimeSpan.Zero })
        {
            foreach (var (name, request) in new[] { ("3 zones public+private, NAT per zone, S3 endpoint", FullLayout), ("old layout: 3 zones public+private", VpcLayoutTiming.OldLayout) })
            {
                await using var services = await VpcLayoutTiming.StartAsync(new Dictionary<string, string?>
                {
                    ["Portal:Sandbox:CallLatency"] = latency.ToString(),
                    ["Portal:Sandbox:NatAvailableAfter"] = NatAvailableAfter.ToString(),
                    ["Portal:Sandbox:NatDeletedAfter"] = "00:00:00",
                    ["Portal:Vpcs:NatPollInterval"] = "00:00:00.050",
                });
                var builder = services.GetRequiredService<VpcBuilder>();
                var floors = new List<double>();
                var calls = new List<int>();
                var levels = new List<string>();
                var times = await VpcLayoutTiming.TimeAsync(services, request, runs, _ =>
                {
                    var graph = builder.LastGraph!;
                    floors.Add(graph.CriticalPath(latency, NatAvailableAfter).TotalMilliseconds);
                    calls.Add(graph.Nodes.Sum(n => n.Calls));
                    levels.Add(string.Join(" -> ", graph.CriticalPathNodes(latency, NatAvailableAfter).Select(n => n.Name)));
                });
                var wall = BenchmarkFigures.Median(times);
                var floor = floors.Max();
                Console.WriteLine($"{name}, {latency.TotalMilliseconds} ms per call: wall median {BenchmarkFigures.F(wall)} ms " +
                    $"[{string.Join(", ", times.Select(t => BenchmarkFigures.F(t)))}], floor {BenchmarkFigures.F(floor)} ms, " +
                    $"ratio {(floor > 0 ? BenchmarkFigures.F(wall / floor, "F2") : "n/a")}, EC2 calls {calls.Max()}");
                Console.WriteLine($"  critical path: {levels[^1]}");
            }
        }
    }
}
