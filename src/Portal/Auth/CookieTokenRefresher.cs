using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Portal.Auth;

/// <summary>On each request, refreshes the Cognito tokens in the cookie when the access token is near expiry.
/// When the refresh fails the cookie is dropped, so the request falls back to a normal sign-in (no error page).</summary>
public sealed class CookieTokenRefresher(
    IConfigurationManager<OpenIdConnectConfiguration> discovery,
    CognitoTokenValidator validator,
    IHttpClientFactory httpClients,
    IOptions<CognitoOptions> options,
    TimeProvider time,
    ILogger<CookieTokenRefresher> logger)
{
    public const string HttpClientName = "cognito";

    public async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (expiresAt is null || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry))
            return;
        var now = time.GetUtcNow();
        if (expiry - options.Value.RefreshBeforeExpiry > now)
            return;

        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        if (string.IsNullOrEmpty(refreshToken) || !await TryRefreshAsync(context, refreshToken, now))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private async Task<bool> TryRefreshAsync(CookieValidatePrincipalContext context, string refreshToken, DateTimeOffset now)
    {
        var cancel = context.HttpContext.RequestAborted;
        try
        {
            var configuration = await discovery.GetConfigurationAsync(cancel);
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = options.Value.ClientId,
            };
            using var tokens = await CognitoTokenEndpoint.PostAsync(
                httpClients.CreateClient(HttpClientName), configuration.TokenEndpoint, options.Value.ClientId, options.Value.ClientSecret, form, cancel);
            if (tokens.Error is not null)
            {
                logger.LogInformation("Token refresh refused for {User}: {Reason}", context.Principal?.Identity?.Name, tokens.Error.Message);
                return false;
            }

            // Cognito's refresh answer has a new id_token and access_token but keeps the old refresh token.
            var idToken = tokens.Response!.RootElement.TryGetProperty("id_token", out var v) ? v.GetString() : null;
            idToken ??= context.Properties.GetTokenValue("id_token")!;
            var check = await validator.ValidateIdTokenAsync(idToken, expectedNonce: null, cancel);
            if (!check.IsValid)
            {
                logger.LogWarning("Refreshed id token refused: {Reason}", check.Error);
                return false;
            }

            var stored = CognitoTokenEndpoint.TokensOf(tokens, idToken, now).ToList();
            if (stored.All(t => t.Name != "refresh_token"))
                stored.Add(new AuthenticationToken { Name = "refresh_token", Value = refreshToken });
            context.Properties.StoreTokens(stored);
            context.ReplacePrincipal(new System.Security.Claims.ClaimsPrincipal(check.Identity!));
            context.ShouldRenew = true;
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or TaskCanceledException)
        {
            logger.LogWarning(ex, "Token refresh failed: the sign-in provider is unreachable");
            return false;
        }
    }
}
