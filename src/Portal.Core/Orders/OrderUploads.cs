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
    public string TooLargeMessage => $"The file is larger than {options.Value.MaxUploadBytes / (1024 * 1024)} MB; split it.";

    /// <summary>Why a file of this name and size would be refused (null: it would be taken), so a page can say so
    /// beside its upload control before a byte is sent.</summary>
    public UploadRefusedException? Refusal(string fileName, long length)
    {
        if (OrderFile.FormatOf(Path.GetFileName(fileName ?? "")) is null)
            return new UploadRefusedException("Choose a .jsonl, .ndjson or .csv file (one order per line).");
        if (length == 0)
            return new UploadRefusedException("The file is empty.");
        return length > options.Value.MaxUploadBytes ? new UploadRefusedException(TooLargeMessage, tooLarge: true) : null;
    }

    /// <summary>Stores <paramref name="content"/> (seekable, length known: the SDK then streams it without buffering)
    /// under the upload prefix and queues a load job for it.</summary>
    public async Task<LoadJob> UploadAndLoadAsync(string fileName, Stream content, string uploadedBy, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (Refusal(name, content.Length) is { } refused)
            throw refused;
        var format = OrderFile.FormatOf(name)!.Value;

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
