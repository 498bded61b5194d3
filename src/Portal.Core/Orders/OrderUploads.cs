using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>An upload refused before anything was stored, with what to change.</summary>
public sealed class UploadRefusedException(string message, bool tooLarge = false) : Exception(message)
{
    public bool TooLarge { get; } = tooLarge;
}

/// <summary>Puts an uploaded order file in the bucket and queues its load.</summary>
public sealed class OrderUploads(IAmazonS3 s3, IOptions<AwsOptions> aws, IOptions<OrdersOptions> options, LoadJobStore jobs, LoadJobQueue queue, TimeProvider time)
{
    /// <summary>Stores <paramref name="content"/> (seekable, length known: the SDK then streams it without buffering)
    /// under the upload prefix and queues a load job for it.</summary>
    public string TooLargeMessage => $"The file is larger than {options.Value.MaxUploadBytes / (1024 * 1024)} MB; split it.";

    public async Task<LoadJob> UploadAndLoadAsync(string fileName, Stream content, string uploadedBy, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(fileName ?? "");
        var format = OrderFile.FormatOf(name)
            ?? throw new UploadRefusedException("Choose a .jsonl, .ndjson or .csv file (one order per line).");
        if (content.Length == 0)
            throw new UploadRefusedException("The file is empty.");
        if (content.Length > options.Value.MaxUploadBytes)
            throw new UploadRefusedException(TooLargeMessage, tooLarge: true);

        var safeName = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var key = $"{options.Value.UploadPrefix}{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}-{safeName}";
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = aws.Value.Bucket,
            Key = key,
            InputStream = content,
            AutoCloseStream = false,
            UseChunkEncoding = false, // s3rver cannot read aws-chunked bodies
            ContentType = format == OrderFileFormat.Csv ? "text/csv" : "application/x-ndjson",
        }, cancellationToken);

        var job = await jobs.CreateAsync(key, name, format, uploadedBy, cancellationToken);
        queue.Enqueue(job.JobId);
        return job;
    }
}
