using Portal.Infra.Settings;

namespace Portal.Infra.Tests.Settings;

public sealed class DeploymentSettingsTests
{
    private static DeploymentSettings Read(Action<Dictionary<string, object>>? change = null)
    {
        var context = ValidContext.For("staging");
        change?.Invoke(context);
        return DeploymentSettings.FromContext(ValidContext.Lookup(context));
    }

    private static string ErrorOf(Action<Dictionary<string, object>> change) =>
        Assert.Throws<ArgumentException>(() => Read(change)).Message;

    [Fact]
    public void Reads_every_value_and_derives_names_from_the_environment()
    {
        var settings = Read();

        Assert.Equal("staging", settings.Environment.Value);
        Assert.Equal("portal-staging", settings.NamePrefix);
        Assert.Equal("/portal/staging/runtime", settings.RuntimeParameterName);
        Assert.Equal(ValidContext.CertificateArn, settings.CertificateArn);
        Assert.Equal([ValidContext.CallbackUrl, ValidContext.SecondCallbackUrl], settings.CallbackUrls);
        Assert.Equal([ValidContext.LogoutUrl], settings.LogoutUrls);
        Assert.Equal("acme-portal-staging", settings.HostedUiDomainPrefix);
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/portal:1.4.2", settings.Image.ImageReference);
        Assert.Equal("10.40.0.0/16", settings.VpcCidr);
        Assert.Equal("/health/live", settings.HealthCheckPath);
    }

    [Fact]
    public void Health_check_path_can_be_overridden_but_must_be_a_path()
    {
        Assert.Equal("/health/ready", Read(c => c["healthCheckPath"] = "/health/ready").HealthCheckPath);
        Assert.Contains("'health/live' must be a path starting with '/'", ErrorOf(c => c["healthCheckPath"] = "health/live"));
    }

    [Fact]
    public void Environment_Main_1_is_rejected()
    {
        Assert.Contains("'Main_1'", ErrorOf(c => c["env"] = "Main_1"));
    }

    [Fact]
    public void Urls_may_come_as_a_json_array_from_cdk_json()
    {
        var settings = Read(c => c["callbackUrls"] = new object[] { "https://a.example.com/cb", " https://b.example.com/cb " });
        Assert.Equal(["https://a.example.com/cb", "https://b.example.com/cb"], settings.CallbackUrls);
    }

    [Theory]
    [InlineData("http://portal.example.com/signin-oidc")]
    [InlineData("https://portal.example.com/#done")]
    [InlineData("portal.example.com/signin-oidc")]
    public void Callback_urls_that_cognito_refuses_are_rejected(string url)
    {
        var message = ErrorOf(c => c["callbackUrls"] = url);
        Assert.Contains(url, message);
        Assert.Contains("https", message);
    }

    [Theory]
    [InlineData("certificateArn")]
    [InlineData("callbackUrls")]
    [InlineData("logoutUrls")]
    public void Missing_required_value_names_the_context_key(string key)
    {
        Assert.Contains($"-c {key}=", ErrorOf(c => c.Remove(key)));
    }

    [Fact]
    public void Certificate_arn_must_be_an_acm_arn()
    {
        Assert.Contains("not an ACM certificate ARN",
            ErrorOf(c => c["certificateArn"] = "arn:aws:iam::123456789012:server-certificate/x"));
    }

    [Fact]
    public void Hosted_ui_prefix_defaults_to_the_environment_and_refuses_reserved_words()
    {
        Assert.Equal("portal-staging", Read(c => c.Remove("hostedUiDomainPrefix")).HostedUiDomainPrefix);
        Assert.Contains("'aws'", ErrorOf(c => c["hostedUiDomainPrefix"] = "my-aws-portal"));
        Assert.Contains("lowercase", ErrorOf(c => c["hostedUiDomainPrefix"] = "Portal"));
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.0.0/16")]
    [InlineData("300.1.0.0/16")]
    public void Vpc_cidr_must_be_a_16_to_24_ipv4_block(string cidr)
    {
        Assert.Contains(cidr, ErrorOf(c => c["vpcCidr"] = cidr));
    }

    [Fact]
    public void Vpc_cidr_can_be_overridden()
    {
        Assert.Equal("10.50.0.0/20", Read(c => c["vpcCidr"] = "10.50.0.0/20").VpcCidr);
    }
}
