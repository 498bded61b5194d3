using System.Text.Json.Nodes;

namespace Portal.Core.Aws;

/// <summary>The current value of a secret. The SecretString is sensitive: never log or render it.</summary>
public sealed record SecretValue(string Arn, string Name, string VersionId, string SecretString)
{
    // Keep the secret out of logs that print records.
    public override string ToString() => $"SecretValue {{ Arn = {Arn}, Name = {Name}, VersionId = {VersionId} }}";
}

/// <summary>Signed Secrets Manager client (JSON 1.1, target prefix secretsmanager).</summary>
public sealed class SecretsManagerClient
{
    private readonly AwsJsonClient _json;

    public SecretsManagerClient(HttpClient http, AwsClientOptions options)
    {
        _json = new AwsJsonClient(http, options, "secretsmanager", "secretsmanager");
    }

    public Uri Endpoint => _json.Endpoint;

    /// <summary>
    /// Reads the AWSCURRENT version of a secret by ARN or name. ResourceNotFoundException and
    /// AccessDeniedException arrive as an <see cref="Amazon.Runtime.AmazonServiceException"/> with that ErrorCode.
    /// </summary>
    public async Task<SecretValue> GetSecretValueAsync(string secretId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(secretId))
        {
            throw new ArgumentException("Give the secret's ARN (preferred) or name.", nameof(secretId));
        }

        var response = await _json.SendAsync("GetSecretValue", new JsonObject { ["SecretId"] = secretId }, cancellationToken)
            .ConfigureAwait(false);
        if (!response.TryGetProperty("SecretString", out var secretString) || secretString.GetString() is not { } text)
        {
            throw new InvalidOperationException(
                $"Secret '{secretId}' has no SecretString (it holds binary data); store the credentials as a JSON SecretString.");
        }

        return new SecretValue(
            response.GetProperty("ARN").GetString() ?? secretId,
            response.GetProperty("Name").GetString() ?? secretId,
            response.TryGetProperty("VersionId", out var version) ? version.GetString() ?? string.Empty : string.Empty,
            text);
    }
}
