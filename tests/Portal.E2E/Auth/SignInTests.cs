using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Auth;

/// <summary>Open pages re-read their session every 2 s here (15 s by default), so a test sees a revoked session end
/// its open page without waiting.</summary>
public sealed class QuickSessionCheckBrowser : Browser
{
    protected override IDictionary<string, string?> PortalSettings => new Dictionary<string, string?>
    {
        ["Portal:Circuits:SessionCheckInterval"] = "00:00:02",
    };
}

public sealed class SignInTests(QuickSessionCheckBrowser browser) : IClassFixture<QuickSessionCheckBrowser>
{
    [Fact]
    public async Task Admin_signs_in_sees_name_and_role_on_an_accessible_live_home_signs_out_and_is_asked_for_the_password_again()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Portal (local Cognito)" })).ToBeVisibleAsync();
        await page.SignInAsync(DemoUser.Admin);

        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("admin");
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Admin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("readiness-status")).ToHaveTextAsync(["Ready", "Ready"]);
        Assert.StartsWith(browser.Portal.BaseAddress.ToString(), page.Url);
        await page.AssertAccessibleAsync();

        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed out" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        // Both sessions ended: opening the portal asks for the password again, not a silent sign-in.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("input[name=password]")).ToBeVisibleAsync();
        Assert.DoesNotMatch(new Regex("^" + Regex.Escape(browser.Portal.BaseAddress.ToString())), page.Url);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_a_viewer_is_shown_as_viewer()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/tokens");
        await page.SignInAsync("viewer", "wrong-password");
        await Assertions.Expect(page.GetByText("Incorrect username or password.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);

        await page.SignInAsync(DemoUser.Viewer);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Viewer");
        Assert.EndsWith("/tokens", page.Url);
    }

    [Fact]
    public async Task Signing_out_in_one_tab_ends_the_live_page_in_another_within_the_check_interval()
    {
        var open = await browser.NewPageAsync();
        await open.GotoAsync("/");
        await open.SignInAsync(DemoUser.Admin);
        await open.WaitForInteractiveAsync();
        var other = await open.Context.NewPageAsync(); // same browser, same session cookie
        await other.GotoAsync("/");
        await other.WaitForInteractiveAsync();

        await other.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Name = "You are signed out" })).ToBeVisibleAsync();

        // The first tab made no request: its circuit re-read the session and found it gone.
        await Assertions.Expect(open.GetByTestId("session-ended")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(open.GetByTestId("user-name")).ToHaveCountAsync(0);
        await Assertions.Expect(open.GetByTestId("glance-vpcs")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_chosen_theme_is_kept_across_page_loads()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.SignInAsync(DemoUser.Viewer);
        await page.WaitForInteractiveAsync();

        await page.GetByTestId("theme-menu").Locator("button").ClickAsync();
        await page.GetByTestId("theme-dark").ClickAsync();
        const string darkBackground = "rgb(22, 29, 38)"; // PortalTheme's dark palette
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", darkBackground);

        // The choice is a cookie: the server renders the next page dark from the first paint, before the circuit.
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Equal(darkBackground, await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", darkBackground);
    }
}
