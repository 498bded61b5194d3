using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public class TokenRefreshOptionsValidatorTests
{
    private const string Arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portal/token-client-AbCdEf";

    private static TokenRefreshOptions LocalOptions() => new()
    {
        TokenEndpoint = "http://127.0.0.1:9000/oauth2/token",
        ClientId = "portal-job",
        ClientSecret = "local-secret",
        Bucket = "portal-tokens",
    };

    private static TokenRefreshOptions AwsOptions() => new()
    {
        TokenEndpoint = "https://portal.auth.eu-west-1.amazoncognito.com/oauth2/token",
        ClientId = "abc123",
        SecretArn = Arn,
        Bucket = "portal-tokens-123456789012",
        Sse = "aws:kms",
        KmsKeyId = "alias/portal-tokens",
        Scope = "orders/read orders/write",
        AuthMethod = "client_secret_post",
    };

    private static IReadOnlyList<string> Local(Action<TokenRefreshOptions> change)
    {
        var options = LocalOptions();
        change(options);
        return new TokenRefreshOptionsValidator(runsInAws: false).Check(options);
    }

    private static IReadOnlyList<string> Aws(Action<TokenRefreshOptions> change)
    {
        var options = AwsOptions();
        change(options);
        return new TokenRefreshOptionsValidator(runsInAws: true).Check(options);
    }

    [Fact]
    public void Defaults_plus_required_values_are_valid_in_both_modes()
    {
        Assert.Empty(Local(_ => { }));
        Assert.Empty(Aws(_ => { }));
        var defaults = new TokenRefreshOptions();
        Assert.Equal("cron(15 * * * ? *)", defaults.Schedule);
        Assert.Equal("access_token.txt", defaults.ObjectKey);
        Assert.Equal("AES256", defaults.Sse);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.ExpiringSoonWindow);
    }

    [Theory]
    [InlineData("Schedule", "cron(60 * * * ? *)", "Portal:Tokens:Schedule: minutes: '60' is out of range 0-59")]
    [InlineData("Schedule", "15 * * * *", "Portal:Tokens:Schedule: expected 6 fields")]
    [InlineData("TokenEndpoint", "", "Portal:Tokens:TokenEndpoint: is required")]
    [InlineData("TokenEndpoint", "/oauth2/token", "Portal:Tokens:TokenEndpoint: '/oauth2/token' is not an absolute http(s) URL")]
    [InlineData("TokenEndpoint", "http://auth.example.com/oauth2/token", "must use https")]
    [InlineData("TokenEndpoint", "https://id:pw@auth.example.com/oauth2/token", "must not contain credentials")]
    [InlineData("ClientId", " ", "Portal:Tokens:ClientId: is required")]
    [InlineData("ClientId", "has space", "Portal:Tokens:ClientId: must be at most 256 characters with no spaces")]
    [InlineData("Scope", "orders/read  \"x\"", "Portal:Tokens:Scope: ")]
    [InlineData("AuthMethod", "private_key_jwt", "Portal:Tokens:AuthMethod: 'private_key_jwt' is not supported; use client_secret_basic or client_secret_post")]
    [InlineData("ClientSecret", "", "Portal:Tokens:ClientSecret: is required in local mode")]
    [InlineData("Bucket", "", "Portal:Tokens:Bucket: is required")]
    [InlineData("Bucket", "Portal_Tokens", "Portal:Tokens:Bucket: 'Portal_Tokens' may contain only lowercase letters")]
    [InlineData("Bucket", "ab", "must be 3-63 characters long")]
    [InlineData("Bucket", "my..bucket", "two adjacent periods")]
    [InlineData("Bucket", "192.168.1.1", "IP address")]
    [InlineData("ObjectKey", "/access_token.txt", "Portal:Tokens:ObjectKey: '/access_token.txt' must not start with '/'")]
    [InlineData("ObjectKey", "", "Portal:Tokens:ObjectKey: is required")]
    [InlineData("Sse", "aws:kms:dsse", "Portal:Tokens:Sse: 'aws:kms:dsse' is not supported; use AES256 or aws:kms")]
    [InlineData("KmsKeyId", "alias/x", "Portal:Tokens:KmsKeyId: is set but Sse is AES256")]
    public void Each_bad_key_is_named_in_local_mode(string key, string value, string expected)
    {
        var errors = Local(o => typeof(TokenRefreshOptions).GetProperty(key)!.SetValue(o, value));

        var error = Assert.Single(errors);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Windows_and_timeouts_must_be_sensible()
    {
        Assert.Contains("Portal:Tokens:ExpiringSoonWindow:", Assert.Single(Local(o => o.ExpiringSoonWindow = TimeSpan.Zero)));
        Assert.Contains("Portal:Tokens:Timeout:", Assert.Single(Local(o => o.Timeout = TimeSpan.FromMilliseconds(10))));
        Assert.Contains("Portal:Tokens:Timeout:", Assert.Single(Local(o => o.Timeout = TimeSpan.FromMinutes(5))));
    }

    [Fact]
    public void Aws_mode_takes_the_secret_only_by_arn()
    {
        Assert.Contains("Portal:Tokens:SecretArn: is required in AWS", Assert.Single(Aws(o => o.SecretArn = null)));
        Assert.Contains("is not a Secrets Manager secret ARN", Assert.Single(Aws(o => o.SecretArn = "arn:aws:s3:::bucket")));
        var plain = Assert.Single(Aws(o => o.ClientSecret = "oops"));
        Assert.Contains("Portal:Tokens:ClientSecret: must not be set in AWS", plain);
        Assert.DoesNotContain("oops", plain);
    }

    [Theory]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("arn:aws:kms:eu-west-1:123456789012:alias/portal", true)]
    [InlineData("mrk-1234abcd12ab34cd56ef1234567890ab", true)]
    [InlineData("my key", false)]
    public void Kms_key_ids_follow_the_kms_forms(string keyId, bool valid)
    {
        var errors = Aws(o => o.KmsKeyId = keyId);
        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Several_bad_keys_are_all_reported()
    {
        var errors = Local(o => { o.Schedule = "nope"; o.Bucket = null; o.ClientId = null; });
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Options_build_the_token_request()
    {
        var request = AwsOptions().ToRequest("from-secrets-manager");
        Assert.Equal(TokenAuthMethod.ClientSecretPost, request.AuthMethod);
        Assert.Equal("orders/read orders/write", request.Scope);
        Assert.Equal(new Uri("https://portal.auth.eu-west-1.amazoncognito.com/oauth2/token"), request.TokenEndpoint);
        Assert.Equal("from-secrets-manager", request.ClientSecret);
        Assert.Equal("cron(15 * * * ? *)", AwsOptions().ParseSchedule().Expression);
    }

    [Fact]
    public void Registration_binds_the_section_and_fails_on_start_with_named_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Tokens:Schedule"] = "cron(0 12 ? * MON-FRI *)",
            ["Portal:Tokens:TokenEndpoint"] = "http://localhost:9000/token",
            ["Portal:Tokens:ClientId"] = "portal-job",
            ["Portal:Tokens:ClientSecret"] = "local-secret",
            ["Portal:Tokens:Bucket"] = "portal-tokens",
            ["Portal:Tokens:ExpiringSoonWindow"] = "00:05:00",
        }).Build();
        using var provider = new ServiceCollection().AddTokenRefresh(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TokenRefreshOptions>>().Value;
        Assert.Equal("cron(0 12 ? * MON-FRI *)", options.Schedule);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ExpiringSoonWindow);
        Assert.NotNull(provider.GetRequiredService<TokenEndpointClient>());

        using var inAws = new ServiceCollection().AddTokenRefresh(configuration, runsInAws: true).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => inAws.GetRequiredService<IOptions<TokenRefreshOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.StartsWith("Portal:Tokens:SecretArn:"));
        Assert.Contains(ex.Failures, f => f.StartsWith("Portal:Tokens:ClientSecret:"));
        Assert.DoesNotContain(ex.Failures, f => f.Contains("local-secret"));
    }
}

