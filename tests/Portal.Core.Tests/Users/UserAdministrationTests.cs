using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Sessions;
using Portal.Core.Users;

namespace Portal.Core.Tests.Users;

/// <summary>The Users service's rules against the local stack: who may act, what is checked before any call, the
/// last-admin guard, and the audit trail of every action with its outcome.</summary>
[Collection(UserPoolCollection.Name)]
public sealed class UserAdministrationTests : IAsyncLifetime
{
    private static readonly string Pool = LocalStack.UserPoolId;
    private static readonly PortalUser Admin = new("admin", IsAdmin: true);
    private static readonly PortalUser Viewer = new("viewer", IsAdmin: false);
    private ServiceProvider _services = null!;

    /// <summary>The service as the portal wires it, on the shared stack.</summary>
    private UserAdministration Users => _services.GetRequiredService<UserAdministration>();

    public async Task InitializeAsync() => _services = await ServicesAsync();

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_viewer_is_refused_every_action_and_nothing_changes_in_the_pool()
    {
        var stack = await LocalStack.Shared;
        var target = await PoolUsers.CreateAsync(stack, "target");

        foreach (var (action, run) in Actions(Users, Viewer, target.Username))
        {
            var result = await run();
            Assert.Equal(ActionOutcome.Refused, result.Outcome);
            Assert.StartsWith("Only members of 'portal-admins' may ", result.Message, StringComparison.Ordinal);
            var entry = await NewestEntryAsync(Users, target.Username);
            Assert.Equal((Viewer.Username, action, ActionOutcome.Refused), (entry.Actor, entry.Action, entry.Outcome));
        }

        var after = await stack.CognitoClient().AdminGetUserAsync(Pool, target.Username);
        Assert.True(after.Enabled);
        Assert.Empty(await stack.CognitoClient().AdminListGroupsForUserAsync(Pool, target.Username));
    }

    [Fact]
    public async Task A_viewer_is_refused_before_anything_is_sent_to_Cognito()
    {
        // Cognito here is a port nothing listens on: any call would end as Failed (unreachable), not Refused.
        using var services = await ServicesAsync(cognitoUrl: $"http://127.0.0.1:{LocalStack.FreePort()}");
        var users = services.GetRequiredService<UserAdministration>();

        foreach (var (_, run) in Actions(users, Viewer, "viewer"))
            Assert.Equal(ActionOutcome.Refused, (await run()).Outcome);
    }

    [Theory]
    [InlineData("", "Enter a username.")]
    [InlineData("has space", "A username is 1 to 128 letters, digits and punctuation, without spaces.")]
    [InlineData("tab\there", "A username is 1 to 128 letters, digits and punctuation, without spaces.")]
    public async Task Usernames_are_validated_before_any_call_and_not_audited(string username, string message)
    {
        using var services = await ServicesAsync(cognitoUrl: $"http://127.0.0.1:{LocalStack.FreePort()}");
        var users = services.GetRequiredService<UserAdministration>();

        foreach (var (_, run) in Actions(users, Admin, username))
        {
            var result = await run();
            Assert.Equal((ActionOutcome.Invalid, message), (result.Outcome, result.Message));
            Assert.Equal("Username", Assert.Single(result.Issues).Field);
        }

        Assert.Equal(ActionOutcome.Invalid, (await users.DisableAsync(Admin, new string('a', 129))).Outcome);
    }

    [Theory]
    [InlineData("", "Enter the email address Cognito sends the temporary password to.")]
    [InlineData("no-at-sign", "Enter an email address like name@example.com.")]
    [InlineData("a@b", "Enter an email address like name@example.com.")]
    public async Task A_new_users_email_is_validated_before_any_call(string email, string message)
    {
        using var services = await ServicesAsync(cognitoUrl: $"http://127.0.0.1:{LocalStack.FreePort()}");

        var result = await services.GetRequiredService<UserAdministration>().CreateAsync(Admin, new NewUser("fine-name", email));

        Assert.Equal(ActionOutcome.Invalid, result.Outcome);
        Assert.Equal(("Email", message), (Assert.Single(result.Issues).Field, Assert.Single(result.Issues).Message));
    }

