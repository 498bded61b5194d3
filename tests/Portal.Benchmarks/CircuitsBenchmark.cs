using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// What a live Blazor circuit costs the server, measured with real browsers: Debian's Chromium opens N tabs on one page
/// of the real portal (in this process, on the local stack), each a live circuit. Per round and page:
/// <list type="bullet">
/// <item>memory per circuit = (managed heap after a full blocking GC with N circuits open) − (the same with none open),
/// divided by N; the process's working set delta likewise (it also holds the runtime's own growth);</item>
/// <item>time to interactive per tab: navigation start to the layout's data-interactive marker, opened C at a time;</item>
/// <item>click round trip under C live circuits: the navigation drawer's toggle (a click to the server, a render back) on
/// C tabs at once, several times.</item>
/// </list>
/// Pages alternate round by round (equal work, equal concurrency); medians over rounds and the ratio to Microsoft's
/// planning figure (about 250 KB per user) are printed.
/// Usage: circuits [--circuits 200] [--concurrent 50] [--rounds 3] [--pages /vpcs,/vpcs/new] [--clicks 5] [--hold 0] [--browsers 1]
/// </summary>
public static class CircuitsBenchmark
{
    private const double MicrosoftPlanningKb = 250;

    private static int HoldSeconds { get; set; }

