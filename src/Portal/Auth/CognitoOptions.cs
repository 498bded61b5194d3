using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Auth;

/// <summary>Cognito sign-in settings, section <c>Portal:Auth</c>.</summary>
public sealed class CognitoOptions
{
    public const string Section = "Portal:Auth";
    public const string SignedOutPath = "/signed-out";

    /// <summary>OpenID issuer. Empty in Aws mode means https://cognito-idp.{region}.amazonaws.com/{UserPoolId}.</summary>
    public string? Authority { get; set; }

    public string? UserPoolId { get; set; }

    /// <summary>Hosted UI domain (e.g. portal-main.auth.eu-west-1.amazoncognito.com); Cognito's /logout lives there.
    /// Empty in Local mode: the local provider serves /logout itself.</summary>
    public string? HostedUiDomain { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public string Scopes { get; set; } = "openid email profile";

    /// <summary>The Cognito group whose members may run mutating actions.</summary>
    public string AdminGroup { get; set; } = "portal-admins";

    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>How long before the access token expires the portal refreshes it.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Machine clients whose access tokens the JSON APIs accept as Bearer.</summary>
    public string[] AllowedApiClients { get; set; } = [];

    public Uri AuthorityUri => new(Authority!.TrimEnd('/') + "/");

    /// <summary>Cognito's sign-out endpoint: the hosted UI domain's /logout, or the local provider's.</summary>
    public Uri LogoutEndpoint => string.IsNullOrEmpty(HostedUiDomain)
        ? new Uri(AuthorityUri, "logout")
        : new Uri($"https://{HostedUiDomain}/logout");

    /// <summary>Cognito's sign-out: GET {hosted UI}/logout?client_id&amp;logout_uri (it rejects the OpenID
    /// post_logout_redirect_uri). The logout_uri must be one of the app client's sign-out URLs.</summary>
    public string LogoutUrl(string portalOrigin) =>
        QueryHelpers.AddQueryString(LogoutEndpoint.ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["logout_uri"] = portalOrigin.TrimEnd('/') + SignedOutPath,
        });
}
