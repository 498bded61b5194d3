namespace Portal.Core.Tokens;

/// <summary>
/// A token the endpoint issued. The token itself is only in <see cref="AccessToken"/>, which
/// goes to S3 and nowhere else; ToString shows the fingerprint.
/// </summary>
public sealed class AccessTokenGrant(string accessToken, string tokenType, DateTimeOffset fetchedAt, TimeSpan expiresIn, string? scope)
{
    public string AccessToken { get; } = accessToken;
    public string TokenType { get; } = tokenType;
    public DateTimeOffset FetchedAt { get; } = fetchedAt;
    public TimeSpan ExpiresIn { get; } = expiresIn;
    public DateTimeOffset ExpiresAt => FetchedAt + ExpiresIn;
    public string? Scope { get; } = scope;
    public TokenFingerprint Fingerprint { get; } = TokenFingerprint.Of(accessToken);

    public override string ToString() =>
        $"{TokenType} token {Fingerprint}, expires {ExpiresAt:u}, scope '{Scope}'";
}
