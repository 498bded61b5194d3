using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Notifications;
using Portal.Core.Tokens;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Aws;

/// <summary>Every <c>Portal:Aws:*ServiceUrl</c> key and <c>Portal:Aws:Retry</c> reach the clients built from configuration.</summary>
public sealed class AwsClientSettingsTests
{
    private static readonly Dictionary<string, string> Urls = new()
    {
        ["DynamoDbServiceUrl"] = "http://127.0.0.1:4501/",
        ["S3ServiceUrl"] = "http://127.0.0.1:4502/",
        ["Ec2ServiceUrl"] = "http://127.0.0.1:4503/",
        ["SnsServiceUrl"] = "http://127.0.0.1:4504/",
        ["SqsServiceUrl"] = "http://127.0.0.1:4505/",
        ["SsmServiceUrl"] = "http://127.0.0.1:4506/",
        ["SecretsManagerServiceUrl"] = "http://127.0.0.1:4507/",
        ["CognitoServiceUrl"] = "http://127.0.0.1:4508/",
    };

    /// <summary>The portal's Core services as Program.cs adds them, from configuration only.</summary>
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddPortalAws(configuration).AddVpcs(configuration).AddNotifications(configuration).AddTokenRefresh(configuration);
        // Aws mode signs with the SDK's default chain; these stand in for the task role.
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(TestCredentials.AccessKey, TestCredentials.SecretKey));
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> Settings(string mode = "Local")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Mode"] = mode,
            ["Portal:Aws:Region"] = "eu-west-1",
            ["Portal:Aws:Retry:MaxErrorRetry"] = "7",
            ["Portal:Aws:Retry:Timeout"] = "00:00:09",
        };
        if (mode == "Local")
        {
            settings["Portal:Aws:AccessKeyId"] = "S3RVER";
            settings["Portal:Aws:SecretAccessKey"] = "S3RVER";
        }

        foreach (var (key, url) in Urls)
            settings[$"Portal:Aws:{key}"] = url;
        return settings;
    }

    [Fact]
    public void Every_endpoint_key_and_the_retry_settings_reach_the_clients_of_their_service()
    {
        using var services = Build(Settings());
        var ec2 = services.GetRequiredService<AwsEc2>();

        var sdkClients = new (string Key, IClientConfig Config)[]
        {
            ("DynamoDbServiceUrl", ((AmazonDynamoDBClient)services.GetRequiredService<IAmazonDynamoDB>()).Config),
            ("S3ServiceUrl", ((AmazonS3Client)services.GetRequiredService<IAmazonS3>()).Config),
            ("Ec2ServiceUrl", ((AmazonServiceClient)ec2.Reads).Config),
            ("Ec2ServiceUrl", ((AmazonServiceClient)ec2.Writes).Config),
        };
        foreach (var (key, config) in sdkClients)
        {
            Assert.Equal(Urls[key], config.ServiceURL);
            Assert.Equal(("eu-west-1", RequestRetryMode.Standard, 7, TimeSpan.FromSeconds(9)),
                (config.AuthenticationRegion, config.RetryMode, config.MaxErrorRetry, config.Timeout));
        }

        Assert.Equal(new Uri(Urls["SnsServiceUrl"]), services.GetRequiredService<SnsClient>().Endpoint);
        Assert.Equal(new Uri(Urls["SecretsManagerServiceUrl"]), services.GetRequiredService<SecretsManagerClient>().Endpoint);
        var aws = services.GetRequiredService<IOptions<AwsOptions>>().Value;
        Assert.Equal((Urls["SqsServiceUrl"], Urls["CognitoServiceUrl"]), (aws.SqsServiceUrl, aws.CognitoServiceUrl));
    }

    [Fact]
    public void Without_overrides_the_clients_use_the_regional_endpoints_and_the_default_retry()
    {
        using var services = Build(new()
        {
            ["Portal:Mode"] = "Aws",
            ["Portal:Aws:Region"] = "eu-west-1",
        });

        var config = ((AmazonServiceClient)services.GetRequiredService<AwsEc2>().Writes).Config;
        Assert.Equal((null, "eu-west-1", RequestRetryMode.Standard, new AwsRetryOptions().MaxErrorRetry),
            (config.ServiceURL, config.RegionEndpoint.SystemName, config.RetryMode, config.MaxErrorRetry));
        Assert.Equal(new Uri("https://sns.eu-west-1.amazonaws.com/"), services.GetRequiredService<SnsClient>().Endpoint);
    }

    [Fact]
    public async Task The_token_jobs_secrets_manager_client_calls_the_configured_endpoint()
    {
        using var secretsManager = new LoopbackAwsServer();
        const string arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portal/token-api-AbCdEf";
        secretsManager.Enqueue(LoopbackResponse.Json(JsonSerializer.Serialize(new
        {
            ARN = arn, Name = "portal/token-api", VersionId = "v1", SecretString = """{"client_id":"job","client_secret":"s3cret"}""",
        })));
        var settings = Settings("Aws");
        settings["Portal:Aws:SecretsManagerServiceUrl"] = secretsManager.Endpoint.ToString();
        settings["Portal:Aws:Retry:MaxErrorRetry"] = "0";
        settings["Portal:Tokens:TokenEndpoint"] = "https://auth.example.com/oauth2/token";
        settings["Portal:Tokens:SecretArn"] = arn;
        settings["Portal:Tokens:ClientId"] = "job";
        await using var services = Build(settings);

        var credentials = await services.GetRequiredService<TokenCredentialSource>().ReadAsync();

        Assert.Equal("job", credentials.ClientId);
        SigV4WireCheck.AssertSigned(secretsManager.SingleRequest, TestCredentials.AccessKey, TestCredentials.SecretKey, "eu-west-1", "secretsmanager");
    }

    [Theory]
    [InlineData("Ec2ServiceUrl", "ec2.local", "Portal:Aws:Ec2ServiceUrl must be an absolute http(s) URL (got 'ec2.local').")]
    [InlineData("CognitoServiceUrl", "ftp://127.0.0.1/", "Portal:Aws:CognitoServiceUrl must be an absolute http(s) URL (got 'ftp://127.0.0.1/').")]
    [InlineData("Retry:MaxErrorRetry", "11", "Portal:Aws:Retry:MaxErrorRetry must be 0 to 10 (got 11); 0 turns retries off.")]
    [InlineData("Retry:Timeout", "00:00:00", "Portal:Aws:Retry:Timeout must be between 00:00:01 and 00:05:00 (got 00:00:00).")]
    public void A_bad_endpoint_or_retry_setting_stops_start_up_naming_the_key(string key, string value, string message)
    {
        var settings = Settings();
        settings[$"Portal:Aws:{key}"] = value;
        using var services = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AwsOptions>>().Value);

        Assert.Equal([message], error.Failures);
    }
}
