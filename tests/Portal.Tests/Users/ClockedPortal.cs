using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Users;

/// <summary>A portal whose clock the tests move past the pool's once-a-minute check, and whose open circuits re-read
/// their session every half second.</summary>
public sealed class ClockedPortal : IAsyncLifetime
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public PortalServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PortalServer.StartAsync(
        new Dictionary<string, string?> { ["Portal:Circuits:SessionCheckInterval"] = "00:00:00.5" },
        s => s.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
