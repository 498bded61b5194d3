using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Tests.Auth;

/// <summary>What the framework's OIDC handler refuses, through the real sign-in over HTTP: a tap in its back-channel
/// swaps the id_token the local provider returned for a forged one, or changes the code exchange. Every refusal
/// ends on the sign-in error page with no session.</summary>
public sealed class SignInNegativeTests(SignInNegativeTests.Portal fixture) : IClassFixture<SignInNegativeTests.Portal>, IDisposable
{
    public sealed class Portal : IAsyncLifetime
    {
        public PortalServer Server { get; private set; } = null!;

        public TokenEndpointTap Tap { get; private set; } = null!;

        public JsonWebKey ProviderKey { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await PortalServer.StartAsync(services: s => Tap = TokenEndpointTap.Install(s));
            ProviderKey = ForgedTokens.ProviderKey(Server.Stack);
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public void Dispose() => fixture.Tap.Reset();

    [Fact]
    public async Task An_id_token_re_signed_with_the_providers_key_is_accepted_so_each_refusal_below_is_about_its_change()
    {
        fixture.Tap.IdToken = token => ForgedTokens.Resign(token, fixture.ProviderKey);

        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        Assert.Contains("data-testid=\"user-name\">admin<", await admin.Client.GetStringAsync("/"));
    }

    [Fact]
    public Task An_id_token_signed_with_another_key_is_refused() =>
        AssertRefusedAsync(token => ForgedTokens.SignedByAnotherKey(token, fixture.ProviderKey));

    [Fact]
    public Task A_tampered_id_token_is_refused() => AssertRefusedAsync(ForgedTokens.Tampered);

    [Fact]
    public Task An_id_token_from_another_issuer_is_refused() =>
        AssertRefusedAsync(token => ForgedTokens.Resign(token, fixture.ProviderKey, p => p["iss"] = ForgedTokens.OtherIssuer));

    [Fact]
    public Task An_id_token_for_another_client_is_refused() =>
        AssertRefusedAsync(token => ForgedTokens.Resign(token, fixture.ProviderKey, p => p["aud"] = "someone-else"));

    [Fact]
    public Task An_expired_id_token_is_refused() =>
        AssertRefusedAsync(token => ForgedTokens.Resign(token, fixture.ProviderKey, p =>
        {
            p["iat"] = ForgedTokens.Epoch(TimeSpan.FromMinutes(-65));
            p["exp"] = ForgedTokens.Epoch(TimeSpan.FromMinutes(-5));
        }));

    [Fact]
    public Task An_unsigned_alg_none_id_token_is_refused() => AssertRefusedAsync(ForgedTokens.Unsigned);

    [Fact]
    public Task An_id_token_hmac_signed_with_the_providers_public_key_is_refused() =>
        AssertRefusedAsync(token => ForgedTokens.HmacWithThePublicKey(token, fixture.ProviderKey));

    [Fact]
    public Task An_id_token_with_the_nonce_of_another_sign_in_is_refused() =>
        AssertRefusedAsync(token => ForgedTokens.Resign(token, fixture.ProviderKey, p => p["nonce"] = "from-another-sign-in"));

    [Fact]
    public async Task An_access_token_presented_as_the_id_token_is_refused()
    {
        using (var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin))
        {
            var accessToken = (await MachineTokens.SessionTicketAsync(fixture.Server, admin.Cookies))!.Properties.GetTokenValue("access_token")!;
            await AssertRefusedAsync(_ => accessToken);
        }

        // Everything an id token has (audience, nonce, signature) but token_use access: only OnTokenValidated stops it.
        await AssertRefusedAsync(token => ForgedTokens.Resign(token, fixture.ProviderKey, p => p["token_use"] = "access"));
    }

    [Fact]
    public async Task The_handler_redeems_the_code_with_the_S256_verifier_and_its_secret_and_the_provider_refuses_the_code_without_the_verifier()
    {
        using var session = HttpSignIn.Anonymous(fixture.Server);
        using var raw = session.RawClient();
        var authorize = (await raw.GetAsync("/")).Headers.Location!;
        var challenge = QueryHelpers.ParseQuery(authorize.Query)["code_challenge"].ToString();
        var sent = new Dictionary<string, string>();
        fixture.Tap.Request = form => sent = new(form);

        var landed = await session.SubmitLoginAsync(await session.Client.GetAsync(authorize), DemoUser.Admin.Username, DemoUser.Admin.Password);

        Assert.Equal(fixture.Server.BaseAddress.Authority, landed.RequestMessage!.RequestUri!.Authority);
        Assert.Equal("/", landed.RequestMessage.RequestUri.AbsolutePath);
        Assert.Equal(challenge, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(sent["code_verifier"]))));
        Assert.Equal("portal-web-secret", sent["client_secret"]); // client_secret_post, which Cognito accepts as well as basic

        fixture.Tap.Request = form => form.Remove("code_verifier");
        await AssertRefusedAsync(idToken: null);
        fixture.Tap.Request = form => form["code_verifier"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await AssertRefusedAsync(idToken: null);
    }

    [Fact]
    public async Task A_callback_with_a_tampered_state_or_opened_in_another_browser_is_refused()
    {
        using var session = HttpSignIn.Anonymous(fixture.Server);
        var callback = await session.CallbackAsync(DemoUser.Admin);
        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        var tampered = QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), new Dictionary<string, string?>
        {
            ["code"] = query["code"], ["state"] = state[..20] + (state[20] == 'A' ? 'B' : 'A') + state[21..],
        });
        using var raw = session.RawClient();
        AssertErrorPage(await raw.GetAsync(tampered));

        // Login CSRF: the same callback in a browser that never started this sign-in has no correlation cookie.
        using var other = HttpSignIn.Anonymous(fixture.Server);
        using var otherRaw = other.RawClient();
        AssertErrorPage(await otherRaw.GetAsync(callback));

        // The untouched callback, in the browser that started it, signs in.
        var accepted = await raw.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Headers.Location!.OriginalString);
        Assert.Contains(accepted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
    }

    private async Task AssertRefusedAsync(Func<string, string>? idToken)
    {
        fixture.Tap.IdToken = idToken;
        var (session, landed) = await HttpSignIn.TryAsync(fixture.Server, DemoUser.Admin);
        using (session)
        {
            Assert.Equal("/auth/error?reason=sign-in-failed", landed.RequestMessage!.RequestUri!.PathAndQuery);
            Assert.Contains("Sign-in did not complete", await landed.Content.ReadAsStringAsync());
            Assert.DoesNotContain(session.Cookies.GetCookies(fixture.Server.BaseAddress), c => c.Name == "portal.auth");
        }
    }

    private static void AssertErrorPage(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/error?reason=sign-in-failed", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portal.auth=", StringComparison.Ordinal)));
    }
}
