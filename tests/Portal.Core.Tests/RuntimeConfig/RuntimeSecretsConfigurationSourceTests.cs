using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Portal.Core.Aws;
using Portal.Core.RuntimeConfig;
using Portal.Core.Tests.Aws;

namespace Portal.Core.Tests.RuntimeConfig;

/// <summary><c>secretsmanager:{ARN}</c> values resolved at start-up against a loopback Secrets Manager.</summary>
public sealed class RuntimeSecretsConfigurationSourceTests : IDisposable
{
    private const string Arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:portal-staging/cognito-portal-client-secret-XyZ123";

    private readonly LoopbackAwsServer _secrets = new();

    public void Dispose() => _secrets.Dispose();

    private IConfigurationRoot Resolve(Dictionary<string, string?> below, Dictionary<string, string?>? above = null)
    {
        var settings = new RuntimeConfigurationSettings("staging", "/portal/staging/runtime", "eu-west-1")
        {
            SecretsManagerServiceUrl = _secrets.Endpoint,
            Credentials = () => new BasicAWSCredentials(TestCredentials.AccessKey, TestCredentials.SecretKey),
            Retry = new AwsRetryOptions { MaxErrorRetry = 0 },
        };
        var lower = new ConfigurationBuilder().AddInMemoryCollection(below).AddInMemoryCollection(above ?? []).Build();
        return new ConfigurationBuilder()
            .AddConfiguration(lower)
            .Add(new RuntimeSecretsConfigurationSource(lower, settings))
            .Build();
    }

    private static LoopbackResponse Secret(string arn, string secretString) => LoopbackResponse.Json(
        JsonSerializer.Serialize(new { ARN = arn, Name = "portal-staging/x", SecretString = secretString, VersionId = "v-1", VersionStages = new[] { "AWSCURRENT" }, CreatedDate = 1.7e9 }));

    [Fact]
    public void A_reference_is_replaced_by_the_secret_read_with_a_signed_GetSecretValue_in_the_arns_region()
    {
        _secrets.Enqueue(Secret(Arn, "s3cr3t-value"));

        var configuration = Resolve(new() { ["Portal:Auth:ClientSecret"] = $"secretsmanager:{Arn}", ["Portal:Auth:ClientId"] = "abc" });

        Assert.Equal("s3cr3t-value", configuration["Portal:Auth:ClientSecret"]);
        Assert.Equal("abc", configuration["Portal:Auth:ClientId"]);
        var request = _secrets.SingleRequest;
        Assert.Equal("secretsmanager.GetSecretValue", request.Header("X-Amz-Target"));
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal(Arn, body.RootElement.GetProperty("SecretId").GetString());
            Assert.Single(body.RootElement.EnumerateObject());
        }

        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "eu-central-1", "secretsmanager");
    }

    [Fact]
    public void A_json_key_picks_one_property_and_one_arn_is_read_once()
    {
        _secrets.Enqueue(Secret(Arn, """{"client_id":"token-job","client_secret":"p@ss"}"""));

        var configuration = Resolve(new()
        {
            ["Portal:Tokens:ClientId"] = $"secretsmanager:{Arn}#client_id",
            ["Portal:Tokens:ClientSecret"] = $"secretsmanager:{Arn}#client_secret",
        });

        Assert.Equal(("token-job", "p@ss"), (configuration["Portal:Tokens:ClientId"], configuration["Portal:Tokens:ClientSecret"]));
        Assert.Single(_secrets.Requests);
    }

    [Fact]
    public void A_plain_value_in_a_higher_layer_hides_the_reference_and_nothing_is_read()
    {
        var configuration = Resolve(
            new() { ["Portal:Auth:ClientSecret"] = $"secretsmanager:{Arn}" },
            new() { ["Portal:Auth:ClientSecret"] = "injected-by-ecs" });

        Assert.Equal("injected-by-ecs", configuration["Portal:Auth:ClientSecret"]);
        Assert.Empty(_secrets.Requests);
    }

    [Fact]
    public void An_unreadable_secret_stops_start_up_naming_the_arn_and_the_key()
    {
        _secrets.Enqueue(LoopbackResponse.Json(
            """{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}""", 400));

        var error = Assert.Throws<RuntimeConfigurationException>(() => Resolve(new() { ["Portal:Auth:ClientSecret"] = $"secretsmanager:{Arn}" }));

        Assert.StartsWith($"Secret '{Arn}' (referenced by Portal:Auth:ClientSecret) does not exist", error.Message);
    }

    [Fact]
    public void Access_denied_names_the_arn_and_the_permission()
    {
        _secrets.Enqueue(LoopbackResponse.Json("""{"__type":"AccessDeniedException","Message":"not authorized"}""", 400));

        var error = Assert.Throws<RuntimeConfigurationException>(() => Resolve(new() { ["Portal:Auth:ClientSecret"] = $"secretsmanager:{Arn}" }));

        Assert.Contains($"Secret '{Arn}'", error.Message);
        Assert.Contains("Grant secretsmanager:GetSecretValue", error.Message);
    }

    [Fact]
    public void A_missing_json_key_names_the_key_but_never_the_secret()
    {
        _secrets.Enqueue(Secret(Arn, """{"client_id":"token-job","client_secret":"p@ss"}"""));

        var error = Assert.Throws<RuntimeConfigurationException>(
            () => Resolve(new() { ["Portal:Tokens:ClientSecret"] = $"secretsmanager:{Arn}#secret" }));

        Assert.Contains($"Secret '{Arn}' (referenced by Portal:Tokens:ClientSecret) has no string property 'secret'", error.Message);
        Assert.DoesNotContain("p@ss", error.Message);
    }

    [Theory]
    [InlineData("secretsmanager:portal-staging/cognito-portal-client-secret")]
    [InlineData("secretsmanager:arn:aws:ssm:eu-west-1:123456789012:parameter/x")]
    [InlineData("secretsmanager:arn:aws:secretsmanager:eu-west-1:1234:secret:x")]
    public void A_reference_that_is_not_a_secret_arn_names_the_key(string value)
    {
        var error = Assert.Throws<RuntimeConfigurationException>(() => Resolve(new() { ["Portal:Auth:ClientSecret"] = value }));

        Assert.StartsWith("Portal:Auth:ClientSecret is not a valid secret reference", error.Message);
        Assert.Empty(_secrets.Requests);
    }
}
