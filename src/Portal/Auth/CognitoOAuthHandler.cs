using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Portal.Auth;

/// <summary>The shared framework's OAuth code flow (PKCE S256, state, correlation cookie), pointed at the
/// endpoints in Cognito's discovery document, with a nonce bound to this sign-in and the id_token
/// validated before a cookie is issued.</summary>
public sealed class CognitoOAuthHandler(
    IOptionsMonitor<OAuthOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IConfigurationManager<OpenIdConnectConfiguration> discovery,
    CognitoTokenValidator validator,
    IOptions<CognitoOptions> cognito)
    : OAuthHandler<OAuthOptions>(options, logger, encoder)
{
    public const string SchemeName = "Cognito";
    private const string NonceKey = ".nonce";
    private OpenIdConnectConfiguration? _configuration;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Request.Headers.ContainsKey("HX-Request"))
        {
            // An htmx fragment cannot follow a cross-origin redirect: ask htmx to reload the page instead.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers["HX-Redirect"] = Request.Headers.Referer.ToString() is { Length: > 0 } referer ? referer : "/";
            return;
        }

        try
        {
            _configuration = await discovery.GetConfigurationAsync(Context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            Logger.LogWarning(ex, "Cognito discovery at {Authority} failed", cognito.Value.Authority);
            Response.Redirect(AuthEndpoints.ErrorPath("provider-unreachable"));
            return;
        }

        properties.Items[NonceKey] = Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await base.HandleChallengeAsync(properties);
    }

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        // The base adds client_id, scope, redirect_uri, PKCE and the protected state; only the endpoint differs.
        var url = base.BuildChallengeUrl(properties, redirectUri);
        var query = QueryHelpers.ParseQuery(new Uri(url).Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query["nonce"] = properties.Items[NonceKey];
        return QueryHelpers.AddQueryString(_configuration!.AuthorizationEndpoint, query);
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var configuration = await discovery.GetConfigurationAsync(Context.RequestAborted);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = context.Code,
            ["redirect_uri"] = context.RedirectUri,
            ["client_id"] = Options.ClientId,
        };
        if (context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey, out var verifier) && verifier is not null)
            form[OAuthConstants.CodeVerifierKey] = verifier;

        return await CognitoTokenEndpoint.PostAsync(Backchannel, configuration.TokenEndpoint, Options.ClientId, Options.ClientSecret, form, Context.RequestAborted);
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(
        System.Security.Claims.ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var idToken = tokens.Response?.RootElement.TryGetProperty("id_token", out var value) == true ? value.GetString() : null;
        if (string.IsNullOrEmpty(idToken))
            throw new AuthenticationFailureException("The sign-in provider returned no id_token.");

        properties.Items.TryGetValue(NonceKey, out var nonce);
        var check = await validator.ValidateIdTokenAsync(idToken, nonce ?? "", Context.RequestAborted);
        if (!check.IsValid)
            throw new AuthenticationFailureException("The id token was refused: " + check.Error);

        properties.Items.Remove(NonceKey);
        properties.StoreTokens(CognitoTokenEndpoint.TokensOf(tokens, idToken, TimeProvider.GetUtcNow()));
        return new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(check.Identity!), properties, Scheme.Name);
    }
}

/// <summary>Posts to Cognito's token endpoint with client_secret_basic, as the code exchange and refresh both do.</summary>
public static class CognitoTokenEndpoint
{
    public static async Task<OAuthTokenResponse> PostAsync(
        HttpClient http, string tokenEndpoint, string clientId, string clientSecret, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var basic = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
            return OAuthTokenResponse.Success(JsonDocument.Parse(body));

        var error = TryReadError(body) ?? "no error code";
        return OAuthTokenResponse.Failed(new AuthenticationFailureException(
            $"The sign-in provider refused the token request ({(int)response.StatusCode}, {error})."));
    }

    /// <summary>The tokens kept in the auth cookie, with an absolute expiry for the refresh check.</summary>
    public static IEnumerable<AuthenticationToken> TokensOf(OAuthTokenResponse tokens, string idToken, DateTimeOffset now)
    {
        var list = new List<AuthenticationToken>
        {
            new() { Name = "access_token", Value = tokens.AccessToken ?? "" },
            new() { Name = "id_token", Value = idToken },
        };
        if (!string.IsNullOrEmpty(tokens.RefreshToken))
            list.Add(new() { Name = "refresh_token", Value = tokens.RefreshToken });
        if (int.TryParse(tokens.ExpiresIn, out var seconds))
            list.Add(new() { Name = "expires_at", Value = now.AddSeconds(seconds).ToString("o") });
        return list;
    }

    private static string? TryReadError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
