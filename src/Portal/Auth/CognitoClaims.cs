using System.Security.Claims;

namespace Portal.Auth;

/// <summary>Cognito's claim names, kept as Cognito sends them (no renaming to WS-* URIs).</summary>
public static class CognitoClaims
{
    public const string Username = "cognito:username";
    public const string Groups = "cognito:groups";
    public const string Email = "email";
    public const string TokenUse = "token_use";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Subject = "sub";

    /// <summary>Builds the portal identity from validated id_token claims: name from cognito:username,
    /// roles from cognito:groups (one claim per group).</summary>
    public static ClaimsIdentity ToIdentity(IEnumerable<Claim> claims, string authenticationType) =>
        new(claims, authenticationType, Username, Groups);

    /// <summary>What the shell shows as the user's role.</summary>
    public static string DisplayRole(ClaimsPrincipal user, string adminGroup) =>
        user.IsInRole(adminGroup) ? "Admin" : "Viewer";

    public static IReadOnlyList<string> GroupsOf(ClaimsPrincipal user) =>
        user.FindAll(Groups).Select(c => c.Value).ToList();
}
