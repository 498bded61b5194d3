using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Identity;

namespace Portal.Tests.Auth;

public sealed class OptionsValidationTests
{
    private static IOptions<PortalOptions> Mode(PortalMode mode) => Options.Create(new PortalOptions { Mode = mode });

    private static CognitoOptions GoodLocal() => new()
    {
        Authority = "http://127.0.0.1:4569", UserPoolId = "local_portal", ClientId = "portal-web", ClientSecret = "s",
    };

    [Fact]
    public void Good_local_settings_pass() =>
        Assert.True(new CognitoOptionsValidator(Mode(PortalMode.Local)).Validate(null, GoodLocal()).Succeeded);

    [Theory]
    [InlineData("Authority", "", "Portal:Auth:Authority is required")]
    [InlineData("Authority", "not a url", "Portal:Auth:Authority must be an absolute http(s) URL (got 'not a url')")]
    [InlineData("UserPoolId", "", "Portal:Auth:UserPoolId is required")]
    [InlineData("UserPoolId", "pool", "Portal:Auth:UserPoolId must look like '<region>_<id>'")]
    [InlineData("ClientId", "", "Portal:Auth:ClientId is required")]
    [InlineData("ClientSecret", " ", "Portal:Auth:ClientSecret is required")]
    [InlineData("Scopes", "email profile", "Portal:Auth:Scopes must include 'openid'")]
    [InlineData("AdminGroup", "", "Portal:Auth:AdminGroup is required")]
    [InlineData("CallbackPath", "signin-oidc", "Portal:Auth:CallbackPath must start with '/'")]
    [InlineData("HostedUiDomain", "https://x.auth.amazoncognito.com/", "Portal:Auth:HostedUiDomain is a host name only")]
    public void A_bad_sign_in_setting_is_named_in_the_message(string property, string value, string expected)
    {
        var options = GoodLocal();
        typeof(CognitoOptions).GetProperty(property)!.SetValue(options, value);

        var result = new CognitoOptionsValidator(Mode(PortalMode.Local)).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Aws_mode_needs_https_and_the_hosted_ui_domain()
    {
        var result = new CognitoOptionsValidator(Mode(PortalMode.Aws)).Validate(null, GoodLocal());

        Assert.Contains(result.Failures!, f => f.StartsWith("Portal:Auth:Authority must use https in Aws mode"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Portal:Auth:HostedUiDomain is required in Aws mode"));
    }

    [Fact]
    public void Aws_mode_builds_the_authority_from_region_and_user_pool()
    {
        var options = new CognitoOptions { UserPoolId = "eu-west-1_AbC" };
        new CognitoOptionsSetup(Mode(PortalMode.Aws), Options.Create(new AwsOptions { Region = "eu-west-1" })).PostConfigure(null, options);

        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC", options.Authority);
    }

    [Fact]
    public void Aws_settings_are_checked_by_key()
    {
        var options = new AwsOptions
        {
            Region = "Europe",
            DynamoDbServiceUrl = "",
            S3ServiceUrl = "ftp://x",
            Bucket = "Bad_Bucket",
            Tables = new TableNames { Orders = "or" },
        };

        var failures = new AwsOptionsValidator(Mode(PortalMode.Local)).Validate(null, options).Failures!.ToList();

        Assert.Contains("Portal:Aws:Region must be an AWS region such as 'us-east-1' (got 'Europe').", failures);
        Assert.Contains(failures, f => f.StartsWith("Portal:Aws:DynamoDbServiceUrl is required in Local mode"));
        Assert.Contains("Portal:Aws:S3ServiceUrl must be an absolute http(s) URL (got 'ftp://x').", failures);
        Assert.Contains(failures, f => f.StartsWith("Portal:Aws:AccessKeyId and SecretAccessKey are required in Local mode"));
        Assert.Contains(failures, f => f.StartsWith("Portal:Aws:Bucket must be a valid S3 bucket name"));
        Assert.Contains(failures, f => f.StartsWith("Portal:Aws:Tables:Orders must be 3-255 characters"));
    }

    [Fact]
    public void Aws_mode_refuses_static_keys_in_settings()
    {
        var options = new AwsOptions { AccessKeyId = "AKIA...", SecretAccessKey = "x" };
        var failures = new AwsOptionsValidator(Mode(PortalMode.Aws)).Validate(null, options).Failures!;
        Assert.Contains(failures, f => f.Contains("must be empty in Aws mode"));
    }

    [Theory]
    [InlineData("feature-x", true)]
    [InlineData("main", true)]
    [InlineData("Main_1", false)]
    [InlineData("", false)]
    public void The_environment_name_is_checked(string environment, bool ok) =>
        Assert.Equal(ok, new PortalOptionsValidator().Validate(null, new PortalOptions { Environment = environment }).Succeeded);
}