    [Fact]
    public async Task An_admin_promotes_demotes_disables_enables_and_signs_out_and_each_is_audited()
    {
        var stack = await LocalStack.Shared;
        var target = (await PoolUsers.CreateAsync(stack, "acted")).Username;
        var cognito = stack.CognitoClient();
        var sessions = _services.GetRequiredService<SessionStore>();
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        await sessions.PutAsync($"{target}-1".ToUpperInvariant(), [1], expires, target);
        await sessions.PutAsync($"{target}-2".ToUpperInvariant(), [2], expires, target);

        Assert.True((await Users.AddToAdminsAsync(Admin, target)).Succeeded);
        Assert.Equal([PoolUsers.AdminGroup], await cognito.AdminListGroupsForUserAsync(Pool, target));
        Assert.True((await Users.RemoveFromAdminsAsync(Admin, target)).Succeeded);
        Assert.Empty(await cognito.AdminListGroupsForUserAsync(Pool, target));
        Assert.Equal($"{target} is disabled: they cannot sign in, and their open sessions end within a minute.", (await Users.DisableAsync(Admin, target)).Message);
        Assert.False((await cognito.AdminGetUserAsync(Pool, target)).Enabled);
        Assert.True((await Users.EnableAsync(Admin, target)).Succeeded);
        Assert.True((await cognito.AdminGetUserAsync(Pool, target)).Enabled);
        var signedOut = await Users.SignOutEverywhereAsync(Admin, target);
        Assert.Equal($"{target} is signed out everywhere: Cognito revoked their tokens and 2 portal session(s) ended.", signedOut.Message);
        Assert.Null(await sessions.GetAsync($"{target}-1".ToUpperInvariant()));

        var trail = (await Users.AuditAsync(Viewer, pageSize: 100)).Entries.Where(e => e.Target == target).ToList();
        Assert.Equal(
            [UserAction.SignOutEverywhere, UserAction.Enable, UserAction.Disable, UserAction.RemoveFromAdmins, UserAction.AddToAdmins],
            trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal(("admin", ActionOutcome.Succeeded, (string?)null), (e.Actor, e.Outcome, e.ErrorCode)));
        Assert.True(trail[0].At <= DateTimeOffset.UtcNow && trail[0].At > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task The_last_admin_may_neither_leave_the_admins_nor_disable_themselves()
    {
        var stack = await LocalStack.Shared;
        var cognito = stack.CognitoClient();
        foreach (var other in (await cognito.ListUsersInGroupAsync(Pool, PoolUsers.AdminGroup)).Where(u => u.Username != "admin"))
            await cognito.AdminRemoveUserFromGroupAsync(Pool, other.Username, PoolUsers.AdminGroup); // left by an earlier failed run

        var leave = await Users.RemoveFromAdminsAsync(Admin, "admin");
        var disable = await Users.DisableAsync(Admin, "admin");

        Assert.Equal((ActionOutcome.Refused, "You are the last admin: make another user an admin before you remove yourself from the admins."), (leave.Outcome, leave.Message));
        Assert.Equal((ActionOutcome.Refused, "You are the last admin: make another user an admin before you disable yourself."), (disable.Outcome, disable.Message));
        Assert.True((await cognito.AdminGetUserAsync(Pool, "admin")).Enabled);
        Assert.Contains(PoolUsers.AdminGroup, await cognito.AdminListGroupsForUserAsync(Pool, "admin"));
        Assert.Equal(ActionOutcome.Refused, (await NewestEntryAsync(Users, "admin")).Outcome);

        // With a second admin, the first may leave (and is put back).
        var second = await PoolUsers.CreateAsync(stack, "second", admin: true);
        try
        {
            Assert.True((await Users.RemoveFromAdminsAsync(Admin, "admin")).Succeeded);
        }
        finally
        {
            await cognito.AdminAddUserToGroupAsync(Pool, "admin", PoolUsers.AdminGroup);
            await cognito.AdminRemoveUserFromGroupAsync(Pool, second.Username, PoolUsers.AdminGroup);
        }
    }

    [Fact]
    public async Task Admin_rights_are_checked_in_the_pool_at_the_moment_of_the_action()
    {
        var stack = await LocalStack.Shared;
        var former = await PoolUsers.CreateAsync(stack, "former");

        // The caller still believes them an admin (an open session from before their removal).
        var result = await Users.DisableAsync(new PortalUser(former.Username, IsAdmin: true), "viewer");

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal("You are no longer an enabled member of 'portal-admins' in the user pool, so you may not disable viewer.", result.Message);
        Assert.True((await stack.CognitoClient().AdminGetUserAsync(Pool, "viewer")).Enabled);
    }

    [Fact]
    public async Task Cognitos_errors_come_back_as_Failed_with_what_to_change_and_are_audited()
    {
        var missing = $"gone-{Guid.NewGuid():N}"[..16];

        var result = await Users.AddToAdminsAsync(Admin, missing);

        Assert.Equal((ActionOutcome.Failed, "UserNotFoundException"), (result.Outcome, result.ErrorCode));
        Assert.Equal($"There is no user '{missing}' in the user pool: check the username (it is case-sensitive) or reload the list.", result.Message);
        var entry = await NewestEntryAsync(Users, missing);
        Assert.Equal((UserAction.AddToAdmins, ActionOutcome.Failed, "UserNotFoundException", result.Message), (entry.Action, entry.Outcome, entry.ErrorCode, entry.Message));
    }

    [Fact]
    public async Task Create_makes_a_user_Cognito_invites_by_email_and_a_taken_name_fails()
    {
        var stack = await LocalStack.Shared;
        var name = $"made-{Guid.NewGuid():N}"[..16];

        var created = await Users.CreateAsync(Admin, new NewUser(name, $"{name}@portal.test"));
        var again = await Users.CreateAsync(Admin, new NewUser(name, $"other-{name}@portal.test"));

        Assert.Equal($"Created {name}: Cognito emailed a temporary password to {name}@portal.test; they choose their own at the first sign-in.", created.Message);
        Assert.Equal(PoolUserStatus.ForceChangePassword, (await stack.CognitoClient().AdminGetUserAsync(Pool, name)).Status);
        Assert.NotEmpty(stack.TemporaryPasswordSentTo($"{name}@portal.test"));
        Assert.Equal((ActionOutcome.Failed, $"The username '{name}' is taken: choose another."), (again.Outcome, again.Message));
    }

    [Fact]
    public async Task The_list_searches_by_prefix_shows_groups_and_pages_with_a_token_bound_to_the_search()
    {
        var stack = await LocalStack.Shared;
        var prefix = $"list{Guid.NewGuid():N}"[..10];
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
            made.Add((await PoolUsers.CreateAsync(stack, $"{prefix}{i}", admin: i == 0)).Username);

        var first = await Users.ListAsync(Viewer, new UserQuery(prefix, PageSize: 2));
        var second = await Users.ListAsync(Viewer, new UserQuery(prefix, PageSize: 2, PageToken: first.NextPageToken));

        Assert.True(first.Succeeded);
        Assert.Equal(made, first.Users.Concat(second.Users).Select(r => r.User.Username).Order());
        Assert.NotNull(first.NextPageToken);
        Assert.Null(second.NextPageToken);
        var promoted = first.Users.Concat(second.Users).Single(r => r.User.Username == made[0]);
        Assert.Equal((true, "force-change-password"), (promoted.IsAdmin, promoted.User.StatusText));
        Assert.Equal([PoolUsers.AdminGroup], promoted.Groups);

        var byEmail = await Users.ListAsync(Viewer, new UserQuery($"{made[1]}@", UserSearchField.Email));
        Assert.Equal([made[1]], byEmail.Users.Select(r => r.User.Username));

        var otherSearch = await Users.ListAsync(Viewer, new UserQuery("admin", PageSize: 2, PageToken: first.NextPageToken));
        Assert.Equal(("PageToken", "The page token belongs to other filters: start again from the first page."),
            (Assert.Single(otherSearch.Issues).Field, otherSearch.Issues[0].Message));
        var bad = await Users.ListAsync(Viewer, new UserQuery("line\nbreak", PageSize: 61));
        Assert.Equal(["Search", "PageSize"], bad.Issues.Select(i => i.Field));

        // made[0] stays in the pool, but no longer as an admin (the last-admin test counts admins).
        await stack.CognitoClient().AdminRemoveUserFromGroupAsync(Pool, made[0], PoolUsers.AdminGroup);
    }

    [Fact]
    public async Task The_audit_trail_pages_newest_first()
    {
        for (var i = 0; i < 3; i++)
            await Users.EnableAsync(Viewer, $"audit-page-{i}");

        var first = await Users.AuditAsync(Viewer, pageSize: 2);
        var second = await Users.AuditAsync(Viewer, first.NextPageToken, pageSize: 2);

        Assert.Equal(["audit-page-2", "audit-page-1"], first.Entries.Select(e => e.Target));
        Assert.Equal("audit-page-0", second.Entries[0].Target);
        Assert.True(first.Entries[0].At >= first.Entries[1].At);
        Assert.Equal("The page token belongs to other filters: start again from the first page.", (await Users.AuditAsync(Viewer, first.NextPageToken, pageSize: 3)).Error);
    }

    private static async Task<ServiceProvider> ServicesAsync(string? cognitoUrl = null)
    {
        var stack = await LocalStack.Shared;
        var settings = new Dictionary<string, string?>();
        if (cognitoUrl is not null)
            settings["Portal:Aws:CognitoServiceUrl"] = cognitoUrl;
        var services = stack.Services((s, c) => s.AddUsers(c), settings);
        await LocalStack.EnsureResourcesAsync(services);
        return services;
    }

    private static IEnumerable<(UserAction Action, Func<Task<UserActionResult>> Run)> Actions(UserAdministration users, PortalUser actor, string target) =>
    [
        (UserAction.AddToAdmins, () => users.AddToAdminsAsync(actor, target)),
        (UserAction.RemoveFromAdmins, () => users.RemoveFromAdminsAsync(actor, target)),
        (UserAction.Disable, () => users.DisableAsync(actor, target)),
        (UserAction.Enable, () => users.EnableAsync(actor, target)),
        (UserAction.SignOutEverywhere, () => users.SignOutEverywhereAsync(actor, target)),
        (UserAction.Create, () => users.CreateAsync(actor, new NewUser(target, "someone@portal.test"))),
    ];

    private static async Task<AuditEntry> NewestEntryAsync(UserAdministration users, string target) =>
        (await users.AuditAsync(Viewer, pageSize: 100)).Entries.First(e => e.Target == target);
}
