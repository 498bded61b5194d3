using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Records;

/// <summary>
/// 400 seeded records on a table of their own. Record i: status Succeeded when i % 5 is 0, 1 or 2, Failed when 3,
/// Deleted when 4; creator alice when i is even, bob when odd; name "Payments-i" when i % 3 == 0, else "orders-i".
/// </summary>
public sealed class RecordsTable : IAsyncLifetime
{
    public const int Count = 400;

    public ServiceProvider Services { get; private set; } = null!;

    public IReadOnlyList<VpcRecord> Seeds { get; private set; } = [];

    public VpcRecordStore Store => Services.GetRequiredService<VpcRecordStore>();

    public RecordBrowser Browser => Services.GetRequiredService<RecordBrowser>();

    public static VpcStatus StatusOf(int i) => (i % 5) switch { 3 => VpcStatus.Failed, 4 => VpcStatus.Deleted, _ => VpcStatus.Succeeded };

    public async Task InitializeAsync()
    {
        Services = await StartAsync();
        Seeds = Enumerable.Range(0, Count)
            .Select(i => RecordSeed.Record(i, StatusOf(i), i % 2 == 0 ? "alice" : "bob", i % 3 == 0 ? $"Payments-{i}" : $"orders-{i}"))
            .ToList();
        await RecordSeed.WriteAsync(Store, Seeds);
    }

    public async Task DisposeAsync() => await Services.DisposeAsync();

    /// <summary>The records services on a fresh table.</summary>
    public static async Task<ServiceProvider> StartAsync()
    {
        var stack = await LocalStack.Shared;
        var services = stack.Services((s, configuration) => s.AddVpcs(configuration).AddRecords(configuration), new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Vpcs"] = "records-" + Guid.NewGuid().ToString("N")[..10],
        });
        await LocalStack.EnsureResourcesAsync(services);
        return services;
    }
}