    public static async Task RunAsync(string[] args)
    {
        var circuits = Arg(args, "--circuits", 200);
        var concurrent = Arg(args, "--concurrent", 50);
        var rounds = Arg(args, "--rounds", 3);
        var clicks = Arg(args, "--clicks", 5);
        var pages = (ArgText(args, "--pages") ?? "/vpcs,/vpcs/new").Split(',');
        HoldSeconds = Arg(args, "--hold", 0);
        var browsers = Arg(args, "--browsers", 1);

        // A console program gets no content-root attribute from Mvc.Testing (test projects do): name the portal's folder.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln")))
            root = root.Parent;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PORTAL", Path.Combine(root!.FullName, "src", "Portal"));

        var live = new LiveCircuits();
        await using var portal = await PortalServer.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            services =>
            {
                services.AddSingleton<CircuitHandler>(live);
                // A closed tab whose goodbye got lost leaves a disconnected circuit for the retention period (3 min in the
                // portal); here it goes after 5 s, so one page's leftovers are gone before the next page is measured.
                services.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(5));
            });
        using var session = await HttpSignIn.AsAsync(portal, DemoUser.Admin);
        var cookies = session.Cookies.GetCookies(portal.BaseAddress).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = "127.0.0.1", Path = c.Path,
        }).ToList();

        using var playwright = await Playwright.CreateAsync();
        // One browser keeps a few hundred tabs badly (they stop reaching interactive past ~100 on 2 cores): spread them.
        var chromiums = new List<IBrowser>();
        for (var b = 0; b < browsers; b++)
            chromiums.Add(await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true,
                // Tabs share a few renderer processes, so hundreds of them fit in memory; the server cannot tell.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--renderer-process-limit=6",
                        "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
            }));

        Console.WriteLine($"circuits benchmark: {circuits} live circuits per page, {concurrent} at a time, {rounds} rounds, pages {string.Join(" ", pages)}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
        var results = pages.ToDictionary(p => p, _ => new List<RoundResult>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var path in round % 2 == 1 ? pages : pages.Reverse())
            {
                var result = await MeasureAsync(chromiums, cookies, portal.BaseAddress, path, circuits, concurrent, clicks, live);
                results[path].Add(result);
                Console.WriteLine($"round {round} {path,-10} {result}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("medians over rounds");
        foreach (var (path, list) in results)
        {
            var kb = Median(list.Select(r => r.HeapKbPerCircuit));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {path,-10} heap {kb,6:0.0} KB/circuit ({kb / MicrosoftPlanningKb:0.00}x Microsoft's ~250 KB; target <= 150 KB: {(kb <= 150 ? "met" : "MISSED")}), " +
                $"working set {Median(list.Select(r => r.WorkingSetKbPerCircuit)),6:0.0} KB/circuit, " +
                $"TTI p50 {Median(list.Select(r => r.TtiP50)),5:0} ms p95 {Median(list.Select(r => r.TtiP95)),5:0} ms, " +
                $"click p50 {Median(list.Select(r => r.ClickP50)),5:0.0} ms p95 {Median(list.Select(r => r.ClickP95)),5:0.0} ms"));
        }

        foreach (var chromium in chromiums)
            await chromium.CloseAsync();
    }

    private static async Task<RoundResult> MeasureAsync(IReadOnlyList<IBrowser> chromiums, IReadOnlyList<Cookie> cookies, Uri portal, string path,
        int circuits, int concurrent, int clicks, LiveCircuits live)
    {
        var contexts = new List<IBrowserContext>();
        foreach (var chromium in chromiums)
        {
            var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
            await context.AddCookiesAsync(cookies);
            context.SetDefaultTimeout(60_000);
            contexts.Add(context);
        }

        var openBefore = live.Open;
        var (heapBefore, wsBefore) = ServerMemory();

        // Open the tabs C at a time, timing each to interactive.
        var tabs = new List<IPage>();
        var tti = new List<double>();
        using var gate = new SemaphoreSlim(concurrent);
        await Task.WhenAll(Enumerable.Range(0, circuits).Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                var tab = await contexts[n % contexts.Count].NewPageAsync();
                var watch = Stopwatch.StartNew();
                await tab.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
                await tab.Locator("[data-testid=page][data-interactive=true]").WaitForAsync();
                lock (tti)
                {
                    tti.Add(watch.Elapsed.TotalMilliseconds);
                    tabs.Add(tab);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        await live.WaitForAsync(n => n >= openBefore + circuits, TimeSpan.FromSeconds(120));
        await Task.Delay(2000); // let first renders and their acknowledgements settle
        var (heapOpen, wsOpen) = ServerMemory();
        var opened = live.Open - openBefore;
        if (HoldSeconds > 0)
        {
            // Time to take a heap snapshot (dotnet-gcdump collect -p <pid>) with every circuit open.
            Console.WriteLine($"holding {opened} circuits open for {HoldSeconds} s: process {Environment.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(HoldSeconds));
        }

        // Click round trips on C tabs at once.
        var roundTrips = new List<double>();
        foreach (var batch in tabs.Chunk(concurrent).Take(1))
        {
            for (var i = 0; i < clicks; i++)
            {
                await Task.WhenAll(batch.Select(async tab =>
                {
                    foreach (var expanded in new[] { "false", "true" })
                    {
                        var watch = Stopwatch.StartNew();
                        await tab.Locator("[data-testid=nav-toggle]").ClickAsync();
                        await tab.Locator($"[data-testid=nav-toggle][aria-expanded={expanded}]").WaitForAsync();
                        lock (roundTrips)
                            roundTrips.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }));
            }
        }

        // Closing a tab the way a user does (unload runs) tells the server to end its circuit at once; otherwise it would
        // keep each one for the disconnected-circuit retention period.
        await Task.WhenAll(tabs.Select(t => t.CloseAsync(new() { RunBeforeUnload = true })));
        foreach (var context in contexts)
            await context.CloseAsync();
        // A circuit whose goodbye got lost stays until the retention period ends: the next round counts from what is open.
        await live.WaitForAsync(n => n <= openBefore, TimeSpan.FromSeconds(30), throwOnTimeout: false);
        return new RoundResult(
            (heapOpen - heapBefore) / 1024.0 / opened, (wsOpen - wsBefore) / 1024.0 / opened,
            Percentile(tti, 50), Percentile(tti, 95), Percentile(roundTrips, 50), Percentile(roundTrips, 95));
    }

    /// <summary>Managed heap after a full, compacting, blocking collection, and the process's working set.</summary>
    private static (long Heap, long WorkingSet) ServerMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    private sealed record RoundResult(double HeapKbPerCircuit, double WorkingSetKbPerCircuit, double TtiP50, double TtiP95, double ClickP50, double ClickP95)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"heap {HeapKbPerCircuit,6:0.0} KB/circuit, working set {WorkingSetKbPerCircuit,6:0.0} KB/circuit, TTI p50 {TtiP50,5:0} p95 {TtiP95,5:0} ms, click p50 {ClickP50,5:0.0} p95 {ClickP95,5:0.0} ms");
    }

    /// <summary>Counts the portal's open circuits, so measurements wait until the server has them all (or none).</summary>
    private sealed class LiveCircuits : CircuitHandler
    {
        private int _open;

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }

        public int Open => Volatile.Read(ref _open);

        public async Task WaitForAsync(Func<int, bool> until, TimeSpan timeout, bool throwOnTimeout = true)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!until(Open))
            {
                if (DateTime.UtcNow > deadline)
                {
                    if (throwOnTimeout)
                        throw new TimeoutException($"{Open} circuits open after {timeout}.");
                    Console.WriteLine($"  ({Open} circuits still open after {timeout}; the next round counts from them)");
                    return;
                }

                await Task.Delay(100);
            }
        }
    }

    private static double Percentile(List<double> values, int percentile)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1];
    }

    private static double Median(IEnumerable<double> values) => Percentile(values.ToList(), 50);

    private static int Arg(string[] args, string name, int fallback) =>
        ArgText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
