using System.Diagnostics;
using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>What the benchmarks share: medians, percentiles, the rotated order of interleaved variants, and the memory
/// a piece of work allocates and keeps (sampled heap with GC counts, not the process's peak since it started).</summary>
public static class BenchmarkFigures
{
    public static double Median(IEnumerable<double> values) => Percentile(values.Order().ToArray(), 0.5);

    /// <summary>Nearest rank over sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Round r runs the variants starting at r: each variant goes first, middle and last as often as the others,
    /// so a warming cache or a busy neighbour does not favour one.</summary>
    public static IEnumerable<T> Rotated<T>(IReadOnlyList<T> variants, int round) =>
        Enumerable.Range(0, variants.Count).Select(i => variants[(i + round) % variants.Count]);

    public static string F(double value, string format = "F0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");

    /// <summary>Runs <paramref name="work"/> while sampling the managed heap every 10 ms; reports its growth over the heap
    /// before (garbage included), the heap left after a full GC, bytes allocated and the GCs it caused.</summary>
    public static async Task<(T Result, HeapUse Heap)> MeasureHeapAsync<T>(Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(10);
            }
        });
        var result = await work();
        await sampling.CancelAsync();
        await sampler;
        // Counted before the forced collection below, so they are the work's own GCs.
        var (gen0, gen1, gen2) = (GC.CollectionCount(0) - gcs.Item1, GC.CollectionCount(1) - gcs.Item2, GC.CollectionCount(2) - gcs.Item3);
        var allocatedByWork = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var heap = new HeapUse(peak - before, GC.GetTotalMemory(forceFullCollection: true) - before, allocatedByWork, gen0, gen1, gen2);
        return (result, heap);
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }
}

public sealed record HeapUse(long PeakGrowth, long Retained, long Allocated, int Gen0, int Gen1, int Gen2)
{
    public override string ToString() =>
        $"heap peak +{BenchmarkFigures.Mb(PeakGrowth)}, retained +{BenchmarkFigures.Mb(Retained)}, allocated {BenchmarkFigures.Mb(Allocated)}, GCs gen0/1/2 {Gen0}/{Gen1}/{Gen2}";
}
