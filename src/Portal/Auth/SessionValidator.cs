using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Portal.Core.Identity;
using Portal.Core.Sessions;
using Portal.Core.Users;

namespace Portal.Auth;

/// <summary>The cookie's OnValidatePrincipal, on every request: a session past its absolute lifetime, or whose user the pool
/// disabled or deleted (re-checked at most once a minute, <see cref="SessionRevalidation"/>), ends; changed groups replace
/// the session's. Near the access token's expiry the refresh token is redeemed at the token endpoint the OIDC handler
/// discovered (the framework has no refresh); a failed refresh ends the session, so the next request signs in again.</summary>
public sealed class SessionValidator(IOptionsMonitor<OpenIdConnectOptions> oidc, IOptions<CognitoOptions> cognito,
    SessionLifetime lifetime, SessionRevalidation pool, TimeProvider time, ILogger<SessionValidator> logger)
{
    public async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var check = lifetime.IsOver(context.Properties.Items) ? null
            : await pool.RevalidateAsync(context.Principal!, context.Properties.Items, context.Properties.IssuedUtc, context.HttpContext.RequestAborted);
        if (check is null || check.Outcome == RevalidationOutcome.Ended)
        {
            logger.LogInformation("The session of {User} ends: {Reason}", context.Principal?.Identity?.Name,
                check is null ? "it reached its maximum lifetime" : $"{check.Reason} in the user pool");
            await EndAsync(context);
            return;
        }

        if (check.Principal is { } updated)
            context.ReplacePrincipal(updated);
        context.ShouldRenew |= check.Checked; // keeps the check time (and new groups) in the session
        if (!DateTimeOffset.TryParse(context.Properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry)
            || expiry - cognito.Value.RefreshBeforeExpiry > time.GetUtcNow())
            return;
        try
        {
            await RefreshAsync(context, context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (!context.HttpContext.RequestAborted.IsCancellationRequested // a browser that left keeps its session
            && ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException
                or ArgumentException or FormatException or SecurityTokenException)
        {
            logger.LogWarning(ex, "Token refresh for {User} failed: the session ends", context.Principal?.Identity?.Name);
            await EndAsync(context);
        }
    }

    private static Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private async Task RefreshAsync(CookieValidatePrincipalContext context, CancellationToken cancel)
    {
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancel);
        var refreshToken = context.Properties.GetTokenValue("refresh_token") ?? throw new InvalidOperationException("The session has no refresh token.");
        var request = new OpenIdConnectMessage
        {
            GrantType = OpenIdConnectGrantTypes.RefreshToken, RefreshToken = refreshToken, ClientId = options.ClientId, ClientSecret = options.ClientSecret,
        };
        using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(request.Parameters), cancel);
        var tokens = new OpenIdConnectMessage(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync(cancel));

        var parameters = options.TokenValidationParameters.Clone();
        (parameters.ValidIssuer, parameters.ValidAudience, parameters.IssuerSigningKeys) = (configuration.Issuer, options.ClientId, configuration.SigningKeys);
        var check = await options.TokenHandler.ValidateTokenAsync(tokens.IdToken, parameters);
        if (!check.IsValid || check.ClaimsIdentity.FindFirst(CognitoClaims.TokenUse)?.Value != "id")
            throw new SecurityTokenValidationException("The refreshed id token was refused.", check.Exception);

        context.Properties.UpdateTokenValue("access_token", tokens.AccessToken);
        context.Properties.UpdateTokenValue("id_token", tokens.IdToken);
        context.Properties.UpdateTokenValue("expires_at", time.GetUtcNow().AddSeconds(int.Parse(tokens.ExpiresIn, CultureInfo.InvariantCulture)).ToString("o", CultureInfo.InvariantCulture));
        // Cognito sends a new refresh token only when rotation is on; otherwise the one we have stays valid.
        if (tokens.RefreshToken is { } rotated)
            context.Properties.UpdateTokenValue("refresh_token", rotated);
        context.ReplacePrincipal(new ClaimsPrincipal(check.ClaimsIdentity));
        context.ShouldRenew = true;
    }
}
