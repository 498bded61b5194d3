using System.Net;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class AwsErrorResponseTests
{
    [Fact]
    public void Ec2_error_xml_yields_code_message_and_request_id()
    {
        var error = AwsErrorResponse.FromXml("ec2", HttpStatusCode.BadRequest,
            "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-1' does not exist</Message></Error></Errors><RequestID>ea96-6190</RequestID></Response>",
            headerRequestId: null);

        Assert.Equal(("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist", "ea96-6190"), (error.ErrorCode, error.AwsMessage, error.RequestId));
        Assert.Contains("InvalidVpcID.NotFound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_error_response_in_a_namespace_is_read_by_local_name()
    {
        var error = AwsErrorResponse.FromXml("sns", HttpStatusCode.Forbidden,
            """<ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>Not authorized</Message></Error><RequestId>r-9</RequestId></ErrorResponse>""",
            headerRequestId: "header-id");

        Assert.Equal(("AuthorizationError", "Not authorized", "r-9"), (error.ErrorCode, error.AwsMessage, error.RequestId));
    }

    [Fact]
    public void Non_xml_error_body_falls_back_to_status_and_header_request_id()
    {
        var error = AwsErrorResponse.FromXml("ec2", HttpStatusCode.BadGateway, "<html>bad gateway", "hdr-1");

        Assert.Equal(("BadGateway", null, "hdr-1"), (error.ErrorCode, error.AwsMessage, error.RequestId));
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","Message":"gone"}""", null, "ResourceNotFoundException", "gone")]
    [InlineData("""{"__type":"ParameterNotFound","message":"missing"}""", null, "ParameterNotFound", "missing")]
    [InlineData("""{"message":"slow down"}""", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException", "slow down")]
    [InlineData("not json", null, "InternalServerError", null)]
    public void Json_errors_reduce_type_to_the_short_code(string body, string? headerType, string code, string? message)
    {
        var error = AwsErrorResponse.FromJson("ssm", code == "InternalServerError" ? HttpStatusCode.InternalServerError : HttpStatusCode.BadRequest,
            body, headerType, "req-7");

        Assert.Equal((code, message, "req-7"), (error.ErrorCode, error.AwsMessage, error.RequestId));
    }
}
