namespace Portal.Circuits;

/// <summary><c>Portal:Circuits</c>: how an open page (a Blazor circuit) keeps up with its session.</summary>
public sealed class PortalCircuitOptions
{
    public const string Section = "Portal:Circuits";

    /// <summary>How often a circuit re-reads its session (one DynamoDB read; the user pool is asked at most once a
    /// minute, <see cref="Core.Users.SessionRevalidation.Interval"/>). A sign-out elsewhere ends the page within this.</summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(15);
}
