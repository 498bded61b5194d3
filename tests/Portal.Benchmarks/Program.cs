using BenchmarkDotNet.Running;

namespace Portal.Benchmarks;

/// <summary>Entry point. Not top-level statements: those would declare a second <c>Program</c>, hiding the portal's,
/// which the records benchmark starts through <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public static class BenchmarkMain
{
    public static async Task Main(string[] args)
    {
        if (args is ["orders", ..])
        {
            await OrdersLoadBenchmark.RunAsync(args[1..]);
            return;
        }

        if (args is ["circuits", ..])
        {
            await CircuitsBenchmark.RunAsync(args[1..]);
            return;
        }

        if (args is ["pipeline", ..])
        {
            await PipelineBenchmark.RunAsync(args[1..]);
            return;
        }

        if (args is ["vpc-graph", ..])
        {
            await VpcGraphBenchmark.RunAsync(args[1..]);
            return;
        }

        if (args is ["vpc-layout", ..])
        {
            await VpcLayoutTiming.RunAsync(args[1..]);
            return;
        }

        if (args is ["records", ..])
        {
            await RecordsBenchmark.RunAsync(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkMain).Assembly).Run(args);
    }
}
