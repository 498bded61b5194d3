using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Notifications;

namespace Portal.Core.Tokens;

/// <summary>
/// One run of the token refresh job: read the client credentials, request a token, store it in S3,
/// record the run and notify. Every failure becomes a Failed run with a reason; a failed run never
/// touches the stored token, because only a successful request reaches <see cref="TokenStore.SaveAsync"/>.
/// </summary>
public sealed class TokenCollector(
    TokenCredentialSource credentials,
    TokenEndpointClient endpoint,
    TokenStore store,
    TokenRunHistory history,
    INotificationPublisher notifications,
    IOptions<TokenRefreshOptions> options,
    TimeProvider time,
    ILogger<TokenCollector> logger)
{
    public const string NotificationTopic = "tokens";

    public async Task<TokenRun> RunAsync(TokenRunTrigger trigger, string triggeredBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(triggeredBy);
        var runId = NewRunId();
        var startedAt = time.GetUtcNow();
        var run = await CollectAsync(runId, trigger, triggeredBy, startedAt, cancellationToken).ConfigureAwait(false);

        if (run.Succeeded)
            logger.LogInformation("Token run {RunId} ({Trigger} by {By}) succeeded: token {Fingerprint}", run.RunId, trigger, triggeredBy, run.Fingerprint);
        else
            logger.LogWarning("Token run {RunId} ({Trigger} by {By}) failed: {Reason}", run.RunId, trigger, triggeredBy, run.ErrorReason);

        try
        {
            await history.RecordAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The token (if any) is already stored; losing one history row must not hide the outcome from the notification.
            logger.LogError(ex, "Token run {RunId} could not be written to the run history", run.RunId);
        }
        await NotifyAsync(run, cancellationToken).ConfigureAwait(false);
        return run;
    }

    private async Task<TokenRun> CollectAsync(string runId, TokenRunTrigger trigger, string by, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        TokenRun Failed(string reason, int? status = null) =>
            TokenRun.Failed(runId, trigger, by, startedAt, time.GetUtcNow(), reason, status);

        TokenClientCredentials client;
        try
        {
            client = await credentials.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TokenCredentialsException ex)
        {
            return Failed($"could not read the client credentials: {ex.Message}");
        }

        var result = await endpoint.RequestTokenAsync(options.Value.ToRequest(client.ClientId, client.ClientSecret), cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
            return Failed(result.Reason, result.HttpStatus);

        try
        {
            await store.SaveAsync(result.Grant, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex)
        {
            return Failed($"the token was issued but could not be stored in s3://{options.Value.Bucket}/{options.Value.ObjectKey}: {ex.ErrorCode} (HTTP {(int)ex.StatusCode}) {ex.Message}", result.HttpStatus);
        }
        catch (HttpRequestException ex)
        {
            return Failed($"the token was issued but S3 could not be reached: {ex.Message}", result.HttpStatus);
        }
        return TokenRun.FromResult(runId, trigger, by, startedAt, time.GetUtcNow(), result);
    }

    private async Task NotifyAsync(TokenRun run, CancellationToken cancellationToken)
    {
        var subject = run.Succeeded ? "Token refresh succeeded" : "Token refresh failed";
        var message = run.Succeeded
            ? $"Run {run.RunId} ({Describe(run)}) stored token {run.Fingerprint} in s3://{options.Value.Bucket}/{options.Value.ObjectKey} in {run.Duration.TotalMilliseconds:0} ms."
            : $"Run {run.RunId} ({Describe(run)}) failed after {run.Duration.TotalMilliseconds:0} ms: {run.ErrorReason}. The previous token, if any, is unchanged.";
        try
        {
            await notifications.PublishAsync(NotificationTopic, subject, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Token run {RunId}: the {Outcome} notification could not be published", run.RunId, run.Outcome);
        }
    }

    private static string Describe(TokenRun run) =>
        run.Trigger == TokenRunTrigger.Schedule ? "scheduled" : $"manual, by {run.TriggeredBy}";

    /// <summary>Time-ordered and unique enough across instances: the start second plus 40 random bits.</summary>
    private string NewRunId() =>
        $"{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}"[..27];
}
