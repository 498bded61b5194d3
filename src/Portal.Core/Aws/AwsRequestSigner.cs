using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Portal.Core.Aws;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with AWS Signature Version 4 using AWSSDK.Core's own
/// <see cref="AWS4Signer"/>: the request is mirrored into an SDK <see cref="DefaultRequest"/>, signed
/// there, and the headers the signer adds are copied back. No signing math lives in this project.
/// </summary>
public sealed class AwsRequestSigner
{
    private const string SecurityTokenHeader = "X-Amz-Security-Token";

    private readonly AWSCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly SigningClientConfig _config;
    private readonly AWS4Signer _signer = new();

    public AwsRequestSigner(AWSCredentials credentials, string service, string region, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrWhiteSpace(service))
            throw new ArgumentException("Give the AWS signing name of the service, e.g. 'sns' or 'secretsmanager'.", nameof(service));
        AwsRegion.Validate(region);
        _credentials = credentials;
        _time = time ?? TimeProvider.System;
        Service = service;
        Region = region;
        _config = new SigningClientConfig(service, region);
    }

    public string Service { get; }

    public string Region { get; }

    /// <summary>Adds Authorization, X-Amz-Date, X-Amz-Content-SHA256 (and X-Amz-Security-Token for session credentials).</summary>
    public async Task SignAsync(HttpRequestMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var uri = message.RequestUri;
        // The signed clients POST their parameters in the body; a query string would need canonicalising too.
        if (uri is null || !uri.IsAbsoluteUri || uri.Query.Length > 0)
            throw new ArgumentException("The request needs an absolute URI without a query string before it can be signed.", nameof(message));

        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException("The AWS credentials provider returned no credentials.");
        var body = message.Content is null
            ? []
            : await message.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        using var sdkRequest = new DefaultRequest(new SignedHttpRequest(), Service)
        {
            HttpMethod = message.Method.Method,
            Endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority)),
            ResourcePath = Uri.UnescapeDataString(uri.AbsolutePath),
            Content = body,
            AuthenticationRegion = Region,
            OverrideSigningServiceName = Service,
        };
        CopyHeaders(message, sdkRequest.Headers);
        // The SDK's pipeline adds the session token before signing so the signature covers it; so do we.
        if (credentials.UseToken)
            sdkRequest.Headers[SecurityTokenHeader] = credentials.Token;

        var signedAt = _time.GetUtcNow().UtcDateTime;
        var result = _signer.SignRequest(sdkRequest, _config, null, credentials.AccessKey, credentials.SecretKey, signedAt);
        sdkRequest.Headers["Authorization"] = result.ForAuthorizationHeader;

        foreach (var (name, value) in sdkRequest.Headers.Where(header => !IsCarriedByHttpClient(header.Key)))
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static void CopyHeaders(HttpRequestMessage message, IDictionary<string, string> target)
    {
        foreach (var header in message.Headers.Where(header => !header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            target[header.Key] = string.Join(",", header.Value);

        // Content-Type is signed because AWS services read it; Content-Length is left to HttpClient.
        if (message.Content?.Headers.ContentType is MediaTypeHeaderValue contentType)
            target["Content-Type"] = contentType.ToString();
    }

    private static bool IsCarriedByHttpClient(string header) =>
        header.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

    /// <summary>The SDK request type needs an originating request object; ours carries nothing.</summary>
    private sealed class SignedHttpRequest : AmazonWebServiceRequest;
}
