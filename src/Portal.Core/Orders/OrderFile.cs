using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Portal.Core.Orders;

public enum OrderFileFormat
{
    JsonLines,
    Csv,
}

/// <summary>One line of an order file: its 1-based line number and the validated order or the reasons it was refused.</summary>
public sealed record OrderLine(long Number, OrderValidation Validation);

/// <summary>Reads an order file line by line from a stream, never holding more than one line.
/// <para>JSON lines (<c>.jsonl</c>, <c>.ndjson</c>): one order object per line, as the API takes it.</para>
/// <para>CSV (<c>.csv</c>, RFC 4180 quoting, one record per line): a header line naming the columns
/// <c>orderID,customer,currency,status,items</c> in any order; <c>items</c> is
/// <c>sku:quantity:unitPrice</c> entries separated by <c>;</c>, e.g. <c>A-1:2:9.99;B-7:1:120.00</c>.</para>
/// Blank lines are skipped and not counted. A CSV whose header lacks a column is refused whole
/// (<see cref="OrderFileRefusedException"/>): no row of it can be read.</summary>
/// <summary>The file as a whole cannot be loaded (a CSV header without the required columns); the message says what to fix.</summary>
public sealed class OrderFileRefusedException(string message) : Exception(message);

public static class OrderFile
{
    public static readonly string[] CsvColumns = ["orderID", "customer", "currency", "status", "items"];

    /// <summary>An order line is a few hundred characters; a longer one than this is refused (and skipped) unread.</summary>
    public const int MaxLineChars = 64 * 1024;

    private const string LineTooLong = "is longer than 64 KB: an order fits in far less, so this line was skipped; check the file's line ends";

    public static OrderFileFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => OrderFileFormat.JsonLines,
        ".csv" => OrderFileFormat.Csv,
        _ => null,
    };

    /// <summary>The lines after <paramref name="after"/> (a resume point: earlier lines are read and skipped, not parsed).</summary>
    public static async IAsyncEnumerable<OrderLine> ReadAsync(
        Stream stream, OrderFileFormat format, long after = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var lines = new BoundedLineReader(reader, MaxLineChars);
        long number = 0;
        Dictionary<string, int>? columns = null;
        while (await lines.ReadLineAsync(cancellationToken) is var (line, tooLong))
        {
            number++;
            if (tooLong)
            {
                if (format == OrderFileFormat.Csv && columns is null)
                    throw new OrderFileRefusedException("The file's first line is longer than 64 KB, so it is not a header naming the columns " + string.Join(",", CsvColumns) + ": nothing was loaded.");
                if (number > after)
                    yield return new OrderLine(number, new OrderValidation(null, [new FieldError("line", LineTooLong)]));
                continue;
            }

            var text = line!;
            if (format == OrderFileFormat.Csv && columns is null)
            {
                // Without a usable header no row can be read: the whole file is refused (its load fails), not one line.
                columns = CsvHeader(text, out var headerError);
                if (headerError is not null)
                    throw new OrderFileRefusedException($"The file's header is wrong: {headerError}. Nothing was loaded; fix the first line and upload it again.");

                continue;
            }

            if (number <= after || string.IsNullOrWhiteSpace(text))
                continue;
            var input = format == OrderFileFormat.Csv ? FromCsv(text, columns!) : FromJsonLine(text);
            yield return new OrderLine(number, OrderValidator.Validate(input));
        }
    }

    private static OrderInput FromJsonLine(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return OrderInput.FromJson(json.RootElement);
        }
        catch (JsonException e)
        {
            return new OrderInput { ShapeErrors = [new FieldError("$", "is not valid JSON: " + e.Message.Split(" Path:")[0])] };
        }
    }

    private static Dictionary<string, int>? CsvHeader(string text, out string? error)
    {
        var names = CsvFields(text);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names?.Count; i++)
            columns.TryAdd(names[i].Trim(), i);
        var missing = CsvColumns.Where(c => !columns.ContainsKey(c)).ToList();
        error = missing.Count == 0 ? null
            : $"the first line must name the columns {string.Join(",", CsvColumns)}; missing: {string.Join(", ", missing)}";
        return columns;
    }

    private static OrderInput FromCsv(string text, Dictionary<string, int> columns)
    {
        var fields = CsvFields(text);
        if (fields is null)
            return new OrderInput { ShapeErrors = [new FieldError("$", "has an unclosed quote (a CSV record must fit on one line)")] };
        string? Field(string name) => columns[name] < fields.Count ? fields[columns[name]] : null;

        var errors = new List<FieldError>();
        var items = new List<OrderItemInput>();
        var entries = (Field("items") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var parts = entries[i].Split(':');
            if (parts.Length != 3)
                errors.Add(new FieldError($"items[{i}]", "must be sku:quantity:unitPrice, e.g. A-1:2:9.99"));
            items.Add(parts.Length == 3 ? new OrderItemInput(parts[0], parts[1], parts[2]) : new OrderItemInput(null, null, null));
        }

        return new OrderInput
        {
            OrderId = Field("orderID"),
            Customer = Field("customer"),
            Currency = Field("currency"),
            Status = Field("status"),
            Items = items,
            ShapeErrors = errors,
        };
    }

    /// <summary>RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes. Null if a quote is left open.</summary>
    internal static List<string>? CsvFields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }

        if (quoted)
            return null;
        fields.Add(field.ToString());
        return fields;
    }
}
