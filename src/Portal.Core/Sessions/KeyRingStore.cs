using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Sessions;

/// <summary>
/// Where the portal's Data Protection keys live, so that every instance (and a restarted one) reads the same key ring:
/// one object per key under <see cref="Prefix"/> in the portal's bucket. The keys decrypt sessions and cookies, so in
/// AWS they are stored with SSE-KMS (the account's aws/s3 key; the task role's object grant on the bucket covers it);
/// locally s3rver keeps them in the data folder.
/// </summary>
public sealed class KeyRingStore(IAmazonS3 s3, IOptions<AwsOptions> aws, IOptions<PortalOptions> portal)
{
    public const string Prefix = "data-protection/keys/";

    public async Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = aws.Value.Bucket, Prefix = Prefix };
        await foreach (var item in s3.Paginators.ListObjectsV2(request).S3Objects.WithCancellation(cancellationToken))
        {
            using var response = await s3.GetObjectAsync(aws.Value.Bucket, item.Key, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream);
            keys.Add(await reader.ReadToEndAsync(cancellationToken));
        }

        return keys;
    }

    /// <summary>Keys are never rewritten: the framework names each one once (its id) and only adds new ones.</summary>
    public Task StoreAsync(string name, string xml, CancellationToken cancellationToken = default) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = aws.Value.Bucket,
            Key = Prefix + string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')) + ".xml",
            ContentBody = xml,
            ContentType = "application/xml",
            UseChunkEncoding = false, // s3rver cannot read aws-chunked bodies
            ServerSideEncryptionMethod = portal.Value.Mode == PortalMode.Aws ? ServerSideEncryptionMethod.AWSKMS : ServerSideEncryptionMethod.None,
        }, cancellationToken);
}