public class TokenSchedulerOptionsValidatorTests
{
    private static IReadOnlyList<string> Check(Action<TokenRefreshOptions> change)
    {
        var options = new TokenRefreshOptions
        {
            TokenEndpoint = "http://127.0.0.1:9000/oauth2/token",
            ClientId = "portal-job",
            ClientSecret = "local-secret",
            Bucket = "portal-tokens",
        };
        change(options);
        return new TokenRefreshOptionsValidator(runsInAws: false).Check(options);
    }

    [Fact]
    public void The_lease_must_outlast_a_run_and_the_poll_interval_must_be_sane()
    {
        Assert.Empty(Check(_ => { }));
        var lease = Assert.Single(Check(o => o.LeaseDuration = TimeSpan.FromSeconds(40)));
        Assert.StartsWith("Portal:Tokens:LeaseDuration:", lease);
        Assert.Contains("at least Timeout + 30 s (00:00:45)", lease);
        Assert.StartsWith("Portal:Tokens:LeaseDuration:", Assert.Single(Check(o => o.LeaseDuration = TimeSpan.FromHours(2))));
        Assert.StartsWith("Portal:Tokens:SchedulerPollInterval:", Assert.Single(Check(o => o.SchedulerPollInterval = TimeSpan.Zero)));
        Assert.StartsWith("Portal:Tokens:SchedulerPollInterval:", Assert.Single(Check(o => o.SchedulerPollInterval = TimeSpan.FromMinutes(5))));
        Assert.True(new TokenRefreshOptions().SchedulerEnabled);
    }
}
