using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Portal.Core.Identity;

namespace Portal.Core.Tokens;

/// <summary>
/// Runs an OAuth 2.0 client-credentials request (RFC 6749 section 4.4) and turns every way it can go
/// wrong into a <see cref="TokenFetchResult"/> failure instead of an exception. Only a cancellation
/// by the caller is thrown.
/// </summary>
public sealed class TokenEndpointClient(HttpClient http, TimeProvider time)
{
    private const int MaxDescriptionLength = 200;

    public async Task<TokenFetchResult> RequestTokenAsync(ClientCredentialsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = request.TokenEndpoint.GetLeftPart(UriPartial.Authority);

        // The timeout is wall-clock on purpose: it bounds a real network call, unlike expiry, which follows TimeProvider.
        using var timeout = new CancellationTokenSource(request.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        int status;
        string body;
        try
        {
            using var message = BuildRequest(request);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return ErrorResponse(request, response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TokenFetchResult.Failure(TokenFetchFailureKind.Timeout,
                $"token endpoint {endpoint} did not answer within {request.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return TokenFetchResult.Failure(TokenFetchFailureKind.ConnectionFailed,
                $"could not reach token endpoint {endpoint}: {DescribeConnectionError(ex)}", (int?)ex.StatusCode);
        }

        return ParseGrant(request, status, body);
    }

    private static HttpRequestMessage BuildRequest(ClientCredentialsRequest request)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrWhiteSpace(request.Scope))
            form.Add(new("scope", request.Scope.Trim()));

        var message = new HttpRequestMessage(HttpMethod.Post, request.TokenEndpoint);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.AuthMethod == TokenAuthMethod.ClientSecretBasic)
        {
            message.Headers.Authorization = ClientSecretBasic.Header(request.ClientId, request.ClientSecret);
        }
        else
        {
            form.Add(new("client_id", request.ClientId));
            form.Add(new("client_secret", request.ClientSecret));
        }
        message.Content = new FormUrlEncodedContent(form);
        return message;
    }

    private TokenFetchResult ParseGrant(ClientCredentialsRequest request, int status, string body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // The body may hold the token, so describe it without quoting it.
            return TokenFetchResult.Failure(TokenFetchFailureKind.InvalidJson,
                $"token endpoint answered HTTP {status} with a body that is not JSON ({body.Length} chars)", status);
        }
        if (root.ValueKind != JsonValueKind.Object)
            return TokenFetchResult.Failure(TokenFetchFailureKind.InvalidJson,
                $"token endpoint answered HTTP {status} with JSON {root.ValueKind}, expected an object", status);

        if (!root.TryGetProperty("access_token", out var tokenElement) || tokenElement.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(tokenElement.GetString()))
            return TokenFetchResult.Failure(TokenFetchFailureKind.MissingAccessToken,
                $"token endpoint answered HTTP {status} without a string access_token", status);

        if (!TryReadExpiresIn(root, out var expiresIn, out var expiresProblem))
            return TokenFetchResult.Failure(TokenFetchFailureKind.InvalidExpiresIn,
                $"token endpoint answered HTTP {status} with {expiresProblem}; the portal needs a positive expires_in (seconds) to know when to refresh", status);

        // token_type is REQUIRED by RFC 6749 but some servers omit it; every client-credentials server we target issues Bearer.
        var tokenType = root.TryGetProperty("token_type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
            ? typeElement.GetString()! : "Bearer";
        // RFC 6749 5.1: an omitted scope means the scope requested.
        var scope = root.TryGetProperty("scope", out var scopeElement) && scopeElement.ValueKind == JsonValueKind.String
            ? scopeElement.GetString() : request.Scope;

        var grant = new AccessTokenGrant(tokenElement.GetString()!, tokenType, time.GetUtcNow(), expiresIn, scope);
        return TokenFetchResult.Success(grant, status);
    }

    private static bool TryReadExpiresIn(JsonElement root, out TimeSpan expiresIn, out string problem)
    {
        expiresIn = default;
        if (!root.TryGetProperty("expires_in", out var element))
        {
            problem = "no expires_in";
            return false;
        }
        long seconds = 0;
        var readable = element.ValueKind == JsonValueKind.Number
            ? element.TryGetInt64(out seconds)
            // Some servers send the number as a string ("3600").
            : element.ValueKind == JsonValueKind.String
              && long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
        if (!readable)
        {
            problem = $"expires_in that is not a whole number of seconds ({element.ValueKind})";
            return false;
        }
        if (seconds <= 0 || seconds > (long)TimeSpan.FromDays(3650).TotalSeconds)
        {
            problem = $"expires_in {seconds}";
            return false;
        }
        expiresIn = TimeSpan.FromSeconds(seconds);
        problem = "";
        return true;
    }

    private static TokenFetchResult ErrorResponse(ClientCredentialsRequest request, HttpStatusCode statusCode, string body)
    {
        var status = (int)statusCode;
        var (error, description) = ReadOAuthError(body);
        var text = new StringBuilder($"token endpoint answered HTTP {status} {statusCode}");
        if (error is not null)
        {
            text.Append(": ").Append(error);
            if (description is not null) text.Append(" (").Append(description).Append(')');
            if (Hint(error) is { } hint) text.Append("; ").Append(hint);
        }
        var reason = Redact(text.ToString(), request.ClientSecret);
        return TokenFetchResult.Failure(TokenFetchFailureKind.HttpError, reason, status, error is null ? null : Redact(error, request.ClientSecret));
    }

    private static (string? Error, string? Description) ReadOAuthError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            return (Printable(root, "error", 64), Printable(root, "error_description", MaxDescriptionLength));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>Takes a server-supplied string only as printable ASCII of bounded length, so a hostile body cannot flood or garble the reason.</summary>
    private static string? Printable(JsonElement root, string name, int maxLength)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String) return null;
        var value = new string(element.GetString()!.Where(c => c is >= ' ' and <= '~').ToArray()).Trim();
        if (value.Length == 0) return null;
        return value.Length <= maxLength ? value : value[..maxLength] + "...";
    }

    private static string? Hint(string error) => error switch
    {
        "invalid_client" => "check the client id and client secret",
        "unauthorized_client" => "the app client is not allowed the client_credentials grant",
        "invalid_scope" => "check the requested scope against the scopes the app client may use",
        "unsupported_grant_type" => "the server does not offer the client_credentials grant",
        _ => null,
    };

    // A server that echoes the secret back (some do in error_description) must not leak it into run history.
    private static string Redact(string text, string secret) =>
        secret.Length == 0 ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    private static string DescribeConnectionError(HttpRequestException ex)
    {
        if (ex.InnerException is SocketException socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listening on that port)",
                SocketError.HostNotFound or SocketError.NoData => "host name not found",
                SocketError.TimedOut => "connection timed out",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                var other => $"socket error {other}",
            };
        }
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host name not found",
            HttpRequestError.SecureConnectionError => "TLS handshake failed (check the certificate and the https URL)",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.ResponseEnded => "the server closed the connection before answering",
            var other => other.ToString(),
        };
    }
}
