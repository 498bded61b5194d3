using System.Net;
using System.Text.Json;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class SsmClientTests : AwsContractTest
{
    private SsmClient Client(bool withSessionToken = false) => new(Http, Options(withSessionToken));

    [Fact]
    public async Task GetParameter_sends_json_1_1_with_target_and_reads_value_and_version()
    {
        Server.Enqueue(LoopbackResponse.Json(
            """
            {"Parameter":{"ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/portal/main/orders-table",
              "DataType":"text","LastModifiedDate":1.582657288E9,"Name":"/portal/main/orders-table",
              "Type":"SecureString","Value":"orders","Version":3}}
            """));

        var parameter = await Client(withSessionToken: true).GetParameterAsync("/portal/main/orders-table", withDecryption: true);

        var request = Server.SingleRequest;
        Assert.Equal(("POST", "/"), (request.Method, request.Path));
        Assert.Equal("AmazonSSM.GetParameter", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal("/portal/main/orders-table", body.RootElement.GetProperty("Name").GetString());
            Assert.True(body.RootElement.GetProperty("WithDecryption").GetBoolean());
            Assert.Equal(2, body.RootElement.EnumerateObject().Count());
        }

        Assert.Equal(new SsmParameter("/portal/main/orders-table", "orders", "SecureString", 3), parameter);
        Assert.Equal(TestCredentials.SessionToken, request.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-target", SigV4WireCheck.AuthorizationShape().Match(request.Header("Authorization")).Groups["headers"].Value.Split(';'));
        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "ssm");
    }

    [Fact]
    public async Task Missing_parameter_is_a_typed_error_with_the_header_request_id()
    {
        Server.Enqueue(LoopbackResponse.Json(
            """{"__type":"ParameterNotFound"}""", 400,
            new Dictionary<string, string> { ["x-amzn-RequestId"] = "4d6a7b3c-ssm-example" }));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client().GetParameterAsync("/portal/main/missing", false));

        Assert.Equal(("ParameterNotFound", "4d6a7b3c-ssm-example", HttpStatusCode.BadRequest, "ssm"),
            (error.ErrorCode, error.RequestId, error.HttpStatusCode, error.Service));
        Assert.False(error.IsRetryable);
        Assert.Single(Server.Requests);
        using var body = JsonDocument.Parse(Server.SingleRequest.Body);
        Assert.False(body.RootElement.GetProperty("WithDecryption").GetBoolean());
    }

    [Fact]
    public async Task ThrottlingException_is_retried()
    {
        Server.Enqueue(
            LoopbackResponse.Json("""{"__type":"ThrottlingException","message":"Rate exceeded"}""", 400),
            LoopbackResponse.Json("""{"Parameter":{"Name":"/p","Type":"String","Value":"v","Version":1}}"""));

        var parameter = await Client().GetParameterAsync("/p", false);

        Assert.Equal("v", parameter.Value);
        Assert.Equal(2, Server.Requests.Count);
    }
}
