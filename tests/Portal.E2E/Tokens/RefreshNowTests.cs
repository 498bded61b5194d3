using Microsoft.Playwright;

namespace Portal.E2E.Tokens;

public sealed class RefreshNowTests(TokenBrowser browser) : IClassFixture<TokenBrowser>
{
    [Fact]
    public async Task An_admin_presses_refresh_now_and_sees_a_new_successful_run_and_a_valid_token()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/tokens");
        await page.SignInAsync(DemoUser.Admin);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token refresh" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("token-state")).ToHaveTextAsync("Missing");
        var rowsBefore = await page.Locator("[data-testid=run-history] tr[data-run-id]").CountAsync();

        await page.GetByTestId("refresh-now").ClickAsync();

        await Assertions.Expect(page.GetByTestId("refresh-outcome")).ToContainTextAsync("succeeded");
        await Assertions.Expect(page.Locator("[data-testid=run-history] tr[data-run-id]")).ToHaveCountAsync(rowsBefore + 1);
        await Assertions.Expect(page.GetByTestId("token-state")).ToHaveTextAsync("Valid");
        await Assertions.Expect(page.GetByTestId("token-fingerprint")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^sha256:[0-9a-f]{12}$"));
        var runId = await page.Locator("[data-testid=run-history] tr[data-run-id]").First.GetAttributeAsync("data-run-id");
        await Assertions.Expect(page.Locator($"[data-testid=duration-chart] rect[data-run-id='{runId}']")).ToHaveCountAsync(1);

        // The htmx poll swaps the panel in place and keeps it (the countdown is server text, refreshed each poll).
        var swapped = page.WaitForResponseAsync(r => r.Url.EndsWith("/tokens/status") && r.Status == 200);
        await swapped;
        await Assertions.Expect(page.GetByTestId("token-state")).ToHaveTextAsync("Valid");
        await Assertions.Expect(page.GetByTestId("next-run-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"));
    }
}
