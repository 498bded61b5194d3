using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.RuntimeConfig;

namespace Portal.Tests.Hosting;

/// <summary>
/// The real portal (Program.cs) started in Aws mode: its settings come from a runtime parameter served by a
/// loopback SSM, its client secret from a loopback Secrets Manager. DynamoDB and S3 point at the local stack,
/// so nothing reaches AWS. In-memory TestServer: no portal port is taken.
/// </summary>
public sealed class RuntimeParameterStartupTests : IDisposable
{
    private const string ClientSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portal-staging/cognito-portal-client-secret-Q1w2E3";

    private readonly LoopbackAwsServer _aws = new();

    static RuntimeParameterStartupTests()
    {
        // Aws mode signs with the SDK's default credential chain; its first link is these variables.
        // Only Aws-mode code reads them: the other tests run in Local mode with explicit keys.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
    }

    public void Dispose() => _aws.Dispose();

    private async Task<WebApplicationFactory<Program>> StartAsync(Dictionary<string, string?> extra)
    {
        var stack = await LocalStack.Shared;
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Mode"] = "Aws",
            ["Portal:Environment"] = "staging",
            ["Portal:Aws:Region"] = "eu-west-1",
            ["Portal:Aws:SsmServiceUrl"] = _aws.Endpoint.ToString(),
            ["Portal:Aws:SecretsManagerServiceUrl"] = _aws.Endpoint.ToString(),
            ["Portal:Aws:DynamoDbServiceUrl"] = stack.DynamoDb.ToString(),
            ["Portal:Aws:S3ServiceUrl"] = stack.S3.ToString(),
            ["Portal:PageTokens:Key"] = Convert.ToBase64String(new byte[32]), // required in Aws mode (a secretsmanager: ARN in AWS)
        };
        foreach (var (key, value) in extra)
            settings[key] = value;

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });
        try
        {
            factory.StartServer();
            return factory;
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task The_portal_binds_its_options_from_the_runtime_parameter_and_its_client_secret_from_secrets_manager()
    {
        _aws.Enqueue(
            LoopbackResponse.Json(RuntimeJson.GetParameterAnswer("/portal/staging/runtime", RuntimeJson.Sample().ToJsonString())),
            LoopbackResponse.Json(JsonSerializer.Serialize(new { ARN = ClientSecretArn, Name = "portal-staging/cognito-portal-client-secret", SecretString = "from-secrets-manager", VersionId = "v1" })));

        await using var portal = await StartAsync(new() { ["Portal:Auth:ClientSecret"] = $"secretsmanager:{ClientSecretArn}" });

        var aws = portal.Services.GetRequiredService<IOptions<AwsOptions>>().Value;
        Assert.Equal(("portal-staging-orders", "portal-staging-vpcs", "portal-staging-data-filesbucket1a2b3c-xyz", "eu-west-1"),
            (aws.Tables.Orders, aws.Tables.Vpcs, aws.Bucket, aws.Region));
        Assert.Equal(("", ""), (aws.AccessKeyId, aws.SecretAccessKey)); // appsettings' local keys are cleared in Aws mode

        var cognito = portal.Services.GetRequiredService<IOptions<CognitoOptions>>().Value;
        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI", cognito.Authority);
        Assert.Equal("1a2b3c4d5e6f7g8h9i0jklmnop", cognito.ClientId);
        Assert.Equal("from-secrets-manager", cognito.ClientSecret);
        Assert.Equal(new Uri("https://acme-portal-staging.auth.eu-west-1.amazoncognito.com/logout"), cognito.LogoutEndpoint);
        Assert.Equal(["2b3c4d5e6f7g8h9i0jklmnopq", "3c4d5e6f7g8h9i0jklmnopqr"], cognito.AllowedApiClients);
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:portal-staging-tokens",
            portal.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.Topics["tokens"]);

        Assert.Equal(["AmazonSSM.GetParameter", "secretsmanager.GetSecretValue"], _aws.Requests.Select(r => r.Header("X-Amz-Target")));
        Assert.Contains("\"Name\":\"/portal/staging/runtime\"", _aws.Requests[0].Body);
        Assert.Contains(ClientSecretArn, _aws.Requests[1].Body);

        using var client = portal.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_missing_runtime_parameter_stops_start_up_with_a_message_naming_it()
    {
        _aws.Enqueue(LoopbackResponse.Json("""{"__type":"ParameterNotFound"}""", 400));

        var error = await Assert.ThrowsAsync<RuntimeConfigurationException>(
            () => StartAsync(new() { ["Portal:RuntimeParameter"] = "/portal/staging/runtime-v2" }));

        Assert.StartsWith("SSM parameter '/portal/staging/runtime-v2' does not exist in eu-west-1", error.Message);
    }
}
