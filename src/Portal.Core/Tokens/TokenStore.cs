using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Portal.Core.Tokens;

/// <summary>What the portal knows about the token in S3 without ever handing the token itself out.</summary>
public sealed record StoredToken(
    TokenFingerprint Fingerprint,
    DateTimeOffset? FetchedAt,
    DateTimeOffset? ExpiresAt,
    string? RunId,
    string? ServerSideEncryption);

/// <summary>
/// <c>access_token.txt</c> in S3, encrypted at rest, with fetched-at, expires-at and run-id as object metadata.
/// Only a successful run calls <see cref="SaveAsync"/>, so a failed run leaves the last good token in place.
/// </summary>
public sealed class TokenStore(IAmazonS3 s3, IOptions<TokenRefreshOptions> options)
{
    public const string FetchedAtKey = "fetched-at";
    public const string ExpiresAtKey = "expires-at";
    public const string RunIdKey = "run-id";

    public async Task SaveAsync(AccessTokenGrant grant, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var settings = options.Value;
        var request = new PutObjectRequest
        {
            BucketName = settings.Bucket,
            Key = settings.ObjectKey,
            ContentBody = grant.AccessToken,
            ContentType = "text/plain; charset=utf-8",
            // s3rver cannot read aws-chunked bodies; a plain signed body works against real S3 as well.
            UseChunkEncoding = false,
            ServerSideEncryptionMethod = settings.Sse == TokenRefreshOptions.SseKms
                ? ServerSideEncryptionMethod.AWSKMS
                : ServerSideEncryptionMethod.AES256,
        };
        if (settings.Sse == TokenRefreshOptions.SseKms && !string.IsNullOrEmpty(settings.KmsKeyId))
            request.ServerSideEncryptionKeyManagementServiceKeyId = settings.KmsKeyId;
        request.Metadata.Add(FetchedAtKey, Iso(grant.FetchedAt));
        request.Metadata.Add(ExpiresAtKey, Iso(grant.ExpiresAt));
        request.Metadata.Add(RunIdKey, runId);
        await s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored token's fingerprint and metadata, or null when there is none yet.</summary>
    public async Task<StoredToken?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        GetObjectResponse response;
        try
        {
            response = await s3.GetObjectAsync(settings.Bucket, settings.ObjectKey, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        using (response)
        {
            using var reader = new StreamReader(response.ResponseStream);
            var token = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return new StoredToken(
                TokenFingerprint.Of(token),
                ReadTime(response.Metadata, FetchedAtKey),
                ReadTime(response.Metadata, ExpiresAtKey),
                Read(response.Metadata, RunIdKey),
                response.ServerSideEncryptionMethod?.Value is { Length: > 0 } sse ? sse : null);
        }
    }

    internal static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static string? Read(MetadataCollection metadata, string key)
    {
        // The SDK hands metadata back under its x-amz-meta- header name.
        var value = metadata["x-amz-meta-" + key];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static DateTimeOffset? ReadTime(MetadataCollection metadata, string key) =>
        DateTimeOffset.TryParse(Read(metadata, key), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;
}
