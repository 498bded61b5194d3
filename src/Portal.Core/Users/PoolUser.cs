using System.Text.Json;

namespace Portal.Core.Users;

/// <summary>Cognito's UserStatusType.</summary>
public enum PoolUserStatus
{
    Confirmed,
    ForceChangePassword,
    Unconfirmed,
    ResetRequired,
    Compromised,
    Archived,
    ExternalProvider,
    Unknown,
}

/// <summary>A user of the pool as Cognito's UserType describes it.</summary>
public sealed record PoolUser(
    string Username, string? Email, PoolUserStatus Status, bool Enabled, DateTimeOffset Created, DateTimeOffset LastModified)
{
    /// <summary>What the Users page shows: a disabled user is "disabled" whatever the status of their password.</summary>
    public string StatusText => !Enabled ? "disabled" : Status switch
    {
        PoolUserStatus.Confirmed => "confirmed",
        PoolUserStatus.ForceChangePassword => "force-change-password",
        PoolUserStatus.ResetRequired => "reset-required",
        PoolUserStatus.Unconfirmed => "unconfirmed",
        PoolUserStatus.ExternalProvider => "external-provider",
        _ => Status.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads a UserType (ListUsers, ListUsersInGroup, AdminCreateUser: attributes in <c>Attributes</c>)
    /// or an AdminGetUser answer (<c>UserAttributes</c>).</summary>
    internal static PoolUser Read(JsonElement user)
    {
        var attributes = user.TryGetProperty("Attributes", out var a) || user.TryGetProperty("UserAttributes", out a)
            ? a.EnumerateArray().ToDictionary(x => x.GetProperty("Name").GetString()!, x => x.TryGetProperty("Value", out var v) ? v.GetString() : null)
            : [];
        return new PoolUser(
            user.GetProperty("Username").GetString()!,
            attributes.GetValueOrDefault("email"),
            StatusOf(user.TryGetProperty("UserStatus", out var s) ? s.GetString() : null),
            !user.TryGetProperty("Enabled", out var enabled) || enabled.GetBoolean(),
            Time(user, "UserCreateDate"),
            Time(user, "UserLastModifiedDate"));
    }

    private static PoolUserStatus StatusOf(string? status) => status switch
    {
        "CONFIRMED" => PoolUserStatus.Confirmed,
        "FORCE_CHANGE_PASSWORD" => PoolUserStatus.ForceChangePassword,
        "UNCONFIRMED" => PoolUserStatus.Unconfirmed,
        "RESET_REQUIRED" => PoolUserStatus.ResetRequired,
        "COMPROMISED" => PoolUserStatus.Compromised,
        "ARCHIVED" => PoolUserStatus.Archived,
        "EXTERNAL_PROVIDER" => PoolUserStatus.ExternalProvider,
        _ => PoolUserStatus.Unknown,
    };

    // The JSON protocol sends timestamps as epoch seconds with a fraction.
    private static DateTimeOffset Time(JsonElement user, string name) =>
        user.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000))
            : DateTimeOffset.MinValue;
}

/// <summary>One page of ListUsers and Cognito's token of the next (null on the last).</summary>
public sealed record PoolUserPage(IReadOnlyList<PoolUser> Users, string? PaginationToken);
