using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Portal.Core.Aws;

/// <summary>
/// The one transport of the signed clients (services whose SDK package is not served here): POSTs a body to the
/// service endpoint and turns an error answer into an <see cref="AmazonServiceException"/>. Its HttpClient comes
/// from <see cref="AddSignedAwsHttpClient"/>: the standard resilience handler retries, and a signing handler inside
/// it signs every attempt afresh (its own X-Amz-Date), so a retry never carries a stale signature.
/// </summary>
public sealed class SignedAwsTransport
{
    public const string HttpClientName = "aws-signed";

    private static readonly HttpRequestOptionsKey<AwsRequestSigner> Signer = new("Portal.Aws.Signer");

    // A call that is not idempotent (SNS Publish): after an ambiguous failure (5xx, timeout, connection lost) the
    // service may have acted, so it is sent once; only a 429, a refusal before acting, is retried.
    private static readonly HttpRequestOptionsKey<bool> SendOnce = new("Portal.Aws.SendOnce");

    private readonly HttpClient _http;
    private readonly AwsRequestSigner _signer;

    public SignedAwsTransport(HttpClient http, AwsClientOptions options, string signingName)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _signer = new AwsRequestSigner(options.Credentials, signingName, options.Region, options.Time);
        Endpoint = options.EndpointFor(signingName);
    }

    public Uri Endpoint { get; }

    public string Service => _signer.Service;

    public async Task<string> SendAsync(
        HttpContent content,
        bool sendOnce,
        Func<HttpResponseMessage, string, AmazonServiceException> readError,
        CancellationToken cancellationToken,
        string? target = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        if (target is not null)
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Options.Set(Signer, _signer);
        request.Options.Set(SendOnce, sendOnce);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!request.Headers.Contains("Authorization"))
                throw new InvalidOperationException($"The HttpClient given to the {Service} client does not sign; create it with {nameof(AddSignedAwsHttpClient)}.");
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? body : throw readError(response, body);
        }
        catch (ExecutionRejectedException e)
        {
            // The resilience handler's timeout or open circuit: to callers, like any unreachable endpoint.
            throw new HttpRequestException($"{Service} at {Endpoint} did not answer: {e.Message}", e);
        }
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>Registers the signed clients' HttpClient: standard resilience handler sized by <c>Portal:Aws:Retry</c>, signing inside it.</summary>
    public static IHttpClientBuilder AddSignedAwsHttpClient(IServiceCollection services, Func<IServiceProvider, AwsRetryOptions> retry)
    {
        var builder = services.AddHttpClient(HttpClientName);
        builder.AddStandardResilienceHandler().Configure((options, sp) => Configure(options, retry(sp)));
        return builder.AddHttpMessageHandler(() => new SigningHandler());
    }

    /// <summary>The same HttpClient outside dependency injection (start-up configuration, tests); its small
    /// service provider lives as long as the client.</summary>
    public static HttpClient CreateHttpClient(AwsRetryOptions retry)
    {
        var services = new ServiceCollection();
        AddSignedAwsHttpClient(services, _ => retry);
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
    }

    private static void Configure(HttpStandardResilienceOptions options, AwsRetryOptions retry)
    {
        options.Retry.MaxRetryAttempts = Math.Max(1, retry.MaxErrorRetry);
        options.Retry.ShouldHandle = args => ValueTask.FromResult(retry.MaxErrorRetry > 0 && ShouldRetry(args.Outcome, args.Context));
        options.AttemptTimeout.Timeout = retry.Timeout;
        // The handler's own rules: the total bound above every attempt and its backoff, sampling at least two attempts long.
        options.TotalRequestTimeout.Timeout = retry.Timeout * (retry.MaxErrorRetry + 1) + TimeSpan.FromSeconds(30);
        options.CircuitBreaker.SamplingDuration = retry.Timeout * 2 > options.CircuitBreaker.SamplingDuration
            ? retry.Timeout * 2
            : options.CircuitBreaker.SamplingDuration;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(SendOnce, out var once) == true && once
            ? outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
            : HttpClientResiliencePredicates.IsTransient(outcome);

    private sealed class SigningHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Options.TryGetValue(Signer, out var signer))
                await signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
