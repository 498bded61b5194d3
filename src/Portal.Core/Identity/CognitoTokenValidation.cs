using Microsoft.IdentityModel.Tokens;

namespace Portal.Core.Identity;

public static class CognitoTokenValidation
{
    /// <summary>What the portal checks in every Cognito token besides issuer and keys from discovery: RS256 only (so
    /// neither alg none nor an HMAC over the public key passes), an expiry, Cognito's claim names.</summary>
    public static TokenValidationParameters Parameters() => new()
    {
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = CognitoClaims.Username,
        RoleClaimType = CognitoClaims.Groups,
    };
}
