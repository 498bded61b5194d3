using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Tests.Auth;

/// <summary>The portal on Kestrel against the real local provider: redirects, roles, antiforgery.</summary>
public sealed class SignInFlowTests(SignInFlowTests.Portal fixture) : IClassFixture<SignInFlowTests.Portal>
{
    public sealed class Portal : IAsyncLifetime
    {
        public PortalServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await PortalServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    [Fact]
    public async Task An_anonymous_request_is_redirected_to_the_authorize_endpoint_with_pkce_state_and_nonce()
    {
        using var client = fixture.Server.CreateRawClient();

        var response = await client.GetAsync("/records");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(fixture.Server.Stack.Oidc.ToString().TrimEnd('/'), location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("openid email profile", query["scope"]); // never offline_access: Cognito rejects it
        Assert.Equal("portal-web", query["client_id"]);
        Assert.Equal($"{fixture.Server.BaseAddress.ToString().TrimEnd('/')}/signin-oidc", query["redirect_uri"]);
    }

    [Fact]
    public async Task Admin_signs_in_and_sees_name_and_role()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        var html = await admin.Client.GetStringAsync("/");

        Assert.Contains("data-testid=\"user-name\">admin<", html);
        Assert.Contains("data-testid=\"user-role\">Admin<", html);
    }

    [Fact]
    public async Task The_session_keeps_cognitos_claim_names_and_the_tokens_for_refresh()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        var session = (await MachineTokens.SessionTicketAsync(fixture.Server, admin.Cookies))!;

        var user = session.Principal;
        Assert.Equal("admin", user.Identity!.Name); // from cognito:username
        Assert.True(user.IsInRole("portal-admins")); // from cognito:groups
        Assert.Equal("admin@portal.local", user.FindFirst("email")!.Value);
        Assert.Null(user.FindFirst(ClaimTypes.Email)); // MapInboundClaims off: no WS-* renaming
        Assert.Equal("id", user.FindFirst("token_use")!.Value);
        foreach (var token in new[] { "access_token", "id_token", "refresh_token", "expires_at" })
            Assert.False(string.IsNullOrEmpty(session.Properties.GetTokenValue(token)), token);
        // The cookie itself carries only the key of the server-side session, not the tokens.
        Assert.True(admin.Cookies.GetCookies(fixture.Server.BaseAddress)["portal.auth"]!.Value.Length < 1000);
    }

    [Fact]
    public async Task An_anonymous_circuit_connection_gets_401_instead_of_a_redirect_to_the_provider()
    {
        using var client = fixture.Server.CreateRawClient();

        var response = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        // A page still sends the browser to sign in.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/vpcs")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_posting_to_an_admin_endpoint_gets_403()
    {
        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);
        var token = await viewer.AntiforgeryTokenAsync();
        Assert.Contains("data-testid=\"user-role\">Viewer<", await viewer.Client.GetStringAsync("/"));

        using var raw = viewer.RawClient();
        var response = await raw.PostAsync("/admin/local-resources", Form(token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery);
        var page = await raw.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("This is for members of <code>portal-admins</code>", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected_even_for_an_admin()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        using var raw = admin.RawClient();

        var without = await raw.PostAsync("/admin/local-resources", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);

        var with = await raw.PostAsync("/admin/local-resources", Form(await admin.AntiforgeryTokenAsync()));
        Assert.Equal(HttpStatusCode.Redirect, with.StatusCode);
        Assert.StartsWith("/?ensured=", with.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_clears_the_cookie_and_goes_to_cognito_logout_with_client_id_and_logout_uri()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        using var raw = admin.RawClient();

        var response = await raw.PostAsync("/auth/signout", Form(await admin.AntiforgeryTokenAsync()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(fixture.Server.Stack.Oidc, "logout").ToString(), location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("portal-web", query["client_id"]);
        Assert.Equal($"{fixture.Server.BaseAddress.ToString().TrimEnd('/')}/signed-out", query["logout_uri"]);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=;", StringComparison.Ordinal));

        // Following it ends the provider session: the next visit shows the login form again.
        var signedOut = await admin.Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Contains("You are signed out", await signedOut.Content.ReadAsStringAsync());
        var again = await admin.Client.GetAsync("/");
        Assert.Contains("name=\"password\"", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_at_the_provider_and_no_session_starts()
    {
        using var session = HttpSignIn.Anonymous(fixture.Server);
        var login = await session.Client.GetAsync("/");

        var refused = await session.SubmitLoginAsync(login, "admin", "not-the-password");

        Assert.Contains("Incorrect username or password.", await refused.Content.ReadAsStringAsync());
        Assert.NotEqual(fixture.Server.BaseAddress.Authority, refused.RequestMessage!.RequestUri!.Authority);
    }

    private static FormUrlEncodedContent Form(string antiforgeryToken) =>
        new([new KeyValuePair<string, string>("__RequestVerificationToken", antiforgeryToken)]);
}
