namespace Portal.Tests.Users;

/// <summary>A portal with an audit table of its own, so a test's audit assertions see only its class's entries.</summary>
public sealed class UsersPortal : IAsyncLifetime
{
    public PortalServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PortalServer.StartAsync(new Dictionary<string, string?>
    {
        ["Portal:Aws:Tables:Audit"] = $"web-audit-{Guid.NewGuid():N}"[..20],
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
