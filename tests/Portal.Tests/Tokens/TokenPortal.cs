
namespace Portal.Tests.Tokens;

/// <summary>A portal whose token job points at the local provider's machine client, with its own tables and
/// object key, and the scheduler off so only the tests' own presses make runs.</summary>
public sealed class TokenPortal : IAsyncLifetime
{
    public PortalServer Server { get; private set; } = null!;

    public static async Task<Dictionary<string, string?>> SettingsAsync()
    {
        var stack = await LocalStack.Shared;
        var name = Guid.NewGuid().ToString("N")[..10];
        return new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:TokenRuns"] = $"web-token-runs-{name}",
            ["Portal:Aws:Tables:Leases"] = $"web-leases-{name}",
            ["Portal:Aws:Tables:Notifications"] = $"web-notifications-{name}",
            ["Portal:Tokens:TokenEndpoint"] = new Uri(stack.Oidc, "oauth2/token").ToString(),
            ["Portal:Tokens:ObjectKey"] = $"tokens-{name}/access_token.txt",
            ["Portal:Tokens:SchedulerEnabled"] = "false",
        };
    }

    public async Task InitializeAsync() => Server = await PortalServer.StartAsync(await SettingsAsync());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
