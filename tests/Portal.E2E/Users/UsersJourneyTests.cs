using System.Diagnostics;
using Microsoft.Playwright;
using Portal.Core.Users;
using Xunit.Abstractions;

namespace Portal.E2E.Users;

/// <summary>Issue 14's "done when" in a browser: changes an admin makes on the Users page reach another person's open
/// page (their circuit re-checks the pool), and the page passes the accessibility scan. Users made for the test.</summary>
public sealed class UsersJourneyTests(UsersBrowser browser, ITestOutputHelper output) : IClassFixture<UsersBrowser>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_viewers_open_page_gains_admin_actions_when_promoted_and_ends_when_disabled()
    {
        var person = await PoolUsers.CreateAsync(browser.Portal.Stack, "e2e-viewer");
        using (await HttpSignIn.AsAsync(browser.Portal, person)) { } // sets their own password, as a first sign-in does
        var theirs = await OpenUsersPageAsync(person);
        await Assertions.Expect(theirs.GetByTestId("user-role")).ToHaveTextAsync("Viewer");
        await Assertions.Expect(theirs.GetByTestId("create-user")).ToHaveCountAsync(0);

        var admin = await OpenUsersPageAsync(DemoUser.Admin);
        await ConfirmAsync(admin, "make-admin", person.Username, "Make admin");
        await Assertions.Expect(admin.GetByTestId("action-outcome")).ToContainTextAsync("is now a member of 'portal-admins'");

        var promoted = await WithinAMinuteAsync(() => Assertions.Expect(theirs.GetByTestId("create-user")).ToBeVisibleAsync(new() { Timeout = 60_000 }));
        await Assertions.Expect(theirs.GetByTestId("user-role")).ToHaveTextAsync("Admin");
        output.WriteLine($"Promoted: the open page showed the admin actions {promoted.TotalSeconds:0.0} s after the pool's minute had passed.");

        await ConfirmAsync(admin, "disable-user", person.Username, "Disable");
        await Assertions.Expect(admin.GetByTestId("action-outcome")).ToContainTextAsync("is disabled");

        var ended = await WithinAMinuteAsync(() => Assertions.Expect(theirs.GetByTestId("session-ended")).ToBeVisibleAsync(new() { Timeout = 60_000 }));
        await Assertions.Expect(theirs.GetByRole(AriaRole.Heading, new() { Name = "Your session has ended" })).ToBeVisibleAsync();
        output.WriteLine($"Disabled: the open page ended {ended.TotalSeconds:0.0} s after the pool's minute had passed.");

        // The admin's page recorded both changes.
        await Assertions.Expect(admin.GetByTestId("audit-table").Locator("tr", new() { HasText = person.Username })).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task An_admin_creates_a_user_after_a_message_beside_the_email_and_the_page_is_accessible_and_fits_a_phone()
    {
        var admin = await OpenUsersPageAsync(DemoUser.Admin);
        await Assertions.Expect(admin.GetByTestId("username").First).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync();

        var username = $"e2e-new-{Guid.NewGuid():N}"[..20];
        await admin.GetByTestId("create-user").ClickAsync();
        await admin.GetByLabel("Username").FillAsync(username);
        await admin.GetByLabel("Email").FillAsync("not-an-email");
        await admin.GetByTestId("create-submit").ClickAsync();
        await Assertions.Expect(admin.GetByText("Enter an email address like name@example.com.")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(admin.GetByLabel("Username")).ToHaveValueAsync(username);
        await admin.AssertAccessibleAsync();

        await admin.GetByLabel("Email").FillAsync($"{username}@portal.test");
        await admin.GetByTestId("create-submit").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("action-outcome")).ToContainTextAsync($"Created {username}");
        var created = await browser.Portal.Stack.CognitoClient().AdminGetUserAsync(LocalStack.UserPoolId, username);
        Assert.Equal(PoolUserStatus.ForceChangePassword, created.Status);
        await Assertions.Expect(admin.GetByTestId("audit-table").Locator("tr", new() { HasText = username })).ToHaveCountAsync(1);

        // 390 pixels wide: rows become cards and nothing scrolls sideways.
        await admin.SetViewportSizeAsync(390, 844);
        await admin.GetByTestId("user-search").FillAsync(username);
        await Assertions.Expect(admin.GetByTestId("username")).ToHaveCountAsync(1);
        await Assertions.Expect(admin.GetByTestId("username")).ToHaveTextAsync(username);
        Assert.True(await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The Users page scrolls sideways at 390 px.");
        await admin.Mouse.MoveAsync(0, 0); // a pointer resting on a snackbar keeps it open
        await Assertions.Expect(admin.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 30_000 }); // axe misreads one mid-fade
        await admin.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_viewers_users_page_is_accessible_and_offers_no_changes()
    {
        var viewer = await OpenUsersPageAsync(DemoUser.Viewer);
        await Assertions.Expect(viewer.GetByTestId("username").First).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByTestId("user-actions")).ToHaveCountAsync(0);
        await viewer.AssertAccessibleAsync();
    }

    private async Task<IPage> OpenUsersPageAsync(DemoUser user)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/users");
        await page.SignInAsync(user);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        return page;
    }

    private static async Task ConfirmAsync(IPage page, string action, string username, string verb)
    {
        await page.GetByTestId("user-search").FillAsync(username);
        // Wait for the search to have re-rendered the list: a click on a row it is about to replace is lost.
        await Assertions.Expect(page.GetByTestId("username")).ToHaveCountAsync(1);
        var button = page.Locator($"[data-testid={action}][data-username='{username}']");
        await button.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = verb, Exact = true }).ClickAsync();
    }

    /// <summary>Moves the portal's clock past the pool's once-a-minute check and measures, in real time, how long the
    /// open page takes to follow (it re-reads its session every 2 seconds here).</summary>
    private async Task<TimeSpan> WithinAMinuteAsync(Func<Task> change)
    {
        browser.Clock.Advance(SessionRevalidation.Interval + TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();
        await change();
        Assert.True(watch.Elapsed < Minute, $"took {watch.Elapsed}");
        return watch.Elapsed;
    }
}
