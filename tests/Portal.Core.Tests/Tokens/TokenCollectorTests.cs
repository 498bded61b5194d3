using Amazon.S3.Model;
using Microsoft.IdentityModel.JsonWebTokens;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

/// <summary>The collector end to end: the local provider issues the token, s3rver stores it, dynalite keeps the history and the feed.</summary>
public sealed class TokenCollectorTests
{
    [Fact]
    public async Task A_run_against_the_local_provider_stores_the_token_with_metadata_records_the_run_and_notifies()
    {
        await using var pipeline = await TokenPipeline.StartAsync();

        var run = await pipeline.Collector.RunAsync(TokenRunTrigger.Manual, "admin");

        Assert.True(run.Succeeded, run.ErrorReason);
        Assert.Equal(200, run.HttpStatus);
        var token = await pipeline.RawTokenAsync();
        Assert.NotNull(token);
        // The provider's machine token: a JWT for token-job with the requested scope, like Cognito's.
        var jwt = new JsonWebToken(token);
        Assert.Equal("token-job", jwt.GetClaim("client_id").Value);
        Assert.Equal("partner/read", jwt.GetClaim("scope").Value);
        Assert.Equal(TokenFingerprint.Of(token), run.Fingerprint);

        using var stored = await pipeline.S3.GetObjectAsync("portal-data", pipeline.ObjectKey);
        Assert.Equal(run.RunId, stored.Metadata["x-amz-meta-run-id"]);
        var fetchedAt = DateTimeOffset.Parse(stored.Metadata["x-amz-meta-fetched-at"]);
        var expiresAt = DateTimeOffset.Parse(stored.Metadata["x-amz-meta-expires-at"]);
        Assert.InRange(fetchedAt, run.StartedAt, run.EndedAt);
        // expires-at is fetched-at plus expires_in; the JWT's own exp agrees to the second.
        Assert.InRange((expiresAt - jwt.ValidTo).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));

        var read = await pipeline.Store.ReadAsync();
        Assert.NotNull(read);
        Assert.Equal(run.Fingerprint, read.Fingerprint);
        Assert.Equal(run.RunId, read.RunId);

        var history = await pipeline.History.PageAsync(10);
        var recorded = Assert.Single(history.Runs);
        Assert.Equal(run with { StartedAt = recorded.StartedAt, EndedAt = recorded.EndedAt }, recorded);
        Assert.Equal(TokenRunTrigger.Manual, recorded.Trigger);
        Assert.Equal("admin", recorded.TriggeredBy);
        Assert.InRange((recorded.StartedAt - run.StartedAt).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));

        var notice = Assert.Single(await pipeline.Feed.RecentAsync(TokenCollector.NotificationTopic, 10));
        Assert.Equal("Token refresh succeeded", notice.Subject);
        Assert.Contains(run.RunId, notice.Message);
        Assert.Contains(run.Fingerprint!.Value.Sha256Prefix, notice.Message);
        Assert.DoesNotContain(token, notice.Message);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_a_failed_run_naming_invalid_client_and_leaves_no_token()
    {
        await using var pipeline = await TokenPipeline.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Portal:Tokens:ClientSecret"] = "not-the-secret",
        });

        var run = await pipeline.Collector.RunAsync(TokenRunTrigger.Schedule, TokenRun.ScheduleActor);

        Assert.False(run.Succeeded);
        Assert.Equal(401, run.HttpStatus);
        Assert.Contains("invalid_client", run.ErrorReason);
        Assert.DoesNotContain("not-the-secret", run.ErrorReason);
        Assert.Null(await pipeline.RawTokenAsync());
        var notice = Assert.Single(await pipeline.Feed.RecentAsync(TokenCollector.NotificationTopic, 10));
        Assert.Equal("Token refresh failed", notice.Subject);
        Assert.Contains("invalid_client", notice.Message);
    }

    [Fact]
    public async Task The_put_asks_s3_for_aes256_encryption_and_sends_the_metadata_headers()
    {
        // s3rver ignores server-side encryption, so the request itself is checked at a loopback S3.
        var puts = new List<RecordedS3Put>();
        await using var s3 = new LoopbackS3(puts);
        await using var pipeline = await TokenPipeline.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Portal:Aws:S3ServiceUrl"] = s3.ServiceUrl,
            ["Portal:Tokens:Sse"] = "aws:kms",
            ["Portal:Tokens:KmsKeyId"] = "alias/portal-tokens",
        });
        var grant = new AccessTokenGrant("header.payload.sig", "Bearer", new DateTimeOffset(2026, 11, 21, 10, 15, 0, TimeSpan.Zero), TimeSpan.FromHours(1), null);

        await pipeline.Store.SaveAsync(grant, "run-1");

        var put = Assert.Single(puts);
        Assert.Equal("PUT", put.Method);
        Assert.Equal($"/portal-data/{pipeline.ObjectKey}", put.Path);
        Assert.Equal("aws:kms", put.Headers["x-amz-server-side-encryption"]);
        Assert.Equal("alias/portal-tokens", put.Headers["x-amz-server-side-encryption-aws-kms-key-id"]);
        Assert.Equal("2026-11-21T10:15:00.0000000Z", put.Headers["x-amz-meta-fetched-at"]);
        Assert.Equal("2026-11-21T11:15:00.0000000Z", put.Headers["x-amz-meta-expires-at"]);
        Assert.Equal("run-1", put.Headers["x-amz-meta-run-id"]);
        Assert.Null(put.Headers["Content-Encoding"]); // not aws-chunked
        Assert.Equal("header.payload.sig", put.Body);
    }

    [Fact]
    public async Task Default_encryption_is_aes256()
    {
        var puts = new List<RecordedS3Put>();
        await using var s3 = new LoopbackS3(puts);
        await using var pipeline = await TokenPipeline.StartAsync(settings: new Dictionary<string, string?> { ["Portal:Aws:S3ServiceUrl"] = s3.ServiceUrl });

        await pipeline.Store.SaveAsync(new AccessTokenGrant("t", "Bearer", DateTimeOffset.UnixEpoch, TimeSpan.FromHours(1), null), "run-2");

        Assert.Equal("AES256", Assert.Single(puts).Headers["x-amz-server-side-encryption"]);
        Assert.Null(puts[0].Headers["x-amz-server-side-encryption-aws-kms-key-id"]);
    }

    [Fact]
    public async Task An_s3_failure_after_a_good_token_is_a_failed_run_that_says_the_token_was_not_stored()
    {
        await using var s3 = new LoopbackS3([], status: 403, errorCode: "AccessDenied");
        await using var pipeline = await TokenPipeline.StartAsync(settings: new Dictionary<string, string?> { ["Portal:Aws:S3ServiceUrl"] = s3.ServiceUrl });

        var run = await pipeline.Collector.RunAsync(TokenRunTrigger.Manual, "admin");

        Assert.False(run.Succeeded);
        Assert.Contains("could not be stored", run.ErrorReason);
        Assert.Contains("AccessDenied", run.ErrorReason);
        Assert.Null(run.Fingerprint);
    }
}
