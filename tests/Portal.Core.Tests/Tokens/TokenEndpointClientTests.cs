using System.Text;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public class TokenEndpointClientTests
{
    private const string ClientId = "portal-job";
    private const string Secret = "s3cr3t-VALUE-never-shown";
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.payload.signature";
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 15, 0, TimeSpan.Zero);

    private static readonly HttpClient Http = new();

    private static Task<TokenFetchResult> Request(Uri endpoint, Action<ClientCredentialsRequestOptions>? configure = null)
    {
        var options = new ClientCredentialsRequestOptions();
        configure?.Invoke(options);
        var request = new ClientCredentialsRequest(endpoint, options.ClientId, options.Secret)
        {
            AuthMethod = options.AuthMethod,
            Scope = options.Scope,
            Timeout = options.Timeout,
        };
        return new TokenEndpointClient(Http, new ManualClock(Now)).RequestTokenAsync(request);
    }

    private sealed class ClientCredentialsRequestOptions
    {
        public string ClientId { get; set; } = TokenEndpointClientTests.ClientId;
        public string Secret { get; set; } = TokenEndpointClientTests.Secret;
        public TokenAuthMethod AuthMethod { get; set; } = TokenAuthMethod.ClientSecretBasic;
        public string? Scope { get; set; } = "orders/read orders/write";
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
    }

    private static CannedResponse Json(int status, string json) => new(status, json);

    private static void AssertFailedWithoutSecrets(TokenFetchResult result, TokenFetchFailureKind kind)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(kind, result.FailureKind);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.DoesNotContain(Secret, result.Reason);
        Assert.DoesNotContain(Secret, result.ToString());
        Assert.DoesNotContain(Token, result.Reason);
    }

    [Fact]
    public async Task Basic_auth_sends_the_rfc_request_and_returns_the_grant()
    {
        await using var server = new LoopbackTokenServer(Json(200,
            $$"""{"access_token":"{{Token}}","token_type":"Bearer","expires_in":3600,"scope":"orders/read"}"""));

        var result = await Request(server.TokenEndpoint);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(Token, result.Grant.AccessToken);
        Assert.Equal("Bearer", result.Grant.TokenType);
        Assert.Equal(Now, result.Grant.FetchedAt);
        Assert.Equal(Now.AddHours(1), result.Grant.ExpiresAt);
        Assert.Equal("orders/read", result.Grant.Scope);
        Assert.Equal(TokenFingerprint.Of(Token), result.Grant.Fingerprint);
        Assert.DoesNotContain(Token, result.Grant.ToString());
        Assert.DoesNotContain(Token, result.ToString());

        var sent = Assert.Single(server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/oauth2/token", sent.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{Secret}")), sent.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", sent.ContentType);
        Assert.Equal("application/json", sent.Accept);
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "orders/read orders/write",
        }, sent.Form);
    }

    [Fact]
    public async Task Basic_auth_form_encodes_id_and_secret_before_base64()
    {
        await using var server = new LoopbackTokenServer(Json(200, $$"""{"access_token":"{{Token}}","token_type":"Bearer","expires_in":60}"""));

        var result = await Request(server.TokenEndpoint, o => { o.ClientId = "id:1"; o.Secret = "a b+c/="; o.Scope = null; });

        Assert.True(result.Succeeded, result.Reason);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("id%3A1:a+b%2Bc%2F%3D")), sent.Authorization);
        Assert.Equal(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, sent.Form);
        // No scope in the response: RFC 6749 says it is the scope requested (here none).
        Assert.Null(result.Grant.Scope);
    }

    [Fact]
    public async Task Client_secret_post_puts_credentials_in_the_body_and_no_authorization_header()
    {
        await using var server = new LoopbackTokenServer(Json(200, $$"""{"access_token":"{{Token}}","token_type":"Bearer","expires_in":"900"}"""));

        var result = await Request(server.TokenEndpoint, o => o.AuthMethod = TokenAuthMethod.ClientSecretPost);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(Now.AddMinutes(15), result.Grant.ExpiresAt);
        Assert.Equal("orders/read orders/write", result.Grant.Scope);
        var sent = Assert.Single(server.Requests);
        Assert.Null(sent.Authorization);
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "orders/read orders/write",
            ["client_id"] = ClientId,
            ["client_secret"] = Secret,
        }, sent.Form);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_is_a_timeout_failure()
    {
        await using var server = new LoopbackTokenServer(new CannedResponse(200, "{}", Delay: TimeSpan.FromSeconds(5)));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await Request(server.TokenEndpoint, o => o.Timeout = TimeSpan.FromMilliseconds(300));

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.Timeout);
        Assert.Null(result.HttpStatus);
        Assert.Contains($"127.0.0.1:{server.Port}", result.Reason);
        Assert.Contains("did not answer within 0.3 s", result.Reason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_caller_cancellation_is_thrown_not_reported_as_timeout()
    {
        await using var server = new LoopbackTokenServer(new CannedResponse(200, "{}", Delay: TimeSpan.FromSeconds(5)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var client = new TokenEndpointClient(Http, new ManualClock(Now));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.RequestTokenAsync(new ClientCredentialsRequest(server.TokenEndpoint, ClientId, Secret), cancel.Token));
    }

    [Fact]
    public async Task Nothing_listening_is_a_connection_failure()
    {
        var port = LocalStack.FreePort();

        var result = await Request(new Uri($"http://127.0.0.1:{port}/oauth2/token"));

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.ConnectionFailed);
        Assert.Null(result.HttpStatus);
        Assert.Contains($"127.0.0.1:{port}", result.Reason);
        Assert.Contains("connection refused", result.Reason);
    }

    [Fact]
    public async Task Http_500_without_json_is_an_http_error_with_the_status()
    {
        await using var server = new LoopbackTokenServer(new CannedResponse(500, "<html>oops</html>", "text/html"));

        var result = await Request(server.TokenEndpoint);

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.HttpError);
        Assert.Equal(500, result.HttpStatus);
        Assert.Equal("token endpoint answered HTTP 500 InternalServerError", result.Reason);
        Assert.Null(result.OAuthError);
    }

    [Fact]
    public async Task Http_401_invalid_client_reports_the_oauth_error_and_a_hint()
    {
        // A careless server echoing the secret must not leak it into the reason.
        await using var server = new LoopbackTokenServer(Json(401,
            $$"""{"error":"invalid_client","error_description":"Client authentication failed for secret {{Secret}}"}"""));

        var result = await Request(server.TokenEndpoint);

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.HttpError);
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal("invalid_client", result.OAuthError);
        Assert.Equal("token endpoint answered HTTP 401 Unauthorized: invalid_client (Client authentication failed for secret [redacted]); " +
                     "check the client id and client secret", result.Reason);
    }

    [Fact]
    public async Task Long_or_garbled_error_descriptions_are_trimmed()
    {
        var description = "bad\u0007\n" + new string('x', 500);
        await using var server = new LoopbackTokenServer(Json(400,
            $$"""{"error":"invalid_scope","error_description":"{{System.Text.Encodings.Web.JavaScriptEncoder.Default.Encode(description)}}"}"""));

        var result = await Request(server.TokenEndpoint);

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.HttpError);
        Assert.Contains("invalid_scope (badxxx", result.Reason);
        Assert.Contains("...)", result.Reason);
        Assert.DoesNotContain("\n", result.Reason);
        Assert.True(result.Reason!.Length < 400, result.Reason);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_invalid_json_without_quoting_it()
    {
        await using var server = new LoopbackTokenServer(new CannedResponse(200, $"access_token={Token}", "text/plain"));

        var result = await Request(server.TokenEndpoint);

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.InvalidJson);
        Assert.Equal(200, result.HttpStatus);
        Assert.Contains("not JSON", result.Reason);
    }

    [Fact]
    public async Task A_json_array_is_invalid_json()
    {
        await using var server = new LoopbackTokenServer(Json(200, "[1,2]"));

        var result = await Request(server.TokenEndpoint);

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.InvalidJson);
        Assert.Contains("expected an object", result.Reason);
    }

    [Theory]
    [InlineData("""{"token_type":"Bearer","expires_in":3600}""")]
    [InlineData("""{"access_token":"","token_type":"Bearer","expires_in":3600}""")]
    [InlineData("""{"access_token":42,"token_type":"Bearer","expires_in":3600}""")]
    public async Task A_missing_access_token_is_reported(string json)
    {
        await using var server = new LoopbackTokenServer(Json(200, json));

        var result = await Request(server.TokenEndpoint);

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.MissingAccessToken);
        Assert.Equal("token endpoint answered HTTP 200 without a string access_token", result.Reason);
    }

    [Theory]
    [InlineData("", "no expires_in")]
    [InlineData(""","expires_in":0""", "expires_in 0")]
    [InlineData(""","expires_in":-5""", "expires_in -5")]
    [InlineData(""","expires_in":"soon" """, "not a whole number")]
    [InlineData(""","expires_in":36.5""", "not a whole number")]
    public async Task A_missing_or_non_positive_expires_in_is_reported(string expiresPart, string expected)
    {
        await using var server = new LoopbackTokenServer(Json(200, $$"""{"access_token":"{{Token}}","token_type":"Bearer"{{expiresPart}}}"""));

        var result = await Request(server.TokenEndpoint);

        AssertFailedWithoutSecrets(result, TokenFetchFailureKind.InvalidExpiresIn);
        Assert.Contains(expected, result.Reason);
        Assert.Contains("positive expires_in", result.Reason);
    }

    [Fact]
    public void The_request_never_prints_its_secret()
    {
        var request = new ClientCredentialsRequest(new Uri("https://auth.example.com/oauth2/token"), ClientId, Secret);
        Assert.DoesNotContain(Secret, request.ToString());
        Assert.Contains(ClientId, request.ToString());
    }
}
