using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Auth;
using Portal.Core.Users;
using Portal.Tests.Auth;

namespace Portal.Tests.Users;

/// <summary>Changes in the user pool reach sessions that are already open: on the first request after the revalidation
/// interval (a clock the tests move), a promoted user has admin rights and a disabled one is signed out; a sign-out
/// everywhere done from the portal ends the sessions at once. Each test signs in as a user of its own.</summary>
[Collection(UserPoolCollection.Name)]
public sealed class OpenSessionTests(ClockedPortal fixture) : IClassFixture<ClockedPortal>
{
    private static readonly string Pool = LocalStack.UserPoolId;

    [Fact]
    public async Task A_viewer_promoted_in_the_pool_gets_admin_rights_on_the_first_request_after_the_interval()
    {
        var user = await PoolUsers.CreateAsync(fixture.Server.Stack, "promoted");
        using var session = await HttpSignIn.AsAsync(fixture.Server, user);
        using var raw = session.RawClient();
        Assert.Equal("Viewer", await RoleAsync(raw));
        Assert.False(await MayChangeThingsAsync(session));

        await fixture.Server.Stack.CognitoClient().AdminAddUserToGroupAsync(Pool, user.Username, PoolUsers.AdminGroup);
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("Viewer", await RoleAsync(raw)); // checked at most once a minute

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("Admin", await RoleAsync(raw));
        Assert.True(await MayChangeThingsAsync(session));

        // And back: removed from the group, the next check takes the rights away.
        await fixture.Server.Stack.CognitoClient().AdminRemoveUserFromGroupAsync(Pool, user.Username, PoolUsers.AdminGroup);
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("Viewer", await RoleAsync(raw));
        Assert.False(await MayChangeThingsAsync(session));
    }

    [Fact]
    public async Task A_disabled_users_open_session_ends_on_the_first_request_after_the_interval()
    {
        var user = await PoolUsers.CreateAsync(fixture.Server.Stack, "disabled");
        using var session = await HttpSignIn.AsAsync(fixture.Server, user);
        using var raw = session.RawClient();
        var cookie = session.Cookies.GetCookieHeader(fixture.Server.BaseAddress);

        await fixture.Server.Stack.CognitoClient().AdminDisableUserAsync(Pool, user.Username);
        Assert.Equal(HttpStatusCode.OK, (await raw.GetAsync("/")).StatusCode); // not yet due
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        var ended = await raw.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.StartsWith(fixture.Server.Stack.Oidc.ToString().TrimEnd('/'), ended.Headers.Location!.ToString());
        Assert.Null(await MachineTokens.SessionTicketAsync(fixture.Server, cookie));
    }

    [Fact]
    public async Task Sign_out_everywhere_from_the_portal_ends_the_users_portal_sessions_at_once()
    {
        var user = await PoolUsers.CreateAsync(fixture.Server.Stack, "everywhere");
        using var laptop = await HttpSignIn.AsAsync(fixture.Server, user);
        using var phone = await HttpSignIn.AsAsync(fixture.Server, user);
        using var other = await HttpSignIn.AsAsync(fixture.Server, await PoolUsers.CreateAsync(fixture.Server.Stack, "bystander"));
        var users = fixture.Server.Services.GetRequiredService<UserAdministration>();

        var result = await users.SignOutEverywhereAsync(new PortalUser("admin", IsAdmin: true), user.Username);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("2 portal session(s) ended", result.Message, StringComparison.Ordinal);
        foreach (var signedOut in new[] { laptop, phone })
        {
            using var raw = signedOut.RawClient();
            Assert.Equal(HttpStatusCode.Redirect, (await raw.GetAsync("/")).StatusCode);
        }

        using var bystander = other.RawClient();
        Assert.Equal(HttpStatusCode.OK, (await bystander.GetAsync("/")).StatusCode);
    }

    private static async Task<string> RoleAsync(HttpClient raw)
    {
        var page = await raw.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await new HtmlParser().ParseDocumentAsync(await page.Content.ReadAsStringAsync());
        return html.QuerySelector("[data-testid=user-role]")!.TextContent.Trim();
    }

    /// <summary>Whether the session's user, as the server keeps it now, passes the Admin policy every admin endpoint and
    /// circuit action is checked against.</summary>
    private async Task<bool> MayChangeThingsAsync(HttpSignIn session)
    {
        var ticket = await MachineTokens.SessionTicketAsync(fixture.Server, session.Cookies);
        var authorization = fixture.Server.Services.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(ticket!.Principal, AuthorizationPolicies.Admin)).Succeeded;
    }
}
