using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

/// <summary>
/// Writes the filtered records to a stream as CSV (RFC 4180) or as a JSON array, one DynamoDB page at a time and
/// flushed after each, so memory stays flat however many records match and the download starts at once.
/// </summary>
/// <param name="readPerCall">Items read per DynamoDB Query call (one flush each).</param>
public sealed class RecordExport(VpcRecordStore store, int readPerCall = RecordExport.DefaultReadPerCall)
{
    public const int DefaultReadPerCall = 1000;

    public static IReadOnlyList<string> CsvHeader { get; } =
        ["requestId", "name", "vpcId", "cidr", "subnetCount", "availabilityZones", "status", "createdBy", "createdAt", "deletedBy", "deletedAt"];

    /// <summary>Writes the CSV and returns the number of records (rows after the header).</summary>
    public async Task<long> WriteCsvAsync(RecordFilter filter, Stream output, CancellationToken cancellationToken)
    {
        var count = 0L;
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', CsvHeader));
        await foreach (var page in store.StreamAsync(filter, readPerCall, cancellationToken))
        {
            foreach (var record in page)
            {
                await writer.WriteLineAsync(string.Join(',', Row(record).Select(Csv)));
                count++;
            }

            await writer.FlushAsync(cancellationToken);
        }

        return count;
    }

    /// <summary>Writes a JSON array of whole records (the API's shape) and returns how many.</summary>
    public async Task<long> WriteJsonAsync(RecordFilter filter, Stream output, CancellationToken cancellationToken)
    {
        // The serializer flushes its writer synchronously, which ASP.NET's response body refuses: serialize each page
        // into a buffer, then copy it to the output asynchronously.
        var count = 0L;
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartArray();
        await foreach (var page in store.StreamAsync(filter, readPerCall, cancellationToken))
        {
            foreach (var record in page)
            {
                JsonSerializer.Serialize(json, record, VpcRecordJson.Options);
                count++;
            }

            await SendAsync(json, buffer, output, cancellationToken);
        }

        json.WriteEndArray();
        await SendAsync(json, buffer, output, cancellationToken);
        return count;
    }

    private static async Task SendAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken cancellationToken)
    {
        json.Flush(); // into the buffer, not the output
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        buffer.ResetWrittenCount();
    }

    public static IReadOnlyList<string> Row(VpcRecord record) =>
    [
        record.RequestId,
        record.Name,
        record.VpcId ?? "",
        record.Cidr,
        record.Subnets.Count.ToString(CultureInfo.InvariantCulture),
        string.Join(' ', RecordSummary.Zones(record)),
        record.Status.ToString(),
        record.RequestedBy,
        Iso(record.CreatedAt),
        record.DeletedBy ?? "",
        record.DeletedAt is { } deletedAt ? Iso(deletedAt) : "",
    ];

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A leading
    /// = + - @ gets a quote prefix so spreadsheets do not run a user-typed name as a formula.</summary>
    public static string Csv(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@')
            field = "'" + field;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
