using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Core.Users;

namespace Portal.Core.Tests.Users;

/// <summary>The once-a-minute re-check of a session's user against the pool, with a clock the test moves.</summary>
[Collection(UserPoolCollection.Name)]
public sealed class SessionRevalidationTests
{
    private static readonly string Pool = LocalStack.UserPoolId;
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Not_due_within_a_minute_of_sign_in_then_unchanged_and_stamped()
    {
        var user = await PoolUsers.CreateAsync(await LocalStack.Shared, "steady");
        using var services = await ServicesAsync();
        var items = new Dictionary<string, string?>();
        var signedIn = _clock.GetUtcNow();

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(RevalidationOutcome.NotDue, (await RevalidateAsync(services, Principal(user.Username), items, signedIn)).Outcome);
        Assert.Empty(items);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var check = await RevalidateAsync(services, Principal(user.Username), items, signedIn);
        Assert.Equal((RevalidationOutcome.Unchanged, true, (ClaimsPrincipal?)null), (check.Outcome, check.Checked, check.Principal));
        Assert.Equal(_clock.GetUtcNow(), DateTimeOffset.Parse(items[SessionRevalidation.CheckedAtItem]!, System.Globalization.CultureInfo.InvariantCulture));

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(RevalidationOutcome.NotDue, (await RevalidateAsync(services, Principal(user.Username), items, signedIn)).Outcome);
    }

    [Fact]
    public async Task Changed_groups_replace_the_sessions_groups_and_keep_every_other_claim()
    {
        var stack = await LocalStack.Shared;
        var user = await PoolUsers.CreateAsync(stack, "promoted");
        await stack.CognitoClient().AdminAddUserToGroupAsync(Pool, user.Username, PoolUsers.AdminGroup);
        using var services = await ServicesAsync();

        var check = await RevalidateAsync(services, Principal(user.Username, "old-group"), [], signedIn: null);

        Assert.Equal(RevalidationOutcome.GroupsChanged, check.Outcome);
        Assert.True(check.Principal!.IsInRole(PoolUsers.AdminGroup));
        Assert.False(check.Principal.IsInRole("old-group"));
        Assert.Equal(user.Username, check.Principal.Identity!.Name);
        Assert.Equal("sub-1", check.Principal.FindFirst("sub")!.Value);
        await stack.CognitoClient().AdminRemoveUserFromGroupAsync(Pool, user.Username, PoolUsers.AdminGroup);
    }

    [Fact]
    public async Task A_disabled_or_unknown_user_ends_the_session()
    {
        var stack = await LocalStack.Shared;
        var user = await PoolUsers.CreateAsync(stack, "ended");
        await stack.CognitoClient().AdminDisableUserAsync(Pool, user.Username);
        using var services = await ServicesAsync();

        var disabled = await RevalidateAsync(services, Principal(user.Username), [], signedIn: null);
        var unknown = await RevalidateAsync(services, Principal("no-such-user"), [], signedIn: null);

        Assert.Equal((RevalidationOutcome.Ended, $"{user.Username} was disabled"), (disabled.Outcome, disabled.Reason));
        Assert.Equal((RevalidationOutcome.Ended, "no-such-user no longer exists"), (unknown.Outcome, unknown.Reason));
    }

    [Fact]
    public async Task When_the_pool_does_not_answer_the_session_goes_on_and_is_asked_again_after_the_interval()
    {
        using var services = await ServicesAsync(cognitoUrl: $"http://127.0.0.1:{LocalStack.FreePort()}");
        var items = new Dictionary<string, string?>();

        var check = await RevalidateAsync(services, Principal("viewer"), items, signedIn: null);

        Assert.Equal((RevalidationOutcome.Unverified, true), (check.Outcome, check.Checked));
        Assert.Equal(RevalidationOutcome.NotDue, (await RevalidateAsync(services, Principal("viewer"), items, signedIn: null)).Outcome);
    }

    private static ClaimsPrincipal Principal(string username, params string[] groups) =>
        new(new ClaimsIdentity(
            groups.Select(g => new Claim(CognitoClaims.Groups, g)).Append(new Claim(CognitoClaims.Username, username)).Append(new Claim("sub", "sub-1")),
            "Cookies", CognitoClaims.Username, CognitoClaims.Groups));

    private static Task<Revalidation> RevalidateAsync(ServiceProvider services, ClaimsPrincipal user, Dictionary<string, string?> items, DateTimeOffset? signedIn) =>
        services.GetRequiredService<SessionRevalidation>().RevalidateAsync(user, items, signedIn, CancellationToken.None);

    private async Task<ServiceProvider> ServicesAsync(string? cognitoUrl = null)
    {
        var settings = new Dictionary<string, string?> { ["Portal:Aws:Retry:MaxErrorRetry"] = "0" };
        if (cognitoUrl is not null)
            settings["Portal:Aws:CognitoServiceUrl"] = cognitoUrl;
        return (await LocalStack.Shared).Services((s, c) => s.AddSingleton<TimeProvider>(_clock).AddUsers(c), settings);
    }
}
