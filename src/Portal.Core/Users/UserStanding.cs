namespace Portal.Core.Users;

/// <summary>What the pool says about a user right now: whether they exist, may sign in, and their groups.</summary>
public sealed record UserStanding(bool Exists, bool Enabled, IReadOnlyList<string> Groups)
{
    public static readonly UserStanding Gone = new(false, false, []);

    public bool IsActiveMemberOf(string group) => Exists && Enabled && Groups.Contains(group, StringComparer.Ordinal);

    /// <summary>AdminGetUser, then AdminListGroupsForUser; a user the pool does not know is <see cref="Gone"/>.</summary>
    public static async Task<UserStanding> ReadAsync(
        CognitoIdentityProviderClient cognito, string userPoolId, string username, CancellationToken cancellationToken)
    {
        try
        {
            var user = await cognito.AdminGetUserAsync(userPoolId, username, cancellationToken).ConfigureAwait(false);
            var groups = await cognito.AdminListGroupsForUserAsync(userPoolId, username, cancellationToken).ConfigureAwait(false);
            return new UserStanding(true, user.Enabled, groups);
        }
        catch (CognitoException e) when (e.Kind == CognitoErrorKind.UserNotFound)
        {
            return Gone;
        }
    }
}
