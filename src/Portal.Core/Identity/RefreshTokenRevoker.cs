using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Identity;

/// <summary>Revokes a session's refresh token at Cognito's /oauth2/revoke when the session ends, so a copy of it cannot
/// mint tokens for the rest of its 30 days. Best effort: a failure is logged, never thrown, and a short timeout keeps
/// a slow Cognito from holding up sign-out.</summary>
public sealed class RefreshTokenRevoker(IHttpClientFactory http, IOptions<CognitoOptions> options, ILogger<RefreshTokenRevoker> logger)
{
    public const string HttpClientName = "Portal.Core.Identity.RefreshTokenRevoker";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task RevokeAsync(string? refreshToken)
    {
        if (refreshToken is null)
            return;
        var cognito = options.Value;
        // Not the request's cancellation: a browser that leaves mid sign-out still has its token revoked.
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, cognito.RevocationEndpoint)
            {
                // Cognito takes a confidential client's secret only as Basic here (its token endpoint also takes it posted).
                Headers = { Authorization = ClientSecretBasic.Header(cognito.ClientId, cognito.ClientSecret) },
                Content = new FormUrlEncodedContent([new("token", refreshToken)]),
            };
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("Revoking a refresh token at {Endpoint} answered {Status}", cognito.RevocationEndpoint, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning(ex, "Revoking a refresh token at {Endpoint} failed", cognito.RevocationEndpoint);
        }
    }
}
