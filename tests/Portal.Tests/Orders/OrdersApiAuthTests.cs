using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Testing;
using Portal.Tests.Auth;

namespace Portal.Tests.Orders;

/// <summary>Who may call the orders API: real tokens from the local provider, and tokens the test signs itself
/// for what the provider will not issue.</summary>
[Collection(OrdersPortal.Collection)]
public sealed class OrdersApiAuthTests(OrdersPortal portal)
{
    private static readonly object Order = new
    {
        orderID = "auth-1", customer = "Ada", currency = "EUR", status = "pending",
        items = new[] { new { sku = "A-1", quantity = 1, unitPrice = 5.0 } },
    };

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string wwwAuthenticate)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(wwwAuthenticate, response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Equal((int)status, problem!.Status);
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    private sealed record ProblemBody(int Status, string Title, string Detail);

    [Fact]
    public async Task No_token_is_401_with_a_bare_bearer_challenge_and_never_a_redirect()
    {
        using var api = portal.Api(null);
        await AssertRefusedAsync(await api.GetAsync("/api/orders/auth-1"), HttpStatusCode.Unauthorized, "Bearer");
        await AssertRefusedAsync(await api.PostAsJsonAsync("/api/orders", Order), HttpStatusCode.Unauthorized, "Bearer");
    }

    [Fact]
    public async Task A_non_bearer_authorization_header_is_an_invalid_token()
    {
        using var api = portal.Api(null);
        api.DefaultRequestHeaders.Authorization = new("Basic", "b3JkZXJzLXdyaXRlcjpzZWNyZXQ=");
        await AssertRefusedAsync(await api.GetAsync("/api/orders/auth-1"), HttpStatusCode.Unauthorized,
            "Bearer error=\"invalid_token\", error_description=\"The Authorization header must be 'Bearer <access token>'.\"");
    }

    [Fact]
    public async Task An_expired_token_is_refused_once_the_clock_passes_its_expiry()
    {
        var token = await portal.TokenAsync("orders-reader");
        using var api = portal.Api(token);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/orders/nothing")).StatusCode);

        var now = portal.Clock.GetUtcNow();
        portal.Clock.Advance(TimeSpan.FromMinutes(62)); // lifetime 3600 s + one minute of skew
        try
        {
            await AssertRefusedAsync(await api.GetAsync("/api/orders/nothing"), HttpStatusCode.Unauthorized,
                "Bearer error=\"invalid_token\", error_description=\"The token has expired.\"");
        }
        finally
        {
            portal.Clock.Set(now);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_signed_by_someone_else_or_for_another_issuer_is_refused(bool otherIssuer)
    {
        // The test's own key (the provider's private key is not ours to have): a forged copy of a real access token.
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "forged" };
        var real = new JsonWebToken(await portal.TokenAsync("orders-writer"));
        var claims = real.Claims.Where(c => c.Type is not ("iss" or "exp" or "iat" or "nbf")).ToDictionary(c => c.Type, object (c) => c.Value);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = otherIssuer ? "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other" : real.Issuer,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

        using var api = portal.Api(forged);
        var reason = otherIssuer ? "The token was issued by another issuer." : "The token's signature is not valid.";
        await AssertRefusedAsync(await api.PostAsJsonAsync("/api/orders", Order), HttpStatusCode.Unauthorized,
            $"Bearer error=\"invalid_token\", error_description=\"{reason}\"");
    }

    [Fact]
    public async Task An_id_token_is_not_accepted_in_place_of_an_access_token()
    {
        var idToken = await MachineTokens.IdTokenAsync(portal.Server);

        using var api = portal.Api(idToken);
        await AssertRefusedAsync(await api.GetAsync("/api/orders/auth-1"), HttpStatusCode.Unauthorized,
            "Bearer error=\"invalid_token\", error_description=\"The token is not an access token (token_use must be 'access').\"");

        // A signed-in session's cookie alone does not open the API either.
        using var session = await HttpSignIn.AsAsync(portal.Server, DemoUser.Admin);
        using var withCookie = session.RawClient();
        var response = await withCookie.GetAsync("/api/orders/auth-1");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_of_a_client_not_on_the_allow_list_is_refused()
    {
        using var api = portal.Api(await portal.TokenAsync("stranger"));
        await AssertRefusedAsync(await api.GetAsync("/api/orders/auth-1"), HttpStatusCode.Unauthorized,
            "Bearer error=\"invalid_token\", error_description=\"The client 'stranger' is not allowed to call this API.\"");
    }

    [Fact]
    public async Task A_reader_may_read_but_writing_is_403_insufficient_scope()
    {
        using var reader = portal.Api(await portal.TokenAsync("orders-reader"));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/orders/auth-unknown")).StatusCode);
        const string challenge = "Bearer error=\"insufficient_scope\", error_description=\"The token lacks the scope 'orders/write'; ask for it in the client-credentials request.\", scope=\"orders/write\"";
        await AssertRefusedAsync(await reader.PostAsJsonAsync("/api/orders", Order), HttpStatusCode.Forbidden, challenge);
        await AssertRefusedAsync(await reader.PostAsJsonAsync("/api/orders/batch", new[] { Order }), HttpStatusCode.Forbidden, challenge);

        // A writer that asked only for orders/write cannot read.
        using var writeOnly = portal.Api(await portal.TokenAsync("orders-writer", "orders/write"));
        await AssertRefusedAsync(await writeOnly.GetAsync("/api/orders"), HttpStatusCode.Forbidden,
            "Bearer error=\"insufficient_scope\", error_description=\"The token lacks the scope 'orders/read'; ask for it in the client-credentials request.\", scope=\"orders/read\"");
    }
}
