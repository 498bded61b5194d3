using BenchmarkDotNet.Running;
using Portal.Benchmarks;

if (args is ["orders", ..])
{
    await OrdersLoadBenchmark.RunAsync(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
