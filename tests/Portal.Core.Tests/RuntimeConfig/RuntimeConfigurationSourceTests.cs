using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Portal.Core.Aws;
using Portal.Core.RuntimeConfig;
using Portal.Core.Tests.Aws;

namespace Portal.Core.Tests.RuntimeConfig;

/// <summary>The runtime layer against a loopback SSM: the exact GetParameter call, layering, and start-up errors.</summary>
public sealed class RuntimeConfigurationSourceTests : IDisposable
{
    private const string Name = "/portal/staging/runtime";

    private readonly LoopbackAwsServer _ssm = new();

    public void Dispose() => _ssm.Dispose();

    private RuntimeConfigurationSettings Settings(string environment = "staging", string parameter = Name) =>
        new(environment, parameter, "eu-west-1")
        {
            SsmServiceUrl = _ssm.Endpoint,
            Credentials = () => new BasicAWSCredentials(TestCredentials.AccessKey, TestCredentials.SecretKey),
            Retry = new AwsRetryOptions { MaxErrorRetry = 1 },
        };

    /// <summary>appsettings (local defaults) + runtime parameter + a higher layer standing for env vars.</summary>
    private static IConfigurationRoot Layered(RuntimeConfigurationSource runtime, Dictionary<string, string?>? environment = null)
    {
        var appsettings = new Dictionary<string, string?>
        {
            ["Portal:Mode"] = "Aws",
            ["Portal:Aws:Region"] = "us-east-1",
            ["Portal:Aws:DynamoDbServiceUrl"] = "http://127.0.0.1:4567",
            ["Portal:Aws:AccessKeyId"] = "S3RVER",
            ["Portal:Aws:SecretAccessKey"] = "S3RVER",
            ["Portal:Aws:Tables:Orders"] = "orders",
            ["Portal:Auth:ClientSecret"] = "portal-web-secret",
            ["Portal:Auth:AllowedApiClients:0"] = "orders-writer",
            ["Portal:Auth:AllowedApiClients:1"] = "orders-reader",
            ["Portal:Auth:AllowedApiClients:2"] = "token-job",
        };
        return new ConfigurationBuilder()
            .AddInMemoryCollection(appsettings)
            .Add(runtime)
            .AddInMemoryCollection(environment ?? [])
            .Build();
    }

