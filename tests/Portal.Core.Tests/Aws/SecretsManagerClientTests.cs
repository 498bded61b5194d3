using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class SecretsManagerClientTests : AwsContractTest
{
    private const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:portal/oauth-client-a1b2c3";

    private SecretsManagerClient Client() => new(Http, Options());

    [Fact]
    public async Task GetSecretValue_sends_target_and_secret_id_and_reads_the_secret_string()
    {
        Server.Enqueue(LoopbackResponse.Json(
            $$"""
            {"ARN":"{{SecretArn}}","CreatedDate":1.523477145713E9,"Name":"portal/oauth-client",
             "SecretString":"{\"client_id\":\"abc\",\"client_secret\":\"s3cr3t\"}",
             "VersionId":"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1","VersionStages":["AWSCURRENT"]}
            """));

        var secret = await Client().GetSecretValueAsync(SecretArn);

        var request = Server.SingleRequest;
        Assert.Equal("secretsmanager.GetSecretValue", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal(SecretArn, body.RootElement.GetProperty("SecretId").GetString());
        }

        Assert.Equal(new SecretValue(SecretArn, "portal/oauth-client", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1",
            """{"client_id":"abc","client_secret":"s3cr3t"}"""), secret);
        Assert.DoesNotContain("s3cr3t", secret.ToString(), StringComparison.Ordinal);
        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "secretsmanager");
    }

    [Theory]
    [InlineData("com.amazonaws.secretsmanager#ResourceNotFoundException", "ResourceNotFoundException")]
    [InlineData("AccessDeniedException", "AccessDeniedException")]
    public async Task Client_errors_are_typed_and_not_retried(string type, string code)
    {
        Server.Enqueue(LoopbackResponse.Json(
            $$"""{"__type":"{{type}}","Message":"Secrets Manager can't find the specified secret."}""", 400,
            new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-sm-1" }));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => Client().GetSecretValueAsync(SecretArn));

        Assert.Equal((code, "Secrets Manager can't find the specified secret.", "req-sm-1", HttpStatusCode.BadRequest),
            (error.ErrorCode, error.Message, error.RequestId, error.StatusCode));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_server_error_is_retried_by_the_resilience_handler_and_each_attempt_is_signed()
    {
        var answer = $$"""{"ARN":"{{SecretArn}}","Name":"portal/oauth-client","SecretString":"x","VersionId":"v1"}""";
        Server.Enqueue(LoopbackResponse.Json("""{"__type":"InternalServiceError"}""", 500), LoopbackResponse.Json(answer));

        var secret = await Client().GetSecretValueAsync(SecretArn);

        Assert.Equal("x", secret.SecretString);
        Assert.Equal(2, Server.Requests.Count);
        Assert.All(Server.Requests, r => SigV4WireCheck.AssertSigned(r, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "secretsmanager"));
    }

    [Fact]
    public async Task An_attempt_over_the_timeout_is_reported_as_an_unreachable_endpoint()
    {
        using var slow = new LoopbackAwsServer(async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            return LoopbackResponse.Json("{}");
        });
        using var http = SignedAwsTransport.CreateHttpClient(new AwsRetryOptions { MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => new SecretsManagerClient(http, Options() with { Endpoint = slow.Endpoint }).GetSecretValueAsync(SecretArn));

        Assert.StartsWith($"secretsmanager at {slow.Endpoint} did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_client_without_the_signing_handler_is_refused()
    {
        Server.Enqueue(LoopbackResponse.Json("{}", 403));
        using var plain = new HttpClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SecretsManagerClient(plain, Options()).GetSecretValueAsync(SecretArn));

        Assert.Contains(nameof(SignedAwsTransport.AddSignedAwsHttpClient), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_only_secret_gets_a_clear_error()
    {
        Server.Enqueue(LoopbackResponse.Json(
            $$"""{"ARN":"{{SecretArn}}","Name":"portal/oauth-client","SecretBinary":"AAEC","VersionId":"v1"}"""));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Client().GetSecretValueAsync(SecretArn));

        Assert.Contains("SecretString", error.Message, StringComparison.Ordinal);
    }
}
