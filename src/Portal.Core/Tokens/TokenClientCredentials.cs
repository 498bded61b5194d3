using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Tokens;

/// <summary>Client id and secret for the token endpoint. A class, not a record, so ToString cannot print the secret.</summary>
public sealed class TokenClientCredentials(string clientId, string clientSecret)
{
    public string ClientId { get; } = clientId;
    public string ClientSecret { get; } = clientSecret;

    public override string ToString() => $"client {ClientId} (secret redacted)";
}

/// <summary>The credentials could not be read; the message says what to fix and never holds the secret.</summary>
public sealed class TokenCredentialsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Where the job's client credentials come from: configuration on the local stack, Secrets Manager by ARN
/// in AWS (the secret's JSON holds <c>client_id</c> and <c>client_secret</c>).
/// </summary>
public sealed class TokenCredentialSource(
    IOptions<TokenRefreshOptions> options, IOptions<PortalOptions> portal, Func<SecretsManagerClient> secretsManager)
{
    public async Task<TokenClientCredentials> ReadAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (portal.Value.Mode == PortalMode.Local)
            return new TokenClientCredentials(settings.ClientId!, settings.ClientSecret!);

        SecretValue secret;
        try
        {
            secret = await secretsManager().GetSecretValueAsync(settings.SecretArn!, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw new TokenCredentialsException(
                $"Secrets Manager GetSecretValue for {settings.SecretArn} failed: {ex.ErrorCode} (HTTP {(int)ex.StatusCode}); check the ARN and the task role's secretsmanager:GetSecretValue permission", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TokenCredentialsException($"could not reach Secrets Manager for {settings.SecretArn}: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new TokenCredentialsException(ex.Message, ex);
        }
        return Parse(secret.SecretString, settings.SecretArn!, settings.ClientId);
    }

    /// <summary>Reads <c>{"client_id": "...", "client_secret": "..."}</c>; client_id may be left out when configured.
    /// Errors describe the shape, never the content.</summary>
    public static TokenClientCredentials Parse(string secretString, string secretArn, string? configuredClientId)
    {
        const string shape = """store {"client_id": "...", "client_secret": "..."} as the secret's SecretString""";
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(secretString);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new TokenCredentialsException($"secret {secretArn} is not JSON; {shape}");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new TokenCredentialsException($"secret {secretArn} holds JSON {root.ValueKind}, not an object; {shape}");

        var clientSecret = Text(root, "client_secret");
        if (string.IsNullOrEmpty(clientSecret))
            throw new TokenCredentialsException($"secret {secretArn} has no string client_secret; {shape}");
        var clientId = Text(root, "client_id") ?? configuredClientId;
        if (string.IsNullOrWhiteSpace(clientId))
            throw new TokenCredentialsException($"secret {secretArn} has no client_id and {TokenRefreshOptions.SectionName}:ClientId is not set; {shape}");
        return new TokenClientCredentials(clientId, clientSecret);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
