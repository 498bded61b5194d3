using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Tests.Auth;

/// <summary>Tokens forged from real ones. <see cref="Resign"/> uses the local provider's own key, so a refusal proves
/// the one claim the test changed was checked, not that the signature broke.</summary>
public static class ForgedTokens
{
    public const string OtherIssuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other";

    public static JsonWebKey ProviderKey(LocalStack stack) => new JsonWebKeySet(File.ReadAllText(stack.SigningKeysFile)).Keys[0];

    /// <summary>The token's claims, changed by <paramref name="change"/>, signed RS256 by <paramref name="key"/>.</summary>
    public static string Resign(string token, SecurityKey key, Action<JsonObject>? change = null)
    {
        var payload = Payload(token);
        change?.Invoke(payload);
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    }

    /// <summary>Signed with a fresh key of the test's under the provider key's id.</summary>
    public static string SignedByAnotherKey(string token, JsonWebKey providerKey) =>
        Resign(token, new RsaSecurityKey(RSA.Create(2048)) { KeyId = providerKey.KeyId });

    /// <summary>The claims changed (the subject becomes root), the provider's signature kept.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Payload(token);
        payload["sub"] = "root";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    public static string Unsigned(string token) =>
        $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{token.Split('.')[1]}.";

    /// <summary>Algorithm confusion: HS256 with the provider's public key (PEM) as the HMAC secret and its key id.</summary>
    public static string HmacWithThePublicKey(string token, JsonWebKey providerKey)
    {
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(providerKey.N), Exponent = Base64UrlEncoder.DecodeBytes(providerKey.E) });
        var secret = new SymmetricSecurityKey(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())) { KeyId = providerKey.KeyId };
        return new JsonWebTokenHandler().CreateToken(Payload(token).ToJsonString(), new SigningCredentials(secret, SecurityAlgorithms.HmacSha256));
    }

    public static long Epoch(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToUnixTimeSeconds();

    private static JsonObject Payload(string token) => JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!.AsObject();
}
