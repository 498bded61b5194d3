using System.Text;
using Amazon.Runtime;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class AwsRequestSignerTests
{
    private static readonly Uri Endpoint = new("https://ec2.us-east-1.amazonaws.com/");

    private static async Task<HttpRequestMessage> SignedAsync(AWSCredentials credentials, string body, DateTimeOffset at, Uri? endpoint = null)
    {
        var signer = new AwsRequestSigner(credentials, "ec2", "us-east-1", new AutoAdvancingClock(at));
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint ?? Endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        await signer.SignAsync(message);
        return message;
    }

    private static string Header(HttpRequestMessage message, string name) => string.Join(",", message.Headers.GetValues(name));

    private static BasicAWSCredentials Basic => new(TestCredentials.AccessKey, TestCredentials.SecretKey);

    [Fact]
    public async Task Signing_is_deterministic_and_covers_the_body_and_the_time()
    {
        var at = AutoAdvancingClock.DefaultStart;
        var first = Header(await SignedAsync(Basic, "Action=DescribeVpcs&Version=2016-11-15", at), "Authorization");
        var again = Header(await SignedAsync(Basic, "Action=DescribeVpcs&Version=2016-11-15", at), "Authorization");
        var otherBody = Header(await SignedAsync(Basic, "Action=DeleteVpc&Version=2016-11-15", at), "Authorization");
        var later = Header(await SignedAsync(Basic, "Action=DescribeVpcs&Version=2016-11-15", at.AddSeconds(1)), "Authorization");

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherBody);
        Assert.NotEqual(first, later);
        Assert.Matches(SigV4WireCheck.AuthorizationShape(), first);
        Assert.Contains("Credential=AKIDEXAMPLE/20240501/us-east-1/ec2/aws4_request", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adds_date_and_content_hash_and_only_adds_a_token_for_session_credentials()
    {
        var at = AutoAdvancingClock.DefaultStart;
        var basic = await SignedAsync(Basic, "x=1", at);
        var session = await SignedAsync(new SessionAWSCredentials(TestCredentials.AccessKey, TestCredentials.SecretKey, "tok"), "x=1", at);

        Assert.Equal("20240501T120000Z", Header(basic, "X-Amz-Date"));
        Assert.Equal(64, Header(basic, "X-Amz-Content-SHA256").Length);
        Assert.False(basic.Headers.Contains("X-Amz-Security-Token"));
        Assert.Equal("tok", Header(session, "X-Amz-Security-Token"));
        Assert.NotEqual(Header(basic, "Authorization"), Header(session, "Authorization"));
        // HttpClient still sets Host itself; the signer must not leave a second one behind.
        Assert.Null(basic.Headers.Host);
    }

    [Fact]
    public async Task Wire_check_rejects_a_tampered_body()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(LoopbackResponse.Xml("<ok/>"));
        using var http = new HttpClient();
        using var message = await SignedAsync(Basic, "Action=DeleteVpc&VpcId=vpc-1", AutoAdvancingClock.DefaultStart, server.Endpoint);
        (await http.SendAsync(message)).Dispose();
        var received = server.SingleRequest;

        SigV4WireCheck.AssertSigned(received, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "ec2");
        Assert.ThrowsAny<Exception>(() => SigV4WireCheck.AssertSigned(
            received with { Body = "Action=DeleteVpc&VpcId=vpc-2" }, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "ec2"));
    }

    [Theory]
    [InlineData("US-EAST-1")]
    [InlineData("useast1")]
    [InlineData("")]
    public void Bad_region_names_are_rejected_with_an_example(string region)
    {
        var error = Assert.Throws<ArgumentException>(() => new AwsRequestSigner(Basic, "ec2", region));

        Assert.Contains("us-east-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void China_regions_get_the_china_domain()
    {
        Assert.Equal(new Uri("https://ssm.cn-north-1.amazonaws.com.cn/"), AwsRegion.DefaultEndpoint("ssm", "cn-north-1"));
    }
}
