using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Portal.Auth;
using Portal.Testing;

namespace Portal.Tests.Auth;

/// <summary>The id and access token checks, with tokens signed by a key the test controls and published
/// through a static OpenID configuration (the same data discovery would give).</summary>
public sealed class CognitoTokenValidatorTests
{
    private const string Issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test";
    private const string ClientId = "portal-web";
    private static readonly RsaSecurityKey ProviderKey = NewKey("provider");
    private static readonly RsaSecurityKey OtherKey = NewKey("other");
    private readonly ManualClock _clock = new();

    private CognitoTokenValidator Validator()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(ProviderKey);
        var options = Options.Create(new CognitoOptions
        {
            Authority = Issuer,
            ClientId = ClientId,
            ClientSecret = "secret",
            AllowedApiClients = ["orders-writer"],
        });
        return new CognitoTokenValidator(new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration), options, _clock);
    }

    [Fact]
    public async Task A_good_id_token_gives_the_user_with_cognito_claims()
    {
        var check = await Validator().ValidateIdTokenAsync(IdToken(), "n-1", default);

        Assert.True(check.IsValid, check.Error);
        Assert.Equal("admin", check.Identity!.Name);
        Assert.Contains(check.Identity.Claims, c => c.Type == "cognito:groups" && c.Value == "portal-admins");
        Assert.Contains(check.Identity.Claims, c => c.Type == "email" && c.Value == "admin@portal.local");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var check = await Validator().ValidateIdTokenAsync(IdToken(key: OtherKey), "n-1", default);
        Assert.False(check.IsValid);
        Assert.Equal("The token's signature is not valid.", check.Error);
    }

    [Fact]
    public async Task A_tampered_payload_is_refused()
    {
        var parts = IdToken().Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"admin\"", "\"root\"");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var check = await Validator().ValidateIdTokenAsync(tampered, "n-1", default);
        Assert.False(check.IsValid);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var check = await Validator().ValidateIdTokenAsync(IdToken(issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"), "n-1", default);
        Assert.Equal("The token was issued by another issuer.", check.Error);
    }

    [Fact]
    public async Task A_token_for_another_client_is_refused()
    {
        var check = await Validator().ValidateIdTokenAsync(IdToken(audience: "someone-else"), "n-1", default);
        Assert.Equal("The token was issued for another client.", check.Error);
    }

    [Fact]
    public async Task An_expired_token_is_refused_once_the_clock_passes_expiry_and_skew()
    {
        var token = IdToken();
        _clock.Advance(TimeSpan.FromMinutes(60));
        Assert.True((await Validator().ValidateIdTokenAsync(token, "n-1", default)).IsValid, "within the one-minute skew");

        _clock.Advance(TimeSpan.FromMinutes(2));
        var check = await Validator().ValidateIdTokenAsync(token, "n-1", default);
        Assert.Equal("The token has expired.", check.Error);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = IdToken().Split('.')[1];
        var check = await Validator().ValidateIdTokenAsync($"{header}.{payload}.", "n-1", default);

        Assert.False(check.IsValid);
        Assert.Contains("signature", check.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_signed_with_HS256_using_the_public_key_is_refused()
    {
        // The classic algorithm-confusion attack: only RS256 is accepted.
        var symmetric = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 64))) { KeyId = "provider" };
        var token = Create(Claims(), new SigningCredentials(symmetric, SecurityAlgorithms.HmacSha256), Issuer, ClientId);

        Assert.False((await Validator().ValidateIdTokenAsync(token, "n-1", default)).IsValid);
    }

    [Fact]
    public async Task An_access_token_is_not_accepted_as_an_id_token()
    {
        var check = await Validator().ValidateIdTokenAsync(IdToken(tokenUse: "access"), "n-1", default);
        Assert.Equal("The token is not an id token (token_use must be 'id').", check.Error);
    }

    [Fact]
    public async Task A_nonce_from_another_sign_in_is_refused()
    {
        var check = await Validator().ValidateIdTokenAsync(IdToken(), "n-2", default);
        Assert.Equal("The id token's nonce does not match this sign-in.", check.Error);
    }

    [Fact]
    public async Task Access_tokens_need_token_use_access_an_allowed_client_and_the_scope()
    {
        var validator = Validator();

        Assert.True((await validator.ValidateAccessTokenAsync(AccessToken("orders-writer", "orders/read orders/write"), "orders/write", default)).IsValid);
        Assert.Equal("The client 'stranger' is not allowed to call this API.",
            (await validator.ValidateAccessTokenAsync(AccessToken("stranger", "orders/write"), "orders/write", default)).Error);
        Assert.Equal("The token lacks the scope 'orders/write'.",
            (await validator.ValidateAccessTokenAsync(AccessToken("orders-writer", "orders/read"), "orders/write", default)).Error);
        Assert.Equal("The token is not an access token (token_use must be 'access').",
            (await validator.ValidateAccessTokenAsync(IdToken(), "orders/read", default)).Error);
    }

    private string IdToken(RsaSecurityKey? key = null, string issuer = Issuer, string audience = ClientId, string tokenUse = "id") =>
        Create(Claims(tokenUse), new SigningCredentials(key ?? ProviderKey, SecurityAlgorithms.RsaSha256), issuer, audience);

    private string AccessToken(string clientId, string scope)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = clientId, ["client_id"] = clientId, ["scope"] = scope, ["token_use"] = "access",
        };
        return Create(claims, new SigningCredentials(ProviderKey, SecurityAlgorithms.RsaSha256), Issuer, audience: null);
    }

    private static Dictionary<string, object> Claims(string tokenUse = "id") => new()
    {
        ["sub"] = "7d5c5f0e-0000-4000-8000-000000000001",
        ["cognito:username"] = "admin",
        ["cognito:groups"] = new[] { "portal-admins" },
        ["email"] = "admin@portal.local",
        ["token_use"] = tokenUse,
        ["nonce"] = "n-1",
    };

    private string Create(Dictionary<string, object> claims, SigningCredentials credentials, string issuer, string? audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = _clock.GetUtcNow().UtcDateTime,
            NotBefore = _clock.GetUtcNow().UtcDateTime,
            Expires = _clock.GetUtcNow().UtcDateTime.AddHours(1),
            SigningCredentials = credentials,
        });

    private static RsaSecurityKey NewKey(string id) => new(RSA.Create(2048)) { KeyId = id };
}
