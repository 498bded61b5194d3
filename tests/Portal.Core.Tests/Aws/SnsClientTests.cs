using System.Net;
using Amazon.Runtime;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class SnsClientTests : AwsContractTest
{
    private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:portal-token-refresh";

    private SnsClient Client() => new(Http, Options());

    [Fact]
    public async Task Publish_posts_exact_form_and_returns_the_message_id()
    {
        Server.Enqueue(LoopbackResponse.Xml(
            """
            <PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>
              <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>
            </PublishResponse>
            """));

        var messageId = await Client().PublishAsync(TopicArn, "Token refresh ok", "Refreshed at 12:15 & stored; next run 13:15.");

        var request = Server.SingleRequest;
        Assert.Equal("567910cd-659e-55d4-8ccb-5aaf14679dc0", messageId);
        Assert.Equal(
            [
                new("Action", "Publish"), new("Version", "2010-03-31"), new("TopicArn", TopicArn),
                new("Subject", "Token refresh ok"), new KeyValuePair<string, string>("Message", "Refreshed at 12:15 & stored; next run 13:15."),
            ],
            request.Form);
        Assert.Contains("Message=Refreshed+at+12%3A15+%26+stored", request.Body, StringComparison.Ordinal);
        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "sns");
    }

    [Fact]
    public async Task Publish_without_subject_leaves_the_parameter_out()
    {
        Server.Enqueue(LoopbackResponse.Xml(
            "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>"));

        await Client().PublishAsync(TopicArn, null, "hello");

        Assert.DoesNotContain(Server.SingleRequest.Form, p => p.Key == "Subject");
    }

    [Fact]
    public async Task Query_protocol_error_response_is_typed()
    {
        Server.Enqueue(LoopbackResponse.Xml(
            """
            <ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>
              <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
            </ErrorResponse>
            """, 404));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => Client().PublishAsync(TopicArn, null, "hello"));

        Assert.Equal(("NotFound", "Topic does not exist", "9dd01905-5012-5f99-8663-4b3ecd0dfaef", HttpStatusCode.NotFound),
            (error.ErrorCode, error.Message, error.RequestId, error.StatusCode));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Publish_is_not_sent_again_after_an_answer_that_leaves_it_open()
    {
        // A 503 or a lost answer may hide a delivered message: sending again could notify twice.
        Server.Enqueue(
            LoopbackResponse.Xml("<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error></ErrorResponse>", 503),
            LoopbackResponse.Xml("<PublishResponse><PublishResult><MessageId>m-2</MessageId></PublishResult></PublishResponse>"));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => Client().PublishAsync(TopicArn, null, "hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Publish_refused_with_429_is_sent_again_with_a_valid_signature()
    {
        Server.Enqueue(
            LoopbackResponse.Xml("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", 429),
            LoopbackResponse.Xml("<PublishResponse><PublishResult><MessageId>m-2</MessageId></PublishResult></PublishResponse>"));

        Assert.Equal("m-2", await Client().PublishAsync(TopicArn, null, "hello"));

        Assert.Equal(2, Server.Requests.Count);
        Assert.All(Server.Requests, r => SigV4WireCheck.AssertSigned(r, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "sns"));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("")]
    public async Task Invalid_subject_is_rejected_before_sending(string subject)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().PublishAsync(TopicArn, subject, "hello"));

        Assert.Contains("printable ASCII", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Topic_must_be_an_arn()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().PublishAsync("portal-token-refresh", null, "hello"));

        Assert.Contains("arn:aws:sns:", error.Message, StringComparison.Ordinal);
    }
}
