namespace Portal.Core.Tokens;

public enum TokenStatus
{
    Missing,
    Valid,
    ExpiringSoon,
    Expired,
}

/// <summary>How the stored token stands at a moment: status, how old it is, how long it has left.</summary>
public sealed record TokenState(TokenStatus Status, TimeSpan? Age, TimeSpan? TimeToExpiry)
{
    public static readonly TimeSpan DefaultExpiringSoonWindow = TimeSpan.FromMinutes(10);

    public static TokenState Missing { get; } = new(TokenStatus.Missing, null, null);

    /// <summary>
    /// Classifies a token fetched at <paramref name="fetchedAt"/> that expires at <paramref name="expiresAt"/>.
    /// Expired from the expiry instant on; ExpiringSoon while the time left is within the window
    /// (inclusive), so a refresh has a chance to land before callers see 401s.
    /// </summary>
    public static TokenState Classify(DateTimeOffset? fetchedAt, DateTimeOffset? expiresAt, DateTimeOffset now, TimeSpan? expiringSoonWindow = null)
    {
        if (expiresAt is null) return Missing;
        var window = expiringSoonWindow ?? DefaultExpiringSoonWindow;
        if (window < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(expiringSoonWindow), window, "The expiring-soon window cannot be negative.");

        var timeToExpiry = expiresAt.Value - now;
        var age = fetchedAt is null ? (TimeSpan?)null : now - fetchedAt.Value;
        var status = timeToExpiry <= TimeSpan.Zero ? TokenStatus.Expired
            : timeToExpiry <= window ? TokenStatus.ExpiringSoon
            : TokenStatus.Valid;
        return new TokenState(status, age, timeToExpiry);
    }
}
