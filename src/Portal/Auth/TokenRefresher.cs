using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Portal.Auth;

/// <summary>The cookie's OnValidatePrincipal: near the access token's expiry, redeems the refresh token at the token
/// endpoint the OIDC handler discovered and checks the new id_token as the handler does. The framework has no
/// refresh of its own. A failed refresh ends the session, so the next request signs in again (no error page).</summary>
public sealed class TokenRefresher(
    IOptionsMonitor<OpenIdConnectOptions> oidc, IOptions<CognitoOptions> cognito, TimeProvider time, ILogger<TokenRefresher> logger)
{
    public async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (!DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry)
            || expiry - cognito.Value.RefreshBeforeExpiry > time.GetUtcNow())
            return;

        if (!await TryRefreshAsync(context))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private async Task<bool> TryRefreshAsync(CookieValidatePrincipalContext context)
    {
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        var cancel = context.HttpContext.RequestAborted;
        if (string.IsNullOrEmpty(refreshToken))
            return false;
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancel);
            var request = new OpenIdConnectMessage
            {
                GrantType = OpenIdConnectGrantTypes.RefreshToken,
                RefreshToken = refreshToken,
                ClientId = options.ClientId,
                ClientSecret = options.ClientSecret,
            };
            using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(request.Parameters), cancel);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("Token refresh refused for {User}: {Status}", context.Principal?.Identity?.Name, (int)response.StatusCode);
                return false;
            }

            var tokens = new OpenIdConnectMessage(await response.Content.ReadAsStringAsync(cancel));
            var parameters = options.TokenValidationParameters.Clone();
            parameters.ValidIssuer = configuration.Issuer;
            parameters.ValidAudience = options.ClientId;
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            var check = await options.TokenHandler.ValidateTokenAsync(tokens.IdToken, parameters);
            if (!check.IsValid || check.ClaimsIdentity.FindFirst(CognitoClaims.TokenUse)?.Value != "id")
            {
                logger.LogWarning(check.Exception, "Refreshed id token refused for {User}", context.Principal?.Identity?.Name);
                return false;
            }

            context.Properties.StoreTokens(
            [
                new() { Name = "access_token", Value = tokens.AccessToken },
                new() { Name = "id_token", Value = tokens.IdToken },
                // Cognito's refresh answer carries no refresh token unless rotation is on: keep the one we have.
                new() { Name = "refresh_token", Value = tokens.RefreshToken ?? refreshToken },
                new() { Name = "token_type", Value = tokens.TokenType },
                new() { Name = "expires_at", Value = time.GetUtcNow().AddSeconds(int.Parse(tokens.ExpiresIn, CultureInfo.InvariantCulture)).ToString("o", CultureInfo.InvariantCulture) },
            ]);
            context.ReplacePrincipal(new ClaimsPrincipal(check.ClaimsIdentity));
            context.ShouldRenew = true;
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or TaskCanceledException or ArgumentException or FormatException)
        {
            logger.LogWarning(ex, "Token refresh failed: the sign-in provider is unreachable or answered nonsense");
            return false;
        }
    }
}
