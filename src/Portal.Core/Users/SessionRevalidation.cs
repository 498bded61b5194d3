using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;

namespace Portal.Core.Users;

public enum RevalidationOutcome
{
    /// <summary>Checked less than <see cref="SessionRevalidation.Interval"/> ago: nothing to do.</summary>
    NotDue,
    Unchanged,

    /// <summary>The user's groups in the pool differ from the session's: <see cref="Revalidation.Principal"/> has the pool's.</summary>
    GroupsChanged,

    /// <summary>The user was disabled or deleted: end the session.</summary>
    Ended,

    /// <summary>The pool did not answer; the session goes on and is checked again after the interval.</summary>
    Unverified,
}

public sealed record Revalidation(RevalidationOutcome Outcome, ClaimsPrincipal? Principal = null, string? Reason = null)
{
    /// <summary>The session's check time changed, so the session must be saved.</summary>
    public bool Checked => Outcome != RevalidationOutcome.NotDue;
}

/// <summary>
/// Re-checks an open session's user against the user pool at most once per <see cref="Interval"/> (AdminGetUser and
/// AdminListGroupsForUser), so that disabling a user or changing their groups reaches sessions that are already open:
/// HTTP sessions through the cookie's validation, Blazor circuits later the same way. The time of the last check is
/// kept in the session's own items. When the pool cannot be asked, the session goes on (fail open, logged) and the
/// next check comes after the interval, so an outage of the Cognito API does not sign everyone out.
/// </summary>
public sealed class SessionRevalidation(
    CognitoIdentityProviderClient cognito, IOptions<CognitoOptions> options, TimeProvider time, ILogger<SessionRevalidation> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>The session item holding the time of the last check (ISO 8601).</summary>
    public const string CheckedAtItem = ".portal.poolCheckedAt";

    /// <param name="sessionItems">The session's items; the check time is written there.</param>
    /// <param name="signedInAt">When the session began: the first check is due an interval after it.</param>
    public async Task<Revalidation> RevalidateAsync(
        ClaimsPrincipal user, IDictionary<string, string?> sessionItems, DateTimeOffset? signedInAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = sessionItems.TryGetValue(CheckedAtItem, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : signedInAt;
        if (last is { } checkedAt && checkedAt <= now && now - checkedAt < Interval)
            return new Revalidation(RevalidationOutcome.NotDue);
        sessionItems[CheckedAtItem] = now.ToString("o", CultureInfo.InvariantCulture);

        var username = user.FindFirst(CognitoClaims.Username)?.Value;
        if (string.IsNullOrEmpty(username))
            return new Revalidation(RevalidationOutcome.Ended, Reason: "the session names no Cognito user");
        UserStanding standing;
        try
        {
            standing = await UserStanding.ReadAsync(cognito, options.Value.UserPoolId!, username, cancellationToken);
        }
        catch (CognitoException e)
        {
            logger.LogWarning(e, "Could not revalidate {User} against the user pool; the session goes on and is checked again in {Interval}", username, Interval);
            return new Revalidation(RevalidationOutcome.Unverified);
        }

        if (!standing.Exists || !standing.Enabled)
            return new Revalidation(RevalidationOutcome.Ended, Reason: standing.Exists ? $"{username} was disabled" : $"{username} no longer exists");
        var groups = user.FindAll(CognitoClaims.Groups).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return groups.SetEquals(standing.Groups)
            ? new Revalidation(RevalidationOutcome.Unchanged)
            : new Revalidation(RevalidationOutcome.GroupsChanged, WithGroups(user, standing.Groups));
    }

    /// <summary>The same identity with the pool's groups in place of the session's.</summary>
    private static ClaimsPrincipal WithGroups(ClaimsPrincipal user, IReadOnlyList<string> groups)
    {
        var identity = user.Identities.First();
        var claims = identity.Claims.Where(c => c.Type != CognitoClaims.Groups).Concat(groups.Select(g => new Claim(CognitoClaims.Groups, g)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }
}
