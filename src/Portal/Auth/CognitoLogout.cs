using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Auth;

/// <summary>Cognito's sign-out: GET {hosted UI}/logout?client_id=...&amp;logout_uri=... (Cognito rejects the
/// OpenID post_logout_redirect_uri). The logout_uri must be one of the app client's sign-out URLs.</summary>
public static class CognitoLogout
{
    public const string SignedOutPath = "/signed-out";

    public static string BuildUrl(CognitoOptions options, string portalOrigin) =>
        QueryHelpers.AddQueryString(options.LogoutEndpoint.ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = options.ClientId,
            ["logout_uri"] = portalOrigin.TrimEnd('/') + SignedOutPath,
        });
}
