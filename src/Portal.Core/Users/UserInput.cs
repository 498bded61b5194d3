using System.Security.Claims;
using System.Text.RegularExpressions;
using Portal.Core.Identity;
using Portal.Core.Networking;

namespace Portal.Core.Users;

/// <summary>Who is acting, as the caller knows them at this moment (the circuit's or request's user).</summary>
public sealed record PortalUser(string Username, bool IsAdmin)
{
    public static PortalUser From(ClaimsPrincipal user, string adminGroup) =>
        new(user.FindFirst(CognitoClaims.Username)?.Value ?? user.Identity?.Name ?? "", user.IsInRole(adminGroup));
}

public enum UserSearchField
{
    Username,
    Email,
}

/// <summary>One view of the Users list: an optional prefix search on username or email, a page size, and the
/// portal's page token (which wraps Cognito's PaginationToken and is bound to the search).</summary>
public sealed record UserQuery(string? Search = null, UserSearchField By = UserSearchField.Username, int PageSize = UserQuery.DefaultPageSize, string? PageToken = null)
{
    public const int DefaultPageSize = 20;

    /// <summary>Cognito's filter for this search, or null for every user.</summary>
    public string? Filter => string.IsNullOrEmpty(Search)
        ? null
        : CognitoIdentityProviderClient.PrefixFilter(By == UserSearchField.Email ? "email" : "username", Search);

    /// <summary>What a page token is bound to.</summary>
    public string Binding() => $"users?by={By}&q={Search}&size={PageSize}";
}

/// <summary>A user to create: Cognito sends the temporary password to the email.</summary>
public sealed record NewUser(string Username, string Email);

/// <summary>The checks on what a user types, made before anything reaches Cognito.</summary>
public static partial class UserInput
{
    public const int MaxUsernameLength = 128;
    public const int MaxEmailLength = 254;

    public static IReadOnlyList<ValidationIssue> CheckUsername(string? username, string field = "Username") =>
        string.IsNullOrEmpty(username) ? [ValidationIssue.Error(field, "Enter a username.")]
        : username.Length > MaxUsernameLength || !UsernamePattern().IsMatch(username)
            ? [ValidationIssue.Error(field, $"A username is 1 to {MaxUsernameLength} letters, digits and punctuation, without spaces.")]
            : [];

    public static IReadOnlyList<ValidationIssue> CheckNewUser(NewUser user)
    {
        var issues = CheckUsername(user.Username).ToList();
        if (string.IsNullOrWhiteSpace(user.Email))
            issues.Add(ValidationIssue.Error("Email", "Enter the email address Cognito sends the temporary password to."));
        else if (user.Email.Length > MaxEmailLength || !EmailPattern().IsMatch(user.Email))
            issues.Add(ValidationIssue.Error("Email", "Enter an email address like name@example.com."));
        return issues;
    }

    public static IReadOnlyList<ValidationIssue> CheckQuery(UserQuery query)
    {
        var issues = new List<ValidationIssue>();
        if (query.Search is { } search && (search.Length > MaxUsernameLength || search.Any(char.IsControl)))
            issues.Add(ValidationIssue.Error("Search", $"Search for the start of a username or email: up to {MaxUsernameLength} characters on one line."));
        if (query.PageSize is < 1 or > CognitoIdentityProviderClient.MaxPageSize)
            issues.Add(ValidationIssue.Error("PageSize", $"Show 1 to {CognitoIdentityProviderClient.MaxPageSize} users a page."));
        return issues;
    }

    // Cognito's UsernameType: letters, marks, symbols, numbers, punctuation; no spaces or control characters.
    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
