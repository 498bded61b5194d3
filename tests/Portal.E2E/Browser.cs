using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Debian's Chromium driven by Playwright (Playwright's own browser download cannot run here),
/// against a real portal on the shared local stack. One per test class.</summary>
public class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public PortalServer Portal { get; private set; } = null!;

    /// <summary>Settings a feature's browser fixture gives its portal (e.g. its own tables).</summary>
    protected virtual IDictionary<string, string?>? PortalSettings => null;

    /// <summary>Services a feature's browser fixture replaces in its portal (e.g. a clock the test moves).</summary>
    protected virtual Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? PortalServices => null;

    public async Task InitializeAsync()
    {
        Portal = await PortalServer.StartAsync(PortalSettings, PortalServices);
        var executable = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Chromium not found at {executable}: run the test command (it installs Debian's chromium) or set PORTAL_CHROMIUM.");

        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // No sandbox as root; no background networking: this machine refuses outside connections.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context: its own cookies, as a new person at a new machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = Portal.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
            await Chromium.CloseAsync();
        _playwright?.Dispose();
        if (Portal is not null)
            await Portal.DisposeAsync();
    }
}

public static class ProviderLoginForm
{
    /// <summary>Fills the local Cognito stand-in's login form and submits it.</summary>
    public static async Task SignInAsync(this IPage page, string username, string password)
    {
        await page.Locator("input[name=username]").FillAsync(username);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public static Task SignInAsync(this IPage page, DemoUser user) => page.SignInAsync(user.Username, user.Password);
}

public static class Interactivity
{
    /// <summary>Waits until the page's circuit is up (the layout marks it after its first interactive render): clicks
    /// before that reach only the prerendered HTML.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        Assertions.Expect(page.GetByTestId("page")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 20_000 });
}
