using Microsoft.Playwright;
using Portal.Testing;

namespace Portal.E2E.Tokens;

/// <summary>The shared <see cref="Browser"/>'s Chromium pointed at a second portal whose token job uses the
/// test stack's provider (the default portal's job points at the fixed local port), with the scheduler off.</summary>
public sealed class TokenBrowser : IAsyncLifetime
{
    private readonly Browser _browser = new();

    public PortalServer Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _browser.InitializeAsync();
        var stack = await LocalStack.Shared;
        var name = Guid.NewGuid().ToString("N")[..10];
        Portal = await PortalServer.StartAsync(new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:TokenRuns"] = $"e2e-token-runs-{name}",
            ["Portal:Aws:Tables:Leases"] = $"e2e-leases-{name}",
            ["Portal:Aws:Tables:Notifications"] = $"e2e-notifications-{name}",
            ["Portal:Tokens:TokenEndpoint"] = new Uri(stack.Oidc, "oauth2/token").ToString(),
            ["Portal:Tokens:ObjectKey"] = $"tokens-{name}/access_token.txt",
            ["Portal:Tokens:SchedulerEnabled"] = "false",
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = Portal.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Portal is not null)
            await Portal.DisposeAsync();
        await _browser.DisposeAsync();
    }
}
