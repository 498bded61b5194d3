using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Auth;

public sealed class SignInTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task Admin_signs_in_sees_name_and_role_signs_out_and_is_asked_for_the_password_again()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Portal (local Cognito)" })).ToBeVisibleAsync();
        await page.SignInAsync(DemoUser.Admin);

        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("admin");
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Admin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        Assert.StartsWith(browser.Portal.BaseAddress.ToString(), page.Url);

        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed out" })).ToBeVisibleAsync();

        // Both sessions ended: opening the portal asks for the password again, not a silent sign-in.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("input[name=password]")).ToBeVisibleAsync();
        Assert.DoesNotMatch(new Regex("^" + Regex.Escape(browser.Portal.BaseAddress.ToString())), page.Url);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_a_viewer_is_shown_as_viewer()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/records");
        await page.SignInAsync("viewer", "wrong-password");
        await Assertions.Expect(page.GetByText("Incorrect username or password.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);

        await page.SignInAsync(DemoUser.Viewer);
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Viewer");
        Assert.EndsWith("/records", page.Url);
    }
}
