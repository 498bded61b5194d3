using System.Text;
using System.Text.Json;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Records;

/// <summary>Exports of the filtered set: row counts, RFC 4180 quoting, one flush per DynamoDB page.</summary>
public sealed class RecordExportTests(RecordsTable table) : IClassFixture<RecordsTable>
{
    /// <summary>Notes how much had arrived at each flush, to show the export goes out page by page.</summary>
    private sealed class FlushRecordingStream : MemoryStream
    {
        public List<long> LengthAtFlush { get; } = [];

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            LengthAtFlush.Add(Length);
            return base.FlushAsync(cancellationToken);
        }
    }

    public static TheoryData<VpcStatus?, string?, string?> Filters() => new()
    {
        { null, null, null },
        { VpcStatus.Succeeded, "alice", "pay" },
        { VpcStatus.Deleted, null, null },
        { null, "bob", "orders" },
        { VpcStatus.Failed, "nobody", null },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Csv_and_json_hold_exactly_the_filtered_records_newest_first(VpcStatus? status, string? creator, string? text)
    {
        var filter = new RecordFilter(status, creator, text);
        var expected = RecordSeed.Expected(table.Seeds, filter.Matches);
        var export = new RecordExport(table.Store, readPerCall: 100);

        using var csv = new MemoryStream();
        Assert.Equal(expected.Count, await export.WriteCsvAsync(filter, csv, CancellationToken.None));
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n");
        Assert.Equal(string.Join(',', RecordExport.CsvHeader), lines[0]);
        Assert.Equal("", lines[^1]); // every row ends with CRLF
        Assert.Equal(expected, lines[1..^1].Select(line => line.Split(',')[0]));

        using var json = new MemoryStream();
        Assert.Equal(expected.Count, await export.WriteJsonAsync(filter, json, CancellationToken.None));
        var array = JsonDocument.Parse(json.ToArray()).RootElement;
        Assert.Equal(expected, array.EnumerateArray().Select(e => e.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task Export_flushes_after_every_dynamodb_page()
    {
        var export = new RecordExport(table.Store, readPerCall: 100);
        await using var csv = new FlushRecordingStream();
        await using var json = new FlushRecordingStream();

        await export.WriteCsvAsync(RecordFilter.None, csv, CancellationToken.None);
        await export.WriteJsonAsync(RecordFilter.None, json, CancellationToken.None);

        // 400 records, 100 per Query: each page reaches the stream before the next is read, about a quarter each time.
        foreach (var stream in new[] { csv, json })
        {
            var grew = stream.LengthAtFlush.Where(length => length > 0).Distinct().ToList();
            Assert.True(grew.Count >= 4, $"flushed with new data {grew.Count} times");
            Assert.InRange(grew[0], stream.Length / 5, stream.Length / 3);
        }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(1)", "'=HYPERLINK(1)")]
    [InlineData("-1,2", "\"'-1,2\"")]
    public void Csv_fields_are_quoted_per_rfc_4180(string field, string written) => Assert.Equal(written, RecordExport.Csv(field));
}
