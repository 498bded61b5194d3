using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Tests.Auth;

namespace Portal.Tests.Records;

/// <summary>Who may call /api/vpcs: a browser session or an allowed client's access token with the scope;
/// everyone else gets 401 (or 403 for a missing scope) with WWW-Authenticate, never a sign-in redirect.</summary>
[Collection(RecordsPortal.Collection)]
public sealed class RecordsApiAuthTests(RecordsPortal portal)
{
    private const string Path = "/api/vpcs?size=25";

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string wwwAuthenticate)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(wwwAuthenticate, response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("requestId", await response.Content.ReadAsStringAsync());
    }

    private static string Invalid(string reason) => $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";

    [Fact]
    public async Task No_token_and_no_session_is_401_with_a_bearer_challenge_not_a_redirect()
    {
        using var api = portal.Api(null);
        await AssertRefusedAsync(await api.GetAsync(Path), HttpStatusCode.Unauthorized, "Bearer");
        await AssertRefusedAsync(await api.GetAsync($"/api/vpcs/{portal.Seeds[0].RequestId}"), HttpStatusCode.Unauthorized, "Bearer");
        await AssertRefusedAsync(await api.GetAsync("/api/vpcs/export.csv"), HttpStatusCode.Unauthorized, "Bearer");
    }

    [Fact]
    public async Task An_allowed_client_with_the_scope_and_a_signed_in_viewer_both_read()
    {
        using var bearer = portal.Api(await portal.AccessTokenAsync("vpc-reader"));
        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        using var cookie = viewer.RawClient();
        var record = portal.Seeds[7];

        foreach (var client in new[] { bearer, cookie })
        {
            var list = await client.GetFromJsonAsync<JsonElement>(Path);
            Assert.Equal(25, list.GetProperty("items").GetArrayLength());
            var one = await client.GetFromJsonAsync<JsonElement>($"/api/vpcs/{record.RequestId}");
            Assert.Equal(record.Name, one.GetProperty("name").GetString());
            Assert.Equal("Succeeded", one.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var expired = ForgedTokens.Resign(await portal.AccessTokenAsync("vpc-reader"), ForgedTokens.ProviderKey(portal.Server.Stack), p =>
        {
            p["iat"] = ForgedTokens.Epoch(TimeSpan.FromMinutes(-62));
            p["exp"] = ForgedTokens.Epoch(TimeSpan.FromMinutes(-2));
        });

        using var api = portal.Api(expired);
        var response = await api.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith(Invalid("The token expired at")[..^1], response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData(false, "The signature key was not found")]
    [InlineData(true, "The issuer 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Elsewhere' is invalid")]
    public async Task A_token_signed_with_the_tests_own_key_or_for_another_issuer_is_refused(bool otherIssuer, string reason)
    {
        using var rsa = RSA.Create(2048);
        var real = new JsonWebToken(await portal.AccessTokenAsync("vpc-reader"));
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = otherIssuer ? "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Elsewhere" : real.Issuer,
            Claims = real.Claims.Where(c => c.Type is not ("iss" or "exp" or "iat" or "nbf")).ToDictionary(c => c.Type, object (c) => c.Value),
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "test-owned" }, SecurityAlgorithms.RsaSha256),
        });

        using var api = portal.Api(forged);
        await AssertRefusedAsync(await api.GetAsync(Path), HttpStatusCode.Unauthorized, Invalid(reason));
    }

    [Fact]
    public async Task An_id_token_is_not_an_access_token()
    {
        var idToken = await MachineTokens.IdTokenAsync(portal.Server);

        using var api = portal.Api(idToken);
        await AssertRefusedAsync(await api.GetAsync(Path), HttpStatusCode.Unauthorized,
            Invalid("The token is not an access token (token_use must be 'access')."));
    }

    [Fact]
    public async Task A_client_not_on_the_allow_list_is_refused()
    {
        using var api = portal.Api(await portal.AccessTokenAsync("stranger"));
        await AssertRefusedAsync(await api.GetAsync(Path), HttpStatusCode.Unauthorized,
            Invalid("The client 'stranger' is not allowed to call this API."));
    }

    [Fact]
    public async Task An_allowed_client_without_the_scope_gets_403_insufficient_scope()
    {
        using var api = portal.Api(await portal.AccessTokenAsync("orders-reader"));
        await AssertRefusedAsync(await api.GetAsync(Path), HttpStatusCode.Forbidden,
            "Bearer error=\"insufficient_scope\", error_description=\"The token lacks the scope 'vpcs/read'; ask for it in the client-credentials request.\", scope=\"vpcs/read\"");
    }
}
