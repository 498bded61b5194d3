namespace Portal.Core.Aws;

/// <summary>
/// Sends one AWS call: builds a fresh request per attempt (each attempt is signed with its own
/// X-Amz-Date), retries per <see cref="AwsRetryPolicy"/>, and turns error answers into <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class SignedAwsTransport
{
    private readonly HttpClient _http;
    private readonly AwsRequestSigner _signer;
    private readonly AwsRetryPolicy _retry;

    public SignedAwsTransport(HttpClient http, AwsClientOptions options, string signingName, string endpointPrefix)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _signer = new AwsRequestSigner(options.Credentials, signingName, options.Region, options.Time);
        _retry = new AwsRetryPolicy(options.Retry, options.Time);
        Endpoint = options.EndpointFor(endpointPrefix);
    }

    public Uri Endpoint { get; }

    public string Service => _signer.Service;

    public Task<string> SendAsync(
        Func<HttpRequestMessage> buildRequest,
        Func<HttpResponseMessage, string, AwsServiceException> readError,
        CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(async ct =>
        {
            using var request = buildRequest();
            await _signer.SignAsync(request, ct).ConfigureAwait(false);
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw readError(response, body);
            }

            return body;
        }, cancellationToken);

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
