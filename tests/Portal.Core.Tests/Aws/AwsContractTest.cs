using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

/// <summary>Per-test loopback server, auto-advancing clock and the signed clients' HttpClient (resilience handler, signing).</summary>
public abstract class AwsContractTest : IDisposable
{
    protected LoopbackAwsServer Server { get; } = new();

    protected AutoAdvancingClock Clock { get; } = new();

    protected HttpClient Http { get; } = SignedAwsTransport.CreateHttpClient(new AwsRetryOptions());

    protected AwsClientOptions Options(bool withSessionToken = false) =>
        TestCredentials.OptionsFor(Server, Clock, withSessionToken);

    public void Dispose()
    {
        Http.Dispose();
        Server.Dispose();
        GC.SuppressFinalize(this);
    }
}
