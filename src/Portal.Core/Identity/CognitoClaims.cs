using System.Security.Claims;

namespace Portal.Core.Identity;

/// <summary>Cognito's claim names, kept as Cognito sends them (MapInboundClaims is off: no WS-* URIs).</summary>
public static class CognitoClaims
{
    public const string Username = "cognito:username";
    public const string Groups = "cognito:groups";
    public const string TokenUse = "token_use";
    public const string ClientId = "client_id";
    public const string Scope = "scope";

    /// <summary>What the shell shows as the user's role.</summary>
    public static string DisplayRole(ClaimsPrincipal user, string adminGroup) =>
        user.IsInRole(adminGroup) ? "Admin" : "Viewer";
}
