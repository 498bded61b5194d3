using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Auth;

/// <summary>The cookie's refresh near the access token's expiry, against the real provider, on a portal whose clock
/// the tests move forward (each test signs in anew) and whose token endpoint traffic a tap can break.</summary>
public sealed class TokenRefreshTests(TokenRefreshTests.Portal fixture) : IClassFixture<TokenRefreshTests.Portal>, IDisposable
{
    public sealed class Portal : IAsyncLifetime
    {
        public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public PortalServer Server { get; private set; } = null!;

        public TokenEndpointTap Tap { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await PortalServer.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            Tap = TokenEndpointTap.Install(s);
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public void Dispose() => fixture.Tap.Reset();

    [Fact]
    public async Task Tokens_are_refreshed_near_expiry_keeping_the_refresh_token_cognito_does_not_send_again()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        using var raw = admin.RawClient();
        var signedIn = (await MachineTokens.SessionTicketAsync(fixture.Server, admin.Cookies))!.Properties;

        var fresh = await raw.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Set-Cookie"), "no refresh while the access token is fresh");

        // 56 minutes in, the one-hour access token is within the five-minute refresh window.
        fixture.Clock.Advance(TimeSpan.FromMinutes(56));
        var refreshed = await raw.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Contains(refreshed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal) && !c.StartsWith("portal.auth=;"));
        Assert.Contains("data-testid=\"user-name\">admin<", await refreshed.Content.ReadAsStringAsync());

        Assert.False(fixture.Tap.LastAnswer!.ContainsKey("refresh_token"), "the provider, like Cognito, sends no new refresh token");
        var now = (await MachineTokens.SessionTicketAsync(fixture.Server, admin.Cookies))!.Properties;
        Assert.NotEqual(signedIn.GetTokenValue("access_token"), now.GetTokenValue("access_token"));
        Assert.Equal(signedIn.GetTokenValue("refresh_token"), now.GetTokenValue("refresh_token"));
        var expiresAt = DateTimeOffset.Parse(now.GetTokenValue("expires_at")!, CultureInfo.InvariantCulture);
        Assert.Equal(fixture.Clock.GetUtcNow().AddHours(1), expiresAt, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("the provider refuses the refresh token")]
    [InlineData("the refreshed id_token is not the provider's")]
    public async Task A_failed_refresh_ends_the_session_and_sends_the_user_to_sign_in(string failure)
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        using var raw = admin.RawClient();
        if (failure.Contains("refuses"))
            fixture.Tap.Request = form => form["refresh_token"] = "revoked";
        else
            fixture.Tap.IdToken = token => ForgedTokens.SignedByAnotherKey(token, ForgedTokens.ProviderKey(fixture.Server.Stack));

        var cookie = admin.Cookies.GetCookieHeader(fixture.Server.BaseAddress);
        fixture.Clock.Advance(TimeSpan.FromMinutes(56));
        var refused = await raw.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith(fixture.Server.Stack.Oidc.ToString().TrimEnd('/'), refused.Headers.Location!.ToString());
        Assert.Null(await MachineTokens.SessionTicketAsync(fixture.Server, cookie));
    }
}
