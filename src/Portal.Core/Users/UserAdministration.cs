using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;
using Portal.Core.Networking;
using Portal.Core.Paging;
using Portal.Core.Sessions;

namespace Portal.Core.Users;

/// <summary>A row of the Users list: the user and their groups.</summary>
public sealed record UserRow(PoolUser User, IReadOnlyList<string> Groups, bool IsAdmin);

/// <summary>A page of users and the token of the next page, or why there is none (a Cognito error, or input issues).</summary>
public sealed record UserListResult(IReadOnlyList<UserRow> Users, string? NextPageToken, string? Error, IReadOnlyList<ValidationIssue> Issues)
{
    public bool Succeeded => Error is null && Issues.Count == 0;

    internal static UserListResult Problem(string? error, IReadOnlyList<ValidationIssue>? issues = null) => new([], null, error, issues ?? []);
}

/// <summary>How an admin action ended, with a message for the person who asked (and the fields to correct).</summary>
public sealed record UserActionResult(ActionOutcome Outcome, string Message, IReadOnlyList<ValidationIssue> Issues, string? ErrorCode = null)
{
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;
}

public sealed record AuditPageResult(IReadOnlyList<AuditEntry> Entries, string? NextPageToken, string? Error);

/// <summary>
/// The Users feature's application service: list and search the pool (everyone signed in may look) and the admin
/// actions. Each action is authorized at the moment it runs, for the <see cref="PortalUser"/> the caller passes: a
/// non-admin is refused before anything is sent, then the input is validated, then the pool is asked whether the
/// actor is still an enabled admin, then the guard rails apply (the last admin keeps their own rights). Every action
/// that got past the input checks is recorded in the <see cref="AuditTrail"/> with its outcome.
/// </summary>
public sealed class UserAdministration(
    CognitoIdentityProviderClient cognito,
    AuditTrail audit,
    SessionStore sessions,
    PageTokenCodec pageTokens,
    IOptions<CognitoOptions> options,
    TimeProvider time,
    ILogger<UserAdministration> logger)
{
    private const int ParallelGroupLookups = 4;
    public const int MaxAuditPageSize = 100;

    public string AdminGroup => options.Value.AdminGroup;

    private string Pool => options.Value.UserPoolId!;

    public async Task<UserListResult> ListAsync(PortalUser viewer, UserQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (UserInput.CheckQuery(query) is { Count: > 0 } issues)
            return UserListResult.Problem(null, issues);
        string? cognitoToken = null;
        if (query.PageToken is { } token)
        {
            var decoded = pageTokens.Decode<CognitoPage>(token, query.Binding());
            if (!decoded.IsValid)
                return UserListResult.Problem(null, [ValidationIssue.Error("PageToken", decoded.Error!)]);
            cognitoToken = decoded.Position!.Token;
        }

        try
        {
            var page = await cognito.ListUsersAsync(Pool, query.Filter, query.PageSize, cognitoToken, cancellationToken);
            // ListUsers does not name groups: one AdminListGroupsForUser per row, a few at a time.
            var rows = new UserRow[page.Users.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, rows.Length),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelGroupLookups, CancellationToken = cancellationToken },
                async (i, cancel) => rows[i] = await RowAsync(page.Users[i], cancel));
            var next = page.PaginationToken is { } more ? pageTokens.Encode(new CognitoPage(more), query.Binding()) : null;
            return new UserListResult(rows, next, null, []);
        }
        catch (CognitoException e)
        {
            return UserListResult.Problem(e.Message);
        }
    }

    public Task<UserActionResult> AddToAdminsAsync(PortalUser actor, string username, CancellationToken cancellationToken = default) =>
        RunAsync(actor, UserAction.AddToAdmins, username, UserInput.CheckUsername(username), async cancel =>
        {
            await cognito.AdminAddUserToGroupAsync(Pool, username, AdminGroup, cancel);
            return $"{username} is now a member of '{AdminGroup}' (their open sessions follow within a minute).";
        }, cancellationToken);

    public Task<UserActionResult> RemoveFromAdminsAsync(PortalUser actor, string username, CancellationToken cancellationToken = default) =>
        RunAsync(actor, UserAction.RemoveFromAdmins, username, UserInput.CheckUsername(username), async cancel =>
        {
            await cognito.AdminRemoveUserFromGroupAsync(Pool, username, AdminGroup, cancel);
            return $"{username} is no longer a member of '{AdminGroup}' (their open sessions follow within a minute).";
        }, cancellationToken);

    public Task<UserActionResult> DisableAsync(PortalUser actor, string username, CancellationToken cancellationToken = default) =>
        RunAsync(actor, UserAction.Disable, username, UserInput.CheckUsername(username), async cancel =>
        {
            await cognito.AdminDisableUserAsync(Pool, username, cancel);
            return $"{username} is disabled: they cannot sign in, and their open sessions end within a minute.";
        }, cancellationToken);

    public Task<UserActionResult> EnableAsync(PortalUser actor, string username, CancellationToken cancellationToken = default) =>
        RunAsync(actor, UserAction.Enable, username, UserInput.CheckUsername(username), async cancel =>
        {
            await cognito.AdminEnableUserAsync(Pool, username, cancel);
            return $"{username} is enabled and may sign in again.";
        }, cancellationToken);

    /// <summary>Revokes the user's Cognito tokens and ends their sessions in the portal at once.</summary>
    public Task<UserActionResult> SignOutEverywhereAsync(PortalUser actor, string username, CancellationToken cancellationToken = default) =>
        RunAsync(actor, UserAction.SignOutEverywhere, username, UserInput.CheckUsername(username), async cancel =>
        {
            await cognito.AdminUserGlobalSignOutAsync(Pool, username, cancel);
            var ended = await sessions.RemoveAllForUserAsync(username, CancellationToken.None);
            return $"{username} is signed out everywhere: Cognito revoked their tokens and {ended} portal session(s) ended.";
        }, cancellationToken);

    /// <summary>Creates the user; Cognito emails a temporary password, which they change at their first sign-in.</summary>
    public Task<UserActionResult> CreateAsync(PortalUser actor, NewUser user, CancellationToken cancellationToken = default) =>
        RunAsync(actor, UserAction.Create, user.Username ?? "", UserInput.CheckNewUser(user), async cancel =>
        {
            await CreateOnceAsync(user, cancel);
            return $"Created {user.Username}: Cognito emailed a temporary password to {user.Email}; they choose their own at the first sign-in.";
        }, cancellationToken);

    /// <summary>The audit trail, newest first (everyone signed in may read it).</summary>
    public async Task<AuditPageResult> AuditAsync(PortalUser viewer, string? pageToken = null, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (pageSize is < 1 or > MaxAuditPageSize)
            return new AuditPageResult([], null, $"Show 1 to {MaxAuditPageSize} audit entries a page.");
        var binding = $"audit?size={pageSize}";
        Dictionary<string, AttributeValue>? after = null;
        if (pageToken is not null)
        {
            var decoded = pageTokens.Decode(pageToken, binding);
            if (!decoded.IsValid)
                return new AuditPageResult([], null, decoded.Error);
            after = decoded.StartKey;
        }

        var (entries, last) = await audit.PageAsync(pageSize, after, cancellationToken);
        return new AuditPageResult(entries, last is null ? null : pageTokens.Encode(last, binding), null);
    }

    private async Task<UserRow> RowAsync(PoolUser user, CancellationToken cancellationToken)
    {
        try
        {
            var groups = await cognito.AdminListGroupsForUserAsync(Pool, user.Username, cancellationToken);
            return new UserRow(user, groups, groups.Contains(AdminGroup, StringComparer.Ordinal));
        }
        catch (CognitoException e) when (e.Kind == CognitoErrorKind.UserNotFound)
        {
            return new UserRow(user, [], false); // deleted since ListUsers answered
        }
    }

    private async Task<UserActionResult> RunAsync(
        PortalUser actor, UserAction action, string target, IReadOnlyList<ValidationIssue> issues,
        Func<CancellationToken, Task<string>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
            return await FinishAsync(actor, action, target, ActionOutcome.Refused, $"Only members of '{AdminGroup}' may {Describe(action, target)}.");
        if (issues.Count > 0)
            return new UserActionResult(ActionOutcome.Invalid, issues[0].Message, issues);
        try
        {
            if (await RefusalAsync(actor, action, target, cancellationToken) is { } refusal)
                return await FinishAsync(actor, action, target, ActionOutcome.Refused, refusal);
            return await FinishAsync(actor, action, target, ActionOutcome.Succeeded, await change(cancellationToken));
        }
        catch (CognitoException e)
        {
            return await FinishAsync(actor, action, target, ActionOutcome.Failed, e.Message, e.Code);
        }
    }

    /// <summary>Why the actor may not do this now, or null. The pool, not the caller's claims, decides whether they are
    /// still an enabled admin; and the last enabled admin may neither leave the group nor disable themselves.</summary>
    private async Task<string?> RefusalAsync(PortalUser actor, UserAction action, string target, CancellationToken cancellationToken)
    {
        var standing = await UserStanding.ReadAsync(cognito, Pool, actor.Username, cancellationToken);
        if (!standing.IsActiveMemberOf(AdminGroup))
            return $"You are no longer an enabled member of '{AdminGroup}' in the user pool, so you may not {Describe(action, target)}.";
        if (target == actor.Username && action is UserAction.RemoveFromAdmins or UserAction.Disable)
        {
            var admins = await cognito.ListUsersInGroupAsync(Pool, AdminGroup, cancellationToken);
            if (admins.Count(a => a.Enabled) <= 1)
                return $"You are the last admin: make another user an admin before you {Describe(action, "yourself")}.";
        }

        return null;
    }

    /// <summary>Sent once; when the answer was lost the user may exist anyway, and is adopted when it is the one asked for.</summary>
    private async Task CreateOnceAsync(NewUser user, CancellationToken cancellationToken)
    {
        try
        {
            await cognito.AdminCreateUserAsync(Pool, user.Username, user.Email, cancellationToken);
        }
        catch (CognitoException e) when (e.Kind == CognitoErrorKind.Unavailable)
        {
            if (!await WasCreatedAsync(user, cancellationToken))
                throw;
            logger.LogWarning(e, "AdminCreateUser for {Username} lost its answer; the user exists as asked, so it is adopted", user.Username);
        }
    }

    private async Task<bool> WasCreatedAsync(NewUser user, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await cognito.AdminGetUserAsync(Pool, user.Username, cancellationToken);
            return existing.Status == PoolUserStatus.ForceChangePassword && string.Equals(existing.Email, user.Email, StringComparison.OrdinalIgnoreCase);
        }
        catch (CognitoException)
        {
            return false;
        }
    }

    /// <summary>Audits the outcome (also when the caller has gone: the change happened) and answers it.</summary>
    private async Task<UserActionResult> FinishAsync(
        PortalUser actor, UserAction action, string target, ActionOutcome outcome, string message, string? errorCode = null)
    {
        try
        {
            await audit.RecordAsync(new AuditEntry(time.GetUtcNow(), actor.Username, action, target, outcome, message, errorCode), CancellationToken.None);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException)
        {
            logger.LogError(e, "The audit entry for {Action} of {Target} by {Actor} ({Outcome}) could not be written", action, target, actor.Username, outcome);
            message += " The audit trail could not record this: tell whoever runs the portal.";
        }

        return new UserActionResult(outcome, message, [], errorCode);
    }

    private static string Describe(UserAction action, string target) => action switch
    {
        UserAction.AddToAdmins => $"make {target} an admin",
        UserAction.RemoveFromAdmins => $"remove {target} from the admins",
        UserAction.Disable => $"disable {target}",
        UserAction.Enable => $"enable {target}",
        UserAction.SignOutEverywhere => $"sign {target} out everywhere",
        _ => $"create the user {target}",
    };

    /// <summary>What a Users page token carries: Cognito's PaginationToken.</summary>
    private sealed record CognitoPage(string Token);
}
