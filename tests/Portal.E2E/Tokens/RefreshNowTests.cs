using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tokens;

public sealed class RefreshNowTests(TokenBrowser browser) : IClassFixture<TokenBrowser>
{
    [Fact]
    public async Task An_admin_presses_refresh_now_and_sees_a_new_successful_run_a_valid_token_and_the_outcome()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/tokens");
        await page.SignInAsync(DemoUser.Admin);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token refresh", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        var runs = page.Locator("[data-testid=run-history] [data-run-id]");
        var before = await runs.CountAsync();

        await page.GetByTestId("refresh-now").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("succeeded");
        await Assertions.Expect(runs).ToHaveCountAsync(before + 1);
        await Assertions.Expect(page.GetByTestId("token-state")).ToHaveTextAsync("Valid");
        await Assertions.Expect(page.GetByTestId("token-fingerprint")).ToHaveTextAsync(new Regex("^sha256:[0-9a-f]{12}$"));
        await Assertions.Expect(page.GetByTestId("refresh-now")).ToBeEnabledAsync();
        var runId = await runs.First.GetAttributeAsync("data-run-id");
        await Assertions.Expect(page.Locator($"[data-testid=duration-chart] rect[data-key='{runId}']")).ToHaveCountAsync(1);

        // The server pushes the countdown each second; no request comes from the page for it.
        var countdown = await page.GetByTestId("token-expires-in").TextContentAsync();
        await Assertions.Expect(page.GetByTestId("token-expires-in")).Not.ToHaveTextAsync(countdown!, new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task The_token_page_has_no_serious_accessibility_violation()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/tokens");
        await page.SignInAsync(DemoUser.Admin);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("token-status")).ToBeVisibleAsync();

        await page.AssertAccessibleAsync();
    }
}
