using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Auth;

/// <summary>The outcome of checking a Cognito token: the identity, or why it was refused.</summary>
public sealed record TokenCheck(ClaimsIdentity? Identity, string? Error)
{
    public bool IsValid => Identity is not null;

    public static TokenCheck Refused(string error) => new(null, error);
}

/// <summary>Checks Cognito id and access tokens with IdentityModel: JWKS signature (RS256 only, so
/// <c>alg: none</c> is refused), issuer, lifetime, and the Cognito-specific token_use, audience and client rules.
/// One validator serves the sign-in id_token and, for the JSON APIs, bearer access tokens.</summary>
public sealed class CognitoTokenValidator(
    IConfigurationManager<OpenIdConnectConfiguration> discovery,
    IOptions<CognitoOptions> options,
    TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<TokenCheck> ValidateIdTokenAsync(string idToken, string? expectedNonce, CancellationToken cancellationToken)
    {
        var result = await ValidateAsync(idToken, audience: options.Value.ClientId, cancellationToken);
        if (!result.IsValid)
            return result;

        var identity = result.Identity!;
        if (identity.FindFirst(CognitoClaims.TokenUse)?.Value != "id")
            return TokenCheck.Refused("The token is not an id token (token_use must be 'id').");
        if (expectedNonce is not null && identity.FindFirst("nonce")?.Value != expectedNonce)
            return TokenCheck.Refused("The id token's nonce does not match this sign-in.");
        return result;
    }

    /// <summary>Checks a bearer access token: token_use access, client_id in the allow-list, the scope present.
    /// Cognito access tokens carry no aud, so the audience is not checked.</summary>
    public async Task<TokenCheck> ValidateAccessTokenAsync(string accessToken, string? requiredScope, CancellationToken cancellationToken)
    {
        var result = await ValidateAsync(accessToken, audience: null, cancellationToken);
        if (!result.IsValid)
            return result;

        var identity = result.Identity!;
        if (identity.FindFirst(CognitoClaims.TokenUse)?.Value != "access")
            return TokenCheck.Refused("The token is not an access token (token_use must be 'access').");
        var clientId = identity.FindFirst(CognitoClaims.ClientId)?.Value;
        if (clientId is null || !options.Value.AllowedApiClients.Contains(clientId, StringComparer.Ordinal))
            return TokenCheck.Refused($"The client '{clientId}' is not allowed to call this API.");
        var scopes = (identity.FindFirst(CognitoClaims.Scope)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requiredScope is not null && !scopes.Contains(requiredScope, StringComparer.Ordinal))
            return TokenCheck.Refused($"The token lacks the scope '{requiredScope}'.");
        return result;
    }

    private async Task<TokenCheck> ValidateAsync(string token, string? audience, CancellationToken cancellationToken)
    {
        var result = await ValidateOnceAsync(token, audience, cancellationToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Cognito rotates keys: fetch the JWKS again once before refusing.
            discovery.RequestRefresh();
            result = await ValidateOnceAsync(token, audience, cancellationToken);
        }

        return result.IsValid
            ? new TokenCheck(CognitoClaims.ToIdentity(result.ClaimsIdentity.Claims, "Cognito"), null)
            : TokenCheck.Refused(Describe(result.Exception));
    }

    private async Task<TokenValidationResult> ValidateOnceAsync(string token, string? audience, CancellationToken cancellationToken)
    {
        var configuration = await discovery.GetConfigurationAsync(cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Value.Authority!.TrimEnd('/'),
            ValidateAudience = audience is not null,
            ValidAudience = audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            LifetimeValidator = ValidateLifetime,
            NameClaimType = CognitoClaims.Username,
            RoleClaimType = CognitoClaims.Groups,
        };
        return await Handler.ValidateTokenAsync(token, parameters);
    }

    /// <summary>Lifetime against the injected clock, so expiry is testable without waiting.</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        if (expires.Value.Add(parameters.ClockSkew) < now)
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        if (notBefore is not null && notBefore.Value.Subtract(parameters.ClockSkew) > now)
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = notBefore.Value };
        return true;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenInvalidIssuerException => "The token was issued by another issuer.",
        SecurityTokenInvalidAudienceException => "The token was issued for another client.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not allowed (RS256 only).",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException => "The token is malformed.",
        null => "The token is not valid.",
        _ => "The token is not valid: " + exception.GetType().Name.Replace("SecurityToken", "").Replace("Exception", "") + ".",
    };
}
