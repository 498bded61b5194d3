using Portal.Core.Users;

namespace Portal.Core.Tests.Users;

/// <summary>The signed cognito-idp client against the local stand-in over HTTP: each action, and each error the
/// stand-in gives, arriving as a typed <see cref="CognitoException"/> whose message says what to change.</summary>
[Collection(UserPoolCollection.Name)]
public sealed class CognitoClientContractTests
{
    private static readonly string Pool = LocalStack.UserPoolId;

    [Fact]
    public async Task ListUsers_reads_UserType_and_pages_with_Cognitos_token()
    {
        var cognito = await ClientAsync();
        var all = await cognito.ListUsersAsync(Pool, CognitoIdentityProviderClient.PrefixFilter("username", "admin"), 60, null);
        var admin = Assert.Single(all.Users, u => u.Username == "admin");
        Assert.Equal(("admin@portal.local", PoolUserStatus.Confirmed, true, "confirmed"), (admin.Email, admin.Status, admin.Enabled, admin.StatusText));
        Assert.True(admin.Created > DateTimeOffset.UtcNow.AddDays(-1) && admin.LastModified >= admin.Created);

        var first = await cognito.ListUsersAsync(Pool, null, 1, null);
        Assert.Single(first.Users);
        Assert.NotNull(first.PaginationToken);
        var second = await cognito.ListUsersAsync(Pool, null, 1, first.PaginationToken);
        Assert.NotEqual(first.Users[0].Username, Assert.Single(second.Users).Username);

        var byEmail = await cognito.ListUsersAsync(Pool, CognitoIdentityProviderClient.PrefixFilter("email", "viewer@"), 10, null);
        Assert.Equal(["viewer"], byEmail.Users.Select(u => u.Username));
    }

    [Fact]
    public async Task A_prefix_filter_escapes_quotes_and_backslashes()
    {
        Assert.Equal("username ^= \"a\\\"b\\\\c\"", CognitoIdentityProviderClient.PrefixFilter("username", "a\"b\\c"));
        Assert.Empty((await (await ClientAsync()).ListUsersAsync(Pool, CognitoIdentityProviderClient.PrefixFilter("username", "a\"b\\c"), 10, null)).Users);
    }

    [Fact]
    public async Task Create_get_groups_membership_disable_enable_and_global_sign_out()
    {
        var cognito = await ClientAsync();
        var name = $"contract-{Guid.NewGuid():N}"[..20];
        var created = await cognito.AdminCreateUserAsync(Pool, name, $"{name}@portal.test");
        Assert.Equal((name, $"{name}@portal.test", PoolUserStatus.ForceChangePassword, true), (created.Username, created.Email, created.Status, created.Enabled));
        Assert.Equal("force-change-password", created.StatusText);

        await cognito.AdminAddUserToGroupAsync(Pool, name, PoolUsers.AdminGroup);
        Assert.Equal([PoolUsers.AdminGroup], await cognito.AdminListGroupsForUserAsync(Pool, name));
        Assert.Contains(await cognito.ListUsersInGroupAsync(Pool, PoolUsers.AdminGroup), u => u.Username == name);
        await cognito.AdminRemoveUserFromGroupAsync(Pool, name, PoolUsers.AdminGroup);
        Assert.Empty(await cognito.AdminListGroupsForUserAsync(Pool, name));

        await cognito.AdminDisableUserAsync(Pool, name);
        var disabled = await cognito.AdminGetUserAsync(Pool, name);
        Assert.Equal((false, "disabled"), (disabled.Enabled, disabled.StatusText));
        await cognito.AdminEnableUserAsync(Pool, name);
        Assert.True((await cognito.AdminGetUserAsync(Pool, name)).Enabled);

        await cognito.AdminUserGlobalSignOutAsync(Pool, name);
    }

