using System.Collections.Concurrent;
using System.Net;
using System.Web;
using Amazon.Runtime;

namespace Portal.Core.Tests.Vpcs;

/// <summary>What happens to the first call of the chosen action.</summary>
public enum Ec2Fault
{
    /// <summary>The request reaches EC2, EC2 acts, and the answer is lost on the way back (a reset connection).</summary>
    AnswerLost,

    /// <summary>EC2 refuses before acting: 503 RequestLimitExceeded, as EC2 throttles.</summary>
    Throttled,
}

/// <summary>
/// A <see cref="HttpClientFactory"/> for <see cref="ClientConfig.HttpClientFactory"/>: every HttpClient it makes has a
/// handler in the SDK client's HTTP pipeline that breaks the first call of one action, and counts the calls of each.
/// </summary>
public sealed class Ec2CallFaults(string action, Ec2Fault fault) : HttpClientFactory
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly string _action = action;
    private readonly Ec2Fault _fault = fault;
    private int _faults;

    /// <summary>How many calls were broken (1 once the action was called).</summary>
    public int Faults => Volatile.Read(ref _faults);

    /// <summary>How many calls of <paramref name="name"/> left the SDK client, the broken one included.</summary>
    public int Calls(string name) => _calls.GetValueOrDefault(name);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this) { InnerHandler = new SocketsHttpHandler() });

    // Each client gets its own HttpClient over this handler, never one the SDK cached for another test.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class Handler(Ec2CallFaults owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var called = HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(cancellationToken))["Action"] ?? "";
            var first = owner._calls.AddOrUpdate(called, 1, (_, n) => n + 1) == 1;
            if (called != owner._action || !first)
                return await base.SendAsync(request, cancellationToken);

            Interlocked.Increment(ref owner._faults);
            if (owner._fault == Ec2Fault.Throttled)
            {
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent(
                        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>t-1</RequestID></Response>"),
                };
            }

            // EC2 has answered (so it acted); the answer never arrives.
            (await base.SendAsync(request, cancellationToken)).Dispose();
            throw new HttpRequestException("The connection was reset before the answer arrived.", new IOException("Connection reset by peer"));
        }
    }
}
