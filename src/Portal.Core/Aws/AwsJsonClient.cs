using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Core.Aws;

/// <summary>
/// AWS JSON 1.1 protocol (SSM, Secrets Manager): a signed POST to "/" with the operation named in
/// X-Amz-Target and a JSON body; errors carry <c>__type</c>.
/// </summary>
public sealed class AwsJsonClient
{
    private const string ContentType = "application/x-amz-json-1.1";

    private readonly SignedAwsTransport _transport;
    private readonly string _targetPrefix;

    /// <param name="signingName">SigV4 service name and endpoint prefix, e.g. "ssm".</param>
    /// <param name="targetPrefix">X-Amz-Target prefix, e.g. "AmazonSSM" or "secretsmanager".</param>
    public AwsJsonClient(HttpClient http, AwsClientOptions options, string signingName, string targetPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPrefix);
        _transport = new SignedAwsTransport(http, options, signingName, endpointPrefix: signingName);
        _targetPrefix = targetPrefix;
    }

    public Uri Endpoint => _transport.Endpoint;

    public async Task<JsonElement> SendAsync(string operation, JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(request);
        var body = request.ToJsonString();
        var target = $"{_targetPrefix}.{operation}";
        var json = await _transport.SendAsync(
            () => BuildRequest(target, body),
            (response, text) => AwsErrorResponse.FromJson(
                _transport.Service,
                response.StatusCode,
                text,
                SignedAwsTransport.Header(response, "X-Amzn-ErrorType"),
                SignedAwsTransport.Header(response, "x-amzn-RequestId")),
            cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        return document.RootElement.Clone();
    }

    private HttpRequestMessage BuildRequest(string target, string body)
    {
        var content = new StringContent(body);
        // AWS expects the bare media type; StringContent would add "; charset=utf-8".
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_transport.Endpoint, "/")) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return request;
    }
}
