using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Users;
using Portal.Tests.Auth;
using Portal.Tests.Components;

namespace Portal.Tests.Users;

/// <summary>The Users page against the real Cognito stand-in and DynamoDB: listing, search and paging; each admin
/// action with its dialog, its effect in the pool and its audit entry; guard rails and Cognito's refusals as messages;
/// the create form's checks beside its fields. Each test makes users of its own with a unique prefix.</summary>
[Collection(UserPoolCollection.Name)]
public sealed class UsersPageTests(UsersPortal fixture) : IClassFixture<UsersPortal>
{
    private static readonly string Pool = LocalStack.UserPoolId;

    private CognitoIdentityProviderClient Cognito => fixture.Server.Stack.CognitoClient();

    private UserAdministration Administration => fixture.Server.Services.GetRequiredService<UserAdministration>();

    private static string Prefix(string what) => $"{what}{Guid.NewGuid():N}"[..(what.Length + 6)];

    private Task<DemoUser> NewUserAsync(string prefix, bool admin = false) => PoolUsers.CreateAsync(fixture.Server.Stack, prefix, admin);

    private async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(string target) =>
        (await Administration.AuditAsync(new PortalUser("test", false), pageSize: 100)).Entries.Where(e => e.Target == target).ToList();

    [Fact]
    public async Task Lists_users_with_email_status_groups_and_times_and_finds_them_by_username_prefix()
    {
        var prefix = Prefix("list");
        var admin = await NewUserAsync(prefix, admin: true);
        var disabled = await NewUserAsync(prefix);
        await Cognito.AdminDisableUserAsync(Pool, disabled.Username);
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Viewer());

        page.Search(prefix, admin.Username, disabled.Username);

