using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Core.Aws;

/// <summary>
/// AWS JSON 1.1 protocol (Secrets Manager, Cognito Identity Provider) and 1.0 (DynamoDB Streams): a signed POST with the
/// operation named in X-Amz-Target and a JSON body; errors carry <c>__type</c>.
/// </summary>
public sealed class AwsJsonClient
{
    private readonly string _contentType;
    private readonly SignedAwsTransport _transport;
    private readonly string _targetPrefix;

    /// <param name="signingName">SigV4 service name and endpoint prefix, e.g. "secretsmanager".</param>
    /// <param name="targetPrefix">X-Amz-Target prefix, e.g. "secretsmanager" or "AWSCognitoIdentityProviderService".</param>
    /// <param name="jsonVersion">"1.1" or "1.0", as the service's protocol says.</param>
    public AwsJsonClient(HttpClient http, AwsClientOptions options, string signingName, string targetPrefix, string jsonVersion = "1.1")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPrefix);
        _contentType = $"application/x-amz-json-{jsonVersion}";
        _transport = new SignedAwsTransport(http, options, signingName);
        _targetPrefix = targetPrefix;
    }

    public Uri Endpoint => _transport.Endpoint;

    /// <param name="idempotent">False for a call that must not be repeated after an ambiguous failure.</param>
    public async Task<JsonElement> SendAsync(string operation, JsonObject request, CancellationToken cancellationToken = default, bool idempotent = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(request);
        var content = new StringContent(request.ToJsonString());
        // AWS expects the bare media type; StringContent would add "; charset=utf-8".
        content.Headers.ContentType = new MediaTypeHeaderValue(_contentType);
        var json = await _transport.SendAsync(
            content,
            sendOnce: !idempotent,
            (response, text) => AwsErrorResponse.FromJson(
                response.StatusCode,
                text,
                SignedAwsTransport.Header(response, "X-Amzn-ErrorType"),
                SignedAwsTransport.Header(response, "x-amzn-RequestId")),
            cancellationToken,
            target: $"{_targetPrefix}.{operation}").ConfigureAwait(false);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        return document.RootElement.Clone();
    }
}
