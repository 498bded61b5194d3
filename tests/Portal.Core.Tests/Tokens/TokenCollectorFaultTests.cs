using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

/// <summary>
/// Faults from a loopback token endpoint: each is a Failed run with a reason that names the fault, and
/// the token a previous good run stored stays byte for byte in S3 with its metadata.
/// </summary>
public sealed class TokenCollectorFaultTests
{
    private const string GoodToken = "good.token.from-an-earlier-run";

    public static TheoryData<string, CannedResponse, int?, string> Faults => new()
    {
        { "timeout", new CannedResponse(200, """{"access_token":"late","expires_in":3600}""", Delay: TimeSpan.FromSeconds(5)), null, "did not answer within 2 s" },
        { "500", new CannedResponse(500, "<html>Internal Server Error</html>", "text/html"), 500, "HTTP 500 InternalServerError" },
        { "401", new CannedResponse(401, """{"error":"invalid_client"}"""), 401, "invalid_client; check the client id and client secret" },
        { "invalid JSON", new CannedResponse(200, """{"access_token": "x", """), 200, "body that is not JSON" },
        { "missing expires_in", new CannedResponse(200, """{"access_token":"fresh.token","token_type":"Bearer"}"""), 200, "no expires_in" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_is_a_failed_run_with_a_clear_reason_and_the_previous_token_stays(string fault, CannedResponse answer, int? status, string reason)
    {
        var goodAnswer = true;
        await using var endpoint = new LoopbackTokenServer(_ => goodAnswer
            ? new CannedResponse(200, $$"""{"access_token":"{{GoodToken}}","token_type":"Bearer","expires_in":3600}""")
            : answer);
        await using var pipeline = await TokenPipeline.StartAsync(endpoint.TokenEndpoint);
        var good = await pipeline.Collector.RunAsync(TokenRunTrigger.Schedule, TokenRun.ScheduleActor);
        Assert.True(good.Succeeded, good.ErrorReason);
        var before = await pipeline.Store.ReadAsync();

        goodAnswer = false;
        var run = await pipeline.Collector.RunAsync(TokenRunTrigger.Manual, "admin");

        Assert.False(run.Succeeded, fault);
        Assert.Equal(TokenRunOutcome.Failed, run.Outcome);
        Assert.Equal(status, run.HttpStatus);
        Assert.Contains(reason, run.ErrorReason);
        Assert.DoesNotContain("token-job-secret", run.ErrorReason);
        Assert.Null(run.Fingerprint);

        Assert.Equal(GoodToken, await pipeline.RawTokenAsync());
        var after = await pipeline.Store.ReadAsync();
        Assert.Equal(before, after);
        Assert.Equal(good.RunId, after!.RunId);

        var history = (await pipeline.History.PageAsync(10)).Runs;
        Assert.Equal([run.RunId, good.RunId], history.Select(r => r.RunId));
        Assert.Equal(run.ErrorReason, history[0].ErrorReason);
        Assert.Equal(status, history[0].HttpStatus);
        var notices = await pipeline.Feed.RecentAsync(TokenCollector.NotificationTopic, 10);
        Assert.Equal(["Token refresh failed", "Token refresh succeeded"], notices.Select(n => n.Subject));
    }

    [Fact]
    public async Task The_endpoint_gets_basic_auth_with_the_configured_client_and_scope()
    {
        await using var endpoint = new LoopbackTokenServer(new CannedResponse(200, """{"access_token":"t","expires_in":60}"""));
        await using var pipeline = await TokenPipeline.StartAsync(endpoint.TokenEndpoint);

        await pipeline.Collector.RunAsync(TokenRunTrigger.Manual, "admin");

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String("token-job:token-job-secret"u8.ToArray()), request.Authorization);
        Assert.Equal("client_credentials", request.Form["grant_type"]);
        Assert.Equal("partner/read", request.Form["scope"]);
    }
}
