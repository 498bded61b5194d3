using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Portal.Core.Aws;

namespace Portal.Core.Users;

/// <summary>
/// Signed Cognito Identity Provider client (JSON 1.1, target prefix AWSCognitoIdentityProviderService, signing name
/// cognito-idp) for the admin actions the Users feature needs. Every Cognito error arrives as a
/// <see cref="CognitoException"/> whose message says what to change.
/// </summary>
public sealed class CognitoIdentityProviderClient
{
    /// <summary>Cognito's largest page for ListUsers, ListUsersInGroup and AdminListGroupsForUser.</summary>
    public const int MaxPageSize = 60;

    private readonly AwsJsonClient _json;

    public CognitoIdentityProviderClient(HttpClient http, AwsClientOptions options)
    {
        _json = new AwsJsonClient(http, options, "cognito-idp", "AWSCognitoIdentityProviderService");
    }

    public Uri Endpoint => _json.Endpoint;

    /// <summary>A ListUsers filter matching users whose <paramref name="attribute"/> starts with <paramref name="prefix"/>.</summary>
    public static string PrefixFilter(string attribute, string prefix) =>
        $"{attribute} ^= \"{prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    public async Task<PoolUserPage> ListUsersAsync(
        string userPoolId, string? filter, int limit, string? paginationToken, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject { ["UserPoolId"] = userPoolId, ["Limit"] = limit };
        if (!string.IsNullOrEmpty(filter))
            request["Filter"] = filter;
        if (paginationToken is not null)
            request["PaginationToken"] = paginationToken;
        var answer = await SendAsync("ListUsers", request, new CognitoCall("ListUsers", userPoolId), cancellationToken);
        return new PoolUserPage(Users(answer, "Users"), Text(answer, "PaginationToken"));
    }

    public async Task<PoolUser> AdminGetUserAsync(string userPoolId, string username, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync("AdminGetUser", UserRequest(userPoolId, username),
            new CognitoCall("AdminGetUser", userPoolId, username), cancellationToken);
        return PoolUser.Read(answer);
    }

    /// <summary>The names of every group the user is in (all pages).</summary>
    public async Task<IReadOnlyList<string>> AdminListGroupsForUserAsync(string userPoolId, string username, CancellationToken cancellationToken = default)
    {
        var call = new CognitoCall("AdminListGroupsForUser", userPoolId, username);
        var groups = new List<string>();
        await foreach (var page in PagesAsync(call, UserRequest(userPoolId, username), cancellationToken))
            groups.AddRange(page.GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("GroupName").GetString()!));
        return groups;
    }

    /// <summary>Every member of the group (all pages).</summary>
    public async Task<IReadOnlyList<PoolUser>> ListUsersInGroupAsync(string userPoolId, string group, CancellationToken cancellationToken = default)
    {
        var call = new CognitoCall("ListUsersInGroup", userPoolId, Group: group);
        var users = new List<PoolUser>();
        await foreach (var page in PagesAsync(call, new JsonObject { ["UserPoolId"] = userPoolId, ["GroupName"] = group }, cancellationToken))
            users.AddRange(Users(page, "Users"));
        return users;
    }

    // Membership, enabled state and sign-out set a state, so repeating one after a lost answer is harmless.
    public Task AdminAddUserToGroupAsync(string userPoolId, string username, string group, CancellationToken cancellationToken = default) =>
        SendAsync("AdminAddUserToGroup", GroupRequest(userPoolId, username, group),
            new CognitoCall("AdminAddUserToGroup", userPoolId, username, group), cancellationToken);

    public Task AdminRemoveUserFromGroupAsync(string userPoolId, string username, string group, CancellationToken cancellationToken = default) =>
        SendAsync("AdminRemoveUserFromGroup", GroupRequest(userPoolId, username, group),
            new CognitoCall("AdminRemoveUserFromGroup", userPoolId, username, group), cancellationToken);

    public Task AdminDisableUserAsync(string userPoolId, string username, CancellationToken cancellationToken = default) =>
        UserActionAsync("AdminDisableUser", userPoolId, username, cancellationToken);

    public Task AdminEnableUserAsync(string userPoolId, string username, CancellationToken cancellationToken = default) =>
        UserActionAsync("AdminEnableUser", userPoolId, username, cancellationToken);

    public Task AdminUserGlobalSignOutAsync(string userPoolId, string username, CancellationToken cancellationToken = default) =>
        UserActionAsync("AdminUserGlobalSignOut", userPoolId, username, cancellationToken);

    /// <summary>Creates a user with a verified email; Cognito makes a temporary password and emails it. Sent once: a
    /// repeat after a lost answer would fail as UsernameExistsException although the first one worked.</summary>
    public async Task<PoolUser> AdminCreateUserAsync(string userPoolId, string username, string email, CancellationToken cancellationToken = default)
    {
        var request = UserRequest(userPoolId, username);
        request["UserAttributes"] = new JsonArray(
            new JsonObject { ["Name"] = "email", ["Value"] = email },
            new JsonObject { ["Name"] = "email_verified", ["Value"] = "true" });
        request["DesiredDeliveryMediums"] = new JsonArray("EMAIL");
        var answer = await SendAsync("AdminCreateUser", request, new CognitoCall("AdminCreateUser", userPoolId, username, Email: email),
            cancellationToken, idempotent: false);
        return PoolUser.Read(answer.GetProperty("User"));
    }

    private Task UserActionAsync(string action, string userPoolId, string username, CancellationToken cancellationToken) =>
        SendAsync(action, UserRequest(userPoolId, username), new CognitoCall(action, userPoolId, username), cancellationToken);

    private async IAsyncEnumerable<JsonElement> PagesAsync(
        CognitoCall call, JsonObject request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request["Limit"] = MaxPageSize;
        string? next;
        do
        {
            var page = await SendAsync(call.Action, request, call, cancellationToken);
            yield return page;
            next = Text(page, "NextToken");
            request["NextToken"] = next;
        }
        while (next is not null);
    }

    private async Task<JsonElement> SendAsync(
        string action, JsonObject request, CognitoCall call, CancellationToken cancellationToken, bool idempotent = true)
    {
        try
        {
            return await _json.SendAsync(action, request, cancellationToken, idempotent).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw CognitoException.From(e, call);
        }
        catch (HttpRequestException e)
        {
            throw CognitoException.Unreachable(e, call);
        }
    }

    private static JsonObject UserRequest(string userPoolId, string username) =>
        new() { ["UserPoolId"] = userPoolId, ["Username"] = username };

    private static JsonObject GroupRequest(string userPoolId, string username, string group) =>
        new() { ["UserPoolId"] = userPoolId, ["Username"] = username, ["GroupName"] = group };

    private static List<PoolUser> Users(JsonElement answer, string property) =>
        answer.TryGetProperty(property, out var users) ? users.EnumerateArray().Select(PoolUser.Read).ToList() : [];

    private static string? Text(JsonElement answer, string property) =>
        answer.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
