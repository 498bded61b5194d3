using System.Net;
using Amazon.Runtime;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

/// <summary>The signed clients' error answers become the SDK's exception, so callers read every AWS error one way.</summary>
public sealed class AwsErrorResponseTests
{
    [Fact]
    public void Query_error_response_in_a_namespace_is_read_by_local_name()
    {
        var error = AwsErrorResponse.FromXml(HttpStatusCode.Forbidden,
            """<ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>Not authorized</Message></Error><RequestId>r-9</RequestId></ErrorResponse>""",
            headerRequestId: "header-id");

        Assert.Equal(("AuthorizationError", "Not authorized", "r-9", HttpStatusCode.Forbidden, ErrorType.Sender),
            (error.ErrorCode, error.Message, error.RequestId, error.StatusCode, error.ErrorType));
    }

    [Fact]
    public void Non_xml_error_body_falls_back_to_status_and_header_request_id()
    {
        var error = AwsErrorResponse.FromXml(HttpStatusCode.BadGateway, "<html>bad gateway", "hdr-1");

        Assert.Equal(("BadGateway", "hdr-1", ErrorType.Receiver), (error.ErrorCode, error.RequestId, error.ErrorType));
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","Message":"gone"}""", null, "ResourceNotFoundException", "gone")]
    [InlineData("""{"__type":"ParameterNotFound","message":"missing"}""", null, "ParameterNotFound", "missing")]
    [InlineData("""{"message":"slow down"}""", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException", "slow down")]
    [InlineData("not json", null, "InternalServerError", "InternalServerError")]
    public void Json_errors_reduce_type_to_the_short_code(string body, string? headerType, string code, string message)
    {
        var error = AwsErrorResponse.FromJson(code == "InternalServerError" ? HttpStatusCode.InternalServerError : HttpStatusCode.BadRequest,
            body, headerType, "req-7");

        Assert.Equal((code, message, "req-7"), (error.ErrorCode, error.Message, error.RequestId));
    }
}
