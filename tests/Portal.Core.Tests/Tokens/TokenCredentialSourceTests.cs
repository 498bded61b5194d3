using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public sealed class TokenCredentialSourceTests
{
    private const string Arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:portal/token-api-AbCdEf";
    private static readonly HttpClient Http = SignedAwsTransport.CreateHttpClient(new AwsRetryOptions());

    private static TokenCredentialSource Source(PortalMode mode, Uri? secretsManager = null) => new(
        Options.Create(new TokenRefreshOptions { ClientId = "configured-id", ClientSecret = "configured-secret", SecretArn = Arn }),
        Options.Create(new PortalOptions { Mode = mode }),
        () => new SecretsManagerClient(Http, new AwsClientOptions(new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI"), "us-east-1")
        {
            Endpoint = secretsManager ?? throw new InvalidOperationException("Local mode must not call Secrets Manager"),
            Time = new ManualClock(),
        }));

    private static string SecretResponse(string secretString) => JsonSerializer.Serialize(new
    {
        ARN = Arn,
        Name = "portal/token-api",
        VersionId = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
        SecretString = secretString,
        VersionStages = new[] { "AWSCURRENT" },
        CreatedDate = 1523477145.713,
    });

    [Fact]
    public async Task Local_mode_reads_configuration_and_never_calls_secrets_manager()
    {
        var credentials = await Source(PortalMode.Local).ReadAsync();

        Assert.Equal("configured-id", credentials.ClientId);
        Assert.Equal("configured-secret", credentials.ClientSecret);
        Assert.DoesNotContain("configured-secret", credentials.ToString());
    }

    [Fact]
    public async Task Aws_mode_calls_get_secret_value_by_arn_and_reads_client_id_and_secret_from_the_json()
    {
        await using var server = new LoopbackTokenServer(new CannedResponse(200,
            SecretResponse("""{"client_id":"from-secret","client_secret":"s3cret-from-sm"}"""), "application/x-amz-json-1.1"));

        var credentials = await Source(PortalMode.Aws, new Uri($"http://127.0.0.1:{server.Port}/")).ReadAsync();

        Assert.Equal("from-secret", credentials.ClientId);
        Assert.Equal("s3cret-from-sm", credentials.ClientSecret);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/secretsmanager/aws4_request", request.Authorization);
        Assert.Equal(Arn, JsonDocument.Parse(request.Body).RootElement.GetProperty("SecretId").GetString());
    }

    [Fact]
    public async Task A_missing_secret_is_a_credentials_error_naming_the_aws_error_and_what_to_check()
    {
        await using var server = new LoopbackTokenServer(new CannedResponse(400,
            """{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}""", "application/x-amz-json-1.1"));

        var ex = await Assert.ThrowsAsync<TokenCredentialsException>(() => Source(PortalMode.Aws, new Uri($"http://127.0.0.1:{server.Port}/")).ReadAsync());

        Assert.Contains("ResourceNotFoundException", ex.Message);
        Assert.Contains(Arn, ex.Message);
        Assert.Contains("secretsmanager:GetSecretValue", ex.Message);
    }

    [Theory]
    [InlineData("not json at all s3cret", "is not JSON")]
    [InlineData("[\"s3cret\"]", "holds JSON Array, not an object")]
    [InlineData("{\"client_id\":\"x\"}", "has no string client_secret")]
    [InlineData("{\"client_secret\":42}", "has no string client_secret")]
    public void A_badly_shaped_secret_names_the_expected_shape_without_quoting_it(string secretString, string expected)
    {
        var ex = Assert.Throws<TokenCredentialsException>(() => TokenCredentialSource.Parse(secretString, Arn, "configured-id"));

        Assert.Contains(expected, ex.Message);
        Assert.Contains("\"client_id\": \"...\", \"client_secret\": \"...\"", ex.Message);
        Assert.DoesNotContain("s3cret", ex.Message);
    }

    [Fact]
    public void Client_id_falls_back_to_configuration_and_is_required_somewhere()
    {
        Assert.Equal("configured-id", TokenCredentialSource.Parse("""{"client_secret":"x"}""", Arn, "configured-id").ClientId);
        var ex = Assert.Throws<TokenCredentialsException>(() => TokenCredentialSource.Parse("""{"client_secret":"x"}""", Arn, null));
        Assert.Contains("no client_id and Portal:Tokens:ClientId is not set", ex.Message);
    }
}
