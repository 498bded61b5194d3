using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

/// <summary>The token endpoint's HttpClient as the portal registers it: the framework's standard resilience
/// handler retries a transient failure, so one 503 from the endpoint does not fail the hourly run.</summary>
public sealed class TokenEndpointResilienceTests
{
    private static async Task<TokenFetchResult> RequestAsync(LoopbackTokenServer endpoint, string secret = "token-job-secret")
    {
        var stack = await LocalStack.Shared;
        await using var services = stack.Services((s, c) =>
        {
            s.AddNotifications(c);
            s.AddTokenRefresh(c);
        });
        return await services.GetRequiredService<TokenEndpointClient>().RequestTokenAsync(
            new ClientCredentialsRequest(endpoint.TokenEndpoint, "token-job", secret) { Timeout = TimeSpan.FromSeconds(20) });
    }

    [Fact]
    public async Task A_transient_503_is_retried_and_the_run_gets_its_token()
    {
        var answers = 0;
        await using var endpoint = new LoopbackTokenServer(_ => Interlocked.Increment(ref answers) == 1
            ? new CannedResponse(503, """{"error":"temporarily_unavailable"}""")
            : new CannedResponse(200, """{"access_token":"t-1","token_type":"Bearer","expires_in":3600}"""));

        var result = await RequestAsync(endpoint);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(2, endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_lasting_503_is_reported_with_the_endpoints_answer_after_two_retries()
    {
        await using var endpoint = new LoopbackTokenServer(new CannedResponse(503, """{"error":"temporarily_unavailable"}"""));

        var result = await RequestAsync(endpoint);

        Assert.False(result.Succeeded);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal(3, endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_refused_client_is_not_retried()
    {
        await using var endpoint = new LoopbackTokenServer(new CannedResponse(401, """{"error":"invalid_client"}"""));

        var result = await RequestAsync(endpoint, secret: "wrong");

        Assert.False(result.Succeeded);
        Assert.Single(endpoint.Requests);
    }
}