    [Fact]
    public void Reads_the_parameter_with_one_signed_GetParameter_call()
    {
        _ssm.Enqueue(LoopbackResponse.Json(RuntimeJson.GetParameterAnswer(Name, RuntimeJson.Sample().ToJsonString())));

        Layered(new RuntimeConfigurationSource(Settings()));

        var request = _ssm.SingleRequest;
        Assert.Equal(("POST", "/"), (request.Method, request.Path));
        Assert.Equal("AmazonSSM.GetParameter", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal(Name, body.RootElement.GetProperty("Name").GetString());
            Assert.True(body.RootElement.GetProperty("WithDecryption").GetBoolean());
            Assert.Equal(2, body.RootElement.EnumerateObject().Count());
        }

        Assert.Matches(
            @"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/eu-west-1/ssm/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$",
            request.Header("Authorization"));
        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "eu-west-1", "ssm");
    }

    [Fact]
    public void The_parameter_wins_over_appsettings_and_environment_variables_win_over_the_parameter()
    {
        _ssm.Enqueue(LoopbackResponse.Json(RuntimeJson.GetParameterAnswer(Name, RuntimeJson.Sample().ToJsonString())));

        var configuration = Layered(new RuntimeConfigurationSource(Settings()), new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:LoadJobs"] = "from-env",
            ["Portal:Auth:ClientSecret"] = "injected-by-ecs",
        });

        Assert.Equal("portal-staging-orders", configuration["Portal:Aws:Tables:Orders"]);
        Assert.Equal("eu-west-1", configuration["Portal:Aws:Region"]);
        Assert.Equal("from-env", configuration["Portal:Aws:Tables:LoadJobs"]);
        Assert.Equal("injected-by-ecs", configuration["Portal:Auth:ClientSecret"]);
    }

    [Fact]
    public void The_local_stacks_endpoints_keys_and_client_list_from_appsettings_do_not_leak_into_aws_mode()
    {
        _ssm.Enqueue(LoopbackResponse.Json(RuntimeJson.GetParameterAnswer(Name, RuntimeJson.Sample().ToJsonString())));

        var configuration = Layered(new RuntimeConfigurationSource(Settings()));

        var aws = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()!;
        Assert.Equal(("", "", ""), (aws.DynamoDbServiceUrl, aws.AccessKeyId, aws.SecretAccessKey));
        Assert.Equal("", configuration["Portal:Auth:ClientSecret"]);
        Assert.Equal(["2b3c4d5e6f7g8h9i0jklmnopq", "3c4d5e6f7g8h9i0jklmnopqr"],
            configuration.GetSection("Portal:Auth:AllowedApiClients").Get<string[]>()!);
    }

    [Fact]
    public void The_parameter_is_read_once_even_when_the_configuration_reloads()
    {
        _ssm.Enqueue(LoopbackResponse.Json(RuntimeJson.GetParameterAnswer(Name, RuntimeJson.Sample().ToJsonString())));

        var configuration = Layered(new RuntimeConfigurationSource(Settings()));
        configuration.Reload();

        Assert.Single(_ssm.Requests);
        Assert.Equal("portal-staging-orders", configuration["Portal:Aws:Tables:Orders"]);
    }

    [Fact]
    public void A_missing_parameter_stops_start_up_naming_it_and_the_stack_to_deploy()
    {
        _ssm.Enqueue(LoopbackResponse.Json("""{"__type":"ParameterNotFound"}""", 400));

        var error = Assert.Throws<RuntimeConfigurationException>(() => Layered(new RuntimeConfigurationSource(Settings())));

        Assert.StartsWith($"SSM parameter '{Name}' does not exist in eu-west-1", error.Message);
        Assert.Contains("portal-staging-config", error.Message);
        Assert.Single(_ssm.Requests); // a missing parameter is final, not retried
    }

    [Fact]
    public void Access_denied_names_the_parameter_and_the_permission()
    {
        _ssm.Enqueue(LoopbackResponse.Json(
            """{"__type":"AccessDeniedException","message":"User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: ssm:GetParameter"}""", 400));

        var error = Assert.Throws<RuntimeConfigurationException>(() => Layered(new RuntimeConfigurationSource(Settings())));

        Assert.Contains($"Not allowed to read SSM parameter '{Name}'", error.Message);
        Assert.Contains("Grant ssm:GetParameter", error.Message);
    }

    [Fact]
    public void An_unreachable_endpoint_names_the_parameter_and_the_endpoint()
    {
        var settings = Settings() with { SsmServiceUrl = new Uri("http://127.0.0.1:9/") };

        var error = Assert.Throws<RuntimeConfigurationException>(() => Layered(new RuntimeConfigurationSource(settings)));

        Assert.StartsWith("Could not reach SSM in eu-west-1 (http://127.0.0.1:9/)", error.Message);
        Assert.Contains(Name, error.Message);
    }

    [Fact]
    public void A_parameter_without_a_required_key_names_the_key()
    {
        var json = RuntimeJson.Sample();
        json["cognito"]!.AsObject().Remove("issuer");
        _ssm.Enqueue(LoopbackResponse.Json(RuntimeJson.GetParameterAnswer(Name, json.ToJsonString())));

        var error = Assert.Throws<RuntimeConfigurationException>(() => Layered(new RuntimeConfigurationSource(Settings())));

        Assert.Equal(
            $"SSM parameter '{Name}' has no key 'cognito.issuer'. Redeploy the config stack (infra/) so the parameter has every key listed in infra/README.md.",
            error.Message);
    }

    [Fact]
    public void A_parameter_of_another_environment_is_refused()
    {
        _ssm.Enqueue(LoopbackResponse.Json(RuntimeJson.GetParameterAnswer("/portal/main/runtime", RuntimeJson.Sample("main").ToJsonString())));

        var error = Assert.Throws<RuntimeConfigurationException>(
            () => Layered(new RuntimeConfigurationSource(Settings(parameter: "/portal/main/runtime"))));

        Assert.Contains("is for environment 'main' but Portal:Environment is 'staging'", error.Message);
    }

    [Fact]
    public void Missing_credentials_stop_start_up_before_any_call()
    {
        var settings = Settings() with { Credentials = () => throw new AmazonClientException("Failed to resolve AWS credentials.") };

        var error = Assert.Throws<RuntimeConfigurationException>(() => Layered(new RuntimeConfigurationSource(settings)));

        Assert.StartsWith($"No AWS credentials to read SSM parameter '{Name}'", error.Message);
        Assert.Empty(_ssm.Requests);
    }
}
