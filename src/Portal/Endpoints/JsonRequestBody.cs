using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Portal.Endpoints;

/// <summary>Reads a JSON API body without trusting its size: at most <c>maxBytes</c> are buffered (413 past
/// that, whatever Content-Length says), the bytes must be UTF-8, and an array's elements are counted with
/// a forward-only reader before anything is built from them. Every refusal is problem details.</summary>
public static class JsonRequestBody
{
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(
        HttpRequest request, long maxBytes, int? maxArrayItems, CancellationToken cancel)
    {
        if (!request.HasJsonContentType())
            return (null, Results.Problem("Send the body as JSON with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        if (request.ContentLength > maxBytes)
            return (null, TooLarge(maxBytes));

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes) + 1);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), cancel);
            if (read == 0)
                break;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
                return (null, TooLarge(maxBytes));
        }

        var bytes = buffer.WrittenMemory;
        if (!Utf8.IsValid(bytes.Span))
            return (null, BadRequest("The body is not valid UTF-8: send JSON text encoded as UTF-8."));
        try
        {
            if (maxArrayItems is { } max && CountTopLevelItems(bytes.Span) is { } count && (count == 0 || count > max))
                return (null, BadRequest($"A batch holds 1 to {max} orders; this one has {count}. Split it into several calls."));
            return (JsonDocument.Parse(bytes), null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest($"The body is not valid JSON: {e.Message.Split(" Path:")[0]}"));
        }
    }

    /// <summary>Elements of a top-level array (null when the body is not one), counted without building them.</summary>
    private static int? CountTopLevelItems(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            return null;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            reader.Skip();
        }

        return count;
    }

    private static IResult TooLarge(long maxBytes) => Results.Problem(
        $"The body is larger than {maxBytes:N0} bytes. Send less per call (split a batch).",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    private static IResult BadRequest(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
