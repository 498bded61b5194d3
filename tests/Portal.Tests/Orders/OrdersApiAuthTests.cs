using System.Net;
using System.Net.Http.Json;
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

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string wwwAuthenticate, bool startsWith = false)
    {
        Assert.Equal(status, response.StatusCode);
        if (startsWith)
            Assert.StartsWith(wwwAuthenticate, response.Headers.WwwAuthenticate.ToString());
        else
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
    public async Task A_non_bearer_authorization_header_counts_as_no_token()
    {
        // RFC 6750 §3.1: a request using another scheme lacks a token, so the challenge carries no error code.
        using var api = portal.Api(null);
        api.DefaultRequestHeaders.Authorization = new("Basic", "b3JkZXJzLXdyaXRlcjpzZWNyZXQ=");
        await AssertRefusedAsync(await api.GetAsync("/api/orders/auth-1"), HttpStatusCode.Unauthorized, "Bearer");
    }

    [Theory]
    [InlineData("re-signed by the provider", null)]
    [InlineData("signed with another key", "The signature is invalid")]
    [InlineData("tampered", "The signature is invalid")]
    [InlineData("from another issuer", "The issuer '" + ForgedTokens.OtherIssuer + "' is invalid")]
    [InlineData("expired", "The token expired at")]
    [InlineData("alg none", "The signature is invalid")]
    [InlineData("HMAC with the public key", "The signature is invalid")]
    public async Task A_forged_access_token_is_refused(string forgery, string? reason)
    {
        var real = await portal.TokenAsync("orders-writer");
        var key = ForgedTokens.ProviderKey(portal.Server.Stack);
        var token = forgery switch
        {
            "re-signed by the provider" => ForgedTokens.Resign(real, key),
            "signed with another key" => ForgedTokens.SignedByAnotherKey(real, key),
            "tampered" => ForgedTokens.Tampered(real),
            "from another issuer" => ForgedTokens.Resign(real, key, p => p["iss"] = ForgedTokens.OtherIssuer),
            "expired" => ForgedTokens.Resign(real, key, p =>
            {
                p["iat"] = ForgedTokens.Epoch(TimeSpan.FromMinutes(-62));
                p["exp"] = ForgedTokens.Epoch(TimeSpan.FromMinutes(-2)); // past the one minute of clock skew
            }),
            "alg none" => ForgedTokens.Unsigned(real),
            _ => ForgedTokens.HmacWithThePublicKey(real, key),
        };

        using var api = portal.Api(token);
        var response = await api.GetAsync("/api/orders/auth-unknown");

        if (reason is null)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return;
        }

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "Bearer error=\"invalid_token\", error_description=\"" + reason, startsWith: true);
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