    [Fact]
    public async Task An_unknown_user_is_UserNotFound_for_every_action_that_names_one()
    {
        var cognito = await ClientAsync();
        Func<Task>[] calls =
        [
            () => cognito.AdminGetUserAsync(Pool, "nobody"),
            () => cognito.AdminListGroupsForUserAsync(Pool, "nobody"),
            () => cognito.AdminAddUserToGroupAsync(Pool, "nobody", PoolUsers.AdminGroup),
            () => cognito.AdminRemoveUserFromGroupAsync(Pool, "nobody", PoolUsers.AdminGroup),
            () => cognito.AdminDisableUserAsync(Pool, "nobody"),
            () => cognito.AdminEnableUserAsync(Pool, "nobody"),
            () => cognito.AdminUserGlobalSignOutAsync(Pool, "nobody"),
        ];
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<CognitoException>(call);
            Assert.Equal((CognitoErrorKind.UserNotFound, "UserNotFoundException", "User does not exist."), (error.Kind, error.Code, error.CognitoMessage));
            Assert.Equal("There is no user 'nobody' in the user pool: check the username (it is case-sensitive) or reload the list.", error.Message);
        }
    }

    [Fact]
    public async Task A_taken_username_or_email_and_a_bad_email_are_refused_with_what_to_change()
    {
        var cognito = await ClientAsync();
        var taken = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminCreateUserAsync(Pool, "viewer", "someone@portal.test"));
        Assert.Equal((CognitoErrorKind.UsernameExists, "The username 'viewer' is taken: choose another."), (taken.Kind, taken.Message));

        var alias = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminCreateUserAsync(Pool, $"x{Guid.NewGuid():N}"[..12], "viewer@portal.local"));
        Assert.Equal((CognitoErrorKind.AliasExists, "Another user already has the email 'viewer@portal.local': use a different email."), (alias.Kind, alias.Message));

        var email = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminCreateUserAsync(Pool, $"x{Guid.NewGuid():N}"[..12], "not-an-email"));
        Assert.Equal(CognitoErrorKind.InvalidParameter, email.Kind);
        Assert.Equal("Cognito refused a value in AdminCreateUser: Invalid email address format. Correct it and try again.", email.Message);
    }

    [Fact]
    public async Task Invalid_parameters_and_unknown_pool_or_group_name_the_setting_to_check()
    {
        var cognito = await ClientAsync();
        var filter = await Assert.ThrowsAsync<CognitoException>(() => cognito.ListUsersAsync(Pool, "username starts \"a\"", 10, null));
        Assert.Equal((CognitoErrorKind.InvalidParameter, "InvalidParameterException"), (filter.Kind, filter.Code));
        Assert.Contains("Error while parsing filter.", filter.Message, StringComparison.Ordinal);
        var limit = await Assert.ThrowsAsync<CognitoException>(() => cognito.ListUsersAsync(Pool, null, 61, null));
        Assert.Contains("'limit' failed to satisfy constraint", limit.Message, StringComparison.Ordinal);

        var pool = await Assert.ThrowsAsync<CognitoException>(() => cognito.ListUsersAsync("us-east-1_Missing", null, 10, null));
        Assert.Equal(CognitoErrorKind.ResourceNotFound, pool.Kind);
        Assert.Equal("Cognito does not know the user pool 'us-east-1_Missing' (User pool us-east-1_Missing does not exist.): check Portal:Auth:UserPoolId.", pool.Message);

        var group = await Assert.ThrowsAsync<CognitoException>(() => cognito.ListUsersInGroupAsync(Pool, "no-such-group"));
        Assert.Equal(CognitoErrorKind.ResourceNotFound, group.Kind);
        Assert.Contains("or the group 'no-such-group' (Group not found.): check Portal:Auth:UserPoolId and Portal:Auth:AdminGroup.", group.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminAddUserToGroupAsync(Pool, "viewer", "no-such-group"));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_is_Unavailable()
    {
        using var http = SignedAwsHttp();
        var cognito = new CognitoIdentityProviderClient(http, (await LocalStack.Shared).CognitoClientOptions() with { Endpoint = new Uri($"http://127.0.0.1:{LocalStack.FreePort()}") });

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminGetUserAsync(Pool, "viewer"));

        Assert.Equal((CognitoErrorKind.Unavailable, "Unreachable"), (error.Kind, error.Code));
        Assert.StartsWith("Cognito did not complete AdminGetUser (Unreachable): try again in a moment.", error.Message, StringComparison.Ordinal);
    }

    private static async Task<CognitoIdentityProviderClient> ClientAsync() => (await LocalStack.Shared).CognitoClient();

    private static HttpClient SignedAwsHttp() => Portal.Core.Aws.SignedAwsTransport.CreateHttpClient(new Portal.Core.Aws.AwsRetryOptions { MaxErrorRetry = 0 });
}
