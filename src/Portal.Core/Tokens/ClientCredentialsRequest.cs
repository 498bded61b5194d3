namespace Portal.Core.Tokens;

/// <summary>
/// What an OAuth 2.0 client-credentials request needs. A class, not a record, so that the
/// generated ToString cannot print the secret.
/// </summary>
public sealed class ClientCredentialsRequest
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public ClientCredentialsRequest(Uri tokenEndpoint, string clientId, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(tokenEndpoint);
        if (!tokenEndpoint.IsAbsoluteUri)
            throw new ArgumentException("The token endpoint must be an absolute URI.", nameof(tokenEndpoint));
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        TokenEndpoint = tokenEndpoint;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public Uri TokenEndpoint { get; }
    public string ClientId { get; }
    public string ClientSecret { get; }
    public TokenAuthMethod AuthMethod { get; init; } = TokenAuthMethod.ClientSecretBasic;

    /// <summary>Space-separated scopes, or null to let the server apply the client's default.</summary>
    public string? Scope { get; init; }

    /// <summary>Covers connecting, sending and reading the whole response.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public override string ToString() =>
        $"client_credentials for {ClientId} at {TokenEndpoint.GetLeftPart(UriPartial.Path)} ({AuthMethod}, scope '{Scope}', secret redacted)";
}