        var adminRow = page.Row(admin.Username);
        Assert.Contains($"{admin.Username}@portal.test", adminRow.TextContent);
        Assert.Equal("force-change-password", adminRow.QuerySelector("[data-testid=user-status]")!.TextContent.Trim());
        Assert.Equal([PoolUsers.AdminGroup], adminRow.QuerySelectorAll("[data-testid=group]").Select(g => g.TextContent.Trim()));
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", adminRow.QuerySelector("time")!.TextContent);
        var disabledRow = page.Row(disabled.Username);
        Assert.Equal("disabled", disabledRow.QuerySelector("[data-testid=user-status]")!.TextContent.Trim());
        Assert.Empty(disabledRow.QuerySelectorAll("[data-testid=group]"));
        // A viewer may look but is offered no change.
        Assert.Empty(page.Page.FindAll("[data-testid=create-user]"));
        Assert.Empty(page.Page.FindAll("[data-testid=user-actions]"));
    }

    [Fact]
    public async Task Searches_by_email_prefix_says_when_nothing_matches_and_puts_a_bad_search_beside_the_field()
    {
        var prefix = Prefix("mail");
        var user = await NewUserAsync(prefix);
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Viewer());

        await page.Page.InvokeAsync(() => page.Page.FindAll("[data-testid=search-by] button").Single(b => b.TextContent.Contains("Email")).Click());
        page.Search($"{user.Username}@portal", user.Username);

        page.Search($"{user.Username}@elsewhere");
        Assert.Contains($"No user's email starts with '{user.Username}@elsewhere'", page.Page.Find("[data-testid=no-users]").TextContent);

        page.SearchInput.Input(new string('a', UserInput.MaxUsernameLength + 1));
        page.Page.WaitForAssertion(() => Assert.Equal("true", page.SearchInput.GetAttribute("aria-invalid")), TimeSpan.FromSeconds(10));
        Assert.Contains("up to 128 characters on one line", page.Page.Find(".portal-user-search").TextContent);
    }

    [Fact]
    public async Task Pages_forward_and_back_over_cognitos_pagination_token()
    {
        var prefix = Prefix("page");
        var users = new[] { await NewUserAsync(prefix), await NewUserAsync(prefix), await NewUserAsync(prefix) };
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Viewer(), pageSize: 2);

        page.SearchInput.Input(prefix);
        page.Page.WaitForAssertion(() => Assert.True(page.Usernames.Count == 2 && page.Usernames.All(u => u.StartsWith(prefix, StringComparison.Ordinal))), TimeSpan.FromSeconds(15));
        var first = page.Usernames;
        Assert.True(page.Page.Find("[data-testid=users-previous]").HasAttribute("disabled"));
        Assert.Contains("Page 1", page.Page.Find("[data-testid=users-page-number]").TextContent);

        page.Click("[data-testid=users-next]");
        var rest = users.Select(u => u.Username).Except(first).ToArray();
        page.WaitForUsers(rest);
        Assert.Contains("Page 2", page.Page.Find("[data-testid=users-page-number]").TextContent);
        Assert.True(page.Page.Find("[data-testid=users-next]").HasAttribute("disabled"));

        page.Click("[data-testid=users-previous]");
        page.WaitForUsers([.. first]);
        page.Page.WaitForAssertion(() => Assert.False(page.Page.Find("[data-testid=users-next]").HasAttribute("disabled")));
        Assert.True(page.Page.Find("[data-testid=users-previous]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Each_admin_action_is_confirmed_in_a_dialog_changes_the_pool_and_is_recorded_in_the_audit_trail()
    {
        var user = await NewUserAsync(Prefix("acts"));
        using var session = await HttpSignIn.AsAsync(fixture.Server, user);
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Admin());
        page.Search(user.Username, user.Username);

        // Cancelled: nothing is sent and nothing is recorded.
        Assert.Contains($"{user.Username} joins the admin group", page.Press("make-admin", user.Username));
        page.Answer("Cancel");
        page.WaitForDialogClosed();
        Assert.Empty(await Cognito.AdminListGroupsForUserAsync(Pool, user.Username));

        Assert.Contains("is now a member of 'portal-admins'", page.Confirm("make-admin", user.Username, "Make admin"));
        Assert.Equal([PoolUsers.AdminGroup], await Cognito.AdminListGroupsForUserAsync(Pool, user.Username));
        page.Page.WaitForAssertion(() => Assert.NotNull(page.ActionButton("remove-admin", user.Username)));

        Assert.Contains("is no longer a member", page.Confirm("remove-admin", user.Username, "Remove admin"));
        Assert.Empty(await Cognito.AdminListGroupsForUserAsync(Pool, user.Username));

        Assert.Contains("is disabled", page.Confirm("disable-user", user.Username, "Disable"));
        Assert.False((await Cognito.AdminGetUserAsync(Pool, user.Username)).Enabled);
        page.Page.WaitForAssertion(() => Assert.Equal("disabled", page.Row(user.Username).QuerySelector("[data-testid=user-status]")!.TextContent.Trim()));

        Assert.Contains("is enabled", page.Confirm("enable-user", user.Username, "Enable"));
        Assert.True((await Cognito.AdminGetUserAsync(Pool, user.Username)).Enabled);

        Assert.Contains("1 portal session(s) ended", page.Confirm("sign-out-everywhere", user.Username, "Sign out everywhere"));
        using (var raw = session.RawClient())
            Assert.Equal(HttpStatusCode.Redirect, (await raw.GetAsync("/")).StatusCode);

        UserAction[] newestFirst = [UserAction.SignOutEverywhere, UserAction.Enable, UserAction.Disable, UserAction.RemoveFromAdmins, UserAction.AddToAdmins];
        var trail = await AuditOfAsync(user.Username);
        Assert.Equal(newestFirst, trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal(("admin", ActionOutcome.Succeeded), (e.Actor, e.Outcome)));
        page.Page.WaitForAssertion(() => Assert.Equal(
            ["Sign out everywhere", "Enable", "Disable", "Remove admin", "Make admin"], page.AuditRows(user.Username).Select(r => r.Action)));
        Assert.All(page.AuditRows(user.Username), r => Assert.Equal("Succeeded", r.Outcome));
        Assert.Contains(user.Username, page.Context.SnackbarMessages.Last());
    }

    [Fact]
    public async Task Guard_rails_come_back_as_messages_that_say_what_to_change_and_nothing_changes()
    {
        // Only the demo admin in the group (others may be left from an earlier failed run).
        foreach (var other in (await Cognito.ListUsersInGroupAsync(Pool, PoolUsers.AdminGroup)).Where(u => u.Username != "admin"))
            await Cognito.AdminRemoveUserFromGroupAsync(Pool, other.Username, PoolUsers.AdminGroup);
        var bystander = await NewUserAsync(Prefix("rail"));
        try
        {
            await using var page = new UsersPageDriver(fixture.Server, PageContext.Admin());
            page.SearchInput.Input("admin");
            page.Page.WaitForAssertion(() => Assert.Contains("admin", page.Usernames), TimeSpan.FromSeconds(15));

            Assert.Equal("You are the last admin: make another user an admin before you remove yourself from the admins.",
                page.Confirm("remove-admin", "admin", "Remove admin"));
            Assert.Equal("You are the last admin: make another user an admin before you disable yourself.",
                page.Confirm("disable-user", "admin", "Disable"));
            Assert.Contains(PoolUsers.AdminGroup, await Cognito.AdminListGroupsForUserAsync(Pool, "admin"));
            Assert.True((await Cognito.AdminGetUserAsync(Pool, "admin")).Enabled);
            Assert.Equal([ActionOutcome.Refused, ActionOutcome.Refused], (await AuditOfAsync("admin")).Take(2).Select(e => e.Outcome));

            // A page whose user the pool no longer counts as an admin (removed since they signed in) is refused too.
            await using var stale = new UsersPageDriver(fixture.Server, PageContext.Admin(bystander.Username));
            stale.Search(bystander.Username, bystander.Username);
            Assert.StartsWith("You are no longer an enabled member of 'portal-admins' in the user pool",
                stale.Confirm("disable-user", bystander.Username, "Disable"));
            Assert.True((await Cognito.AdminGetUserAsync(Pool, bystander.Username)).Enabled);
        }
        finally
        {
            await Cognito.AdminEnableUserAsync(Pool, "admin");
            await Cognito.AdminAddUserToGroupAsync(Pool, "admin", PoolUsers.AdminGroup);
        }
    }

    [Fact]
    public async Task Create_user_checks_beside_the_fields_keeps_what_was_typed_and_reports_a_taken_username_there()
    {
        var taken = await NewUserAsync(Prefix("taken"));
        var username = Prefix("created") + "-new";
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Admin());
        page.Click("[data-testid=create-user]");
        page.Dialogs.WaitForElement("[data-testid=create-submit]");

        page.Click("[data-testid=create-submit]", inDialog: true);
        page.Dialogs.WaitForAssertion(() => Assert.Equal("true", page.Dialogs.Find("input[data-testid=new-username]").GetAttribute("aria-invalid")));
        Assert.Contains("Enter a username.", page.Dialogs.Markup);
        Assert.Equal("true", page.Dialogs.Find("input[data-testid=new-email]").GetAttribute("aria-invalid"));
        Assert.Contains("Enter the email address Cognito sends the temporary password to.", page.Dialogs.Markup);

        page.Dialogs.Find("input[data-testid=new-username]").Change(taken.Username);
        page.Dialogs.Find("input[data-testid=new-email]").Change("not-an-email");
        page.Click("[data-testid=create-submit]", inDialog: true);
        page.Dialogs.WaitForAssertion(() => Assert.Contains("Enter an email address like name@example.com.", page.Dialogs.Markup));
        Assert.NotEqual("true", page.Dialogs.Find("input[data-testid=new-username]").GetAttribute("aria-invalid"));

        page.Dialogs.Find("input[data-testid=new-email]").Change($"{username}@portal.test");
        page.Click("[data-testid=create-submit]", inDialog: true);
        page.Dialogs.WaitForAssertion(() => Assert.Contains($"The username '{taken.Username}' is taken: choose another.", page.Dialogs.Markup), TimeSpan.FromSeconds(15));
        Assert.Equal("true", page.Dialogs.Find("input[data-testid=new-username]").GetAttribute("aria-invalid"));
        Assert.Equal($"{username}@portal.test", page.Dialogs.Find("input[data-testid=new-email]").GetAttribute("value"));

        page.Dialogs.Find("input[data-testid=new-username]").Change(username);
        page.Click("[data-testid=create-submit]", inDialog: true);
        page.WaitForDialogClosed();

        Assert.StartsWith($"Created {username}: Cognito emailed a temporary password to {username}@portal.test", page.WaitForOutcome());
        var created = await Cognito.AdminGetUserAsync(Pool, username);
        Assert.Equal(PoolUserStatus.ForceChangePassword, created.Status);
        Assert.Equal([(UserAction.Create, ActionOutcome.Succeeded)], (await AuditOfAsync(username)).Select(e => (e.Action, e.Outcome)));
        var refused = Assert.Single(await AuditOfAsync(taken.Username));
        Assert.Equal((ActionOutcome.Failed, "UsernameExistsException"), (refused.Outcome, refused.ErrorCode));
    }

    [Theory]
    [InlineData("make-admin")]
    [InlineData("remove-admin")]
    [InlineData("disable-user")]
    [InlineData("enable-user")]
    [InlineData("sign-out-everywhere")]
    public async Task A_viewer_behind_an_admins_page_is_refused_the_row_action_and_nothing_changes(string action)
    {
        // remove-admin and enable-user are offered for an admin who is disabled; the others for a plain user.
        var admin = action is "remove-admin" or "enable-user";
        var user = await NewUserAsync(Prefix("refuse"), admin);
        if (admin)
            await Cognito.AdminDisableUserAsync(Pool, user.Username);
        else
            using (var session = await HttpSignIn.AsAsync(fixture.Server, user)) { }
        var before = await UserStanding.ReadAsync(Cognito, Pool, user.Username, CancellationToken.None);
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Admin());
        page.Search(user.Username, user.Username);
        page.Context.ChangeUserBehindThePage(PageContext.Viewer());

        page.Press(action, user.Username);
        page.Answer();

        page.WaitForSnackbar($"Only members of {PoolUsers.AdminGroup} may {GateWhat(action, user.Username)}. Nothing was changed.");
        var after = await UserStanding.ReadAsync(Cognito, Pool, user.Username, CancellationToken.None);
        Assert.Equal((before.Enabled, string.Join(",", before.Groups)), (after.Enabled, string.Join(",", after.Groups)));
        Assert.Empty(await AuditOfAsync(user.Username));
        Assert.Empty(page.Page.FindAll("[data-testid=action-outcome]"));
        if (action == "sign-out-everywhere")
            Assert.NotEqual(0, await fixture.Server.Services.GetRequiredService<Portal.Core.Sessions.SessionStore>().RemoveAllForUserAsync(user.Username, CancellationToken.None));
    }

    [Fact]
    public async Task A_viewer_behind_an_admins_page_is_refused_creating_a_user_and_nothing_is_created()
    {
        var username = Prefix("nocreate") + "-new";
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Admin());
        page.Click("[data-testid=create-user]");
        page.Dialogs.WaitForElement("[data-testid=create-submit]");
        page.Dialogs.Find("input[data-testid=new-username]").Change(username);
        page.Dialogs.Find("input[data-testid=new-email]").Change($"{username}@portal.test");
        page.Context.ChangeUserBehindThePage(PageContext.Viewer());

        page.Click("[data-testid=create-submit]", inDialog: true);

        page.WaitForSnackbar($"Only members of {PoolUsers.AdminGroup} may create the user {username}. Nothing was changed.");
        page.WaitForDialogClosed();
        var lookup = await Assert.ThrowsAsync<CognitoException>(() => Cognito.AdminGetUserAsync(Pool, username));
        Assert.Equal(CognitoErrorKind.UserNotFound, lookup.Kind);
        Assert.Empty(await AuditOfAsync(username));
    }

    [Fact]
    public async Task A_viewers_open_page_gains_and_loses_the_admin_actions_when_their_roles_change_in_place()
    {
        var user = await NewUserAsync(Prefix("roles"));
        await using var page = new UsersPageDriver(fixture.Server, PageContext.Viewer(user.Username));
        page.Search(user.Username, user.Username);
        Assert.Empty(page.Page.FindAll("[data-testid=create-user]"));

        page.Context.SignInAs(PageContext.Admin(user.Username));
        page.Page.WaitForAssertion(() => Assert.NotNull(page.ActionButton("make-admin", user.Username)));
        Assert.Single(page.Page.FindAll("[data-testid=create-user]"));

        page.Context.SignInAs(PageContext.Viewer(user.Username));
        page.Page.WaitForAssertion(() => Assert.Empty(page.Page.FindAll("[data-testid=user-actions]")));
        Assert.Empty(page.Page.FindAll("[data-testid=create-user]"));
    }

    private static string GateWhat(string action, string username) => action switch
    {
        "make-admin" => $"make {username} an admin",
        "remove-admin" => $"remove {username} from the admins",
        "disable-user" => $"disable {username}",
        "enable-user" => $"enable {username}",
        _ => $"sign {username} out everywhere",
    };
}
