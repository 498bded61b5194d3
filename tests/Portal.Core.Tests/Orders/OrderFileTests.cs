using System.Text;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

public sealed class OrderFileTests
{
    private static async Task<List<OrderLine>> ReadAsync(string text, OrderFileFormat format, long after = 0)
    {
        var lines = new List<OrderLine>();
        await foreach (var line in OrderFile.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, after))
            lines.Add(line);
        return lines;
    }

    [Fact]
    public async Task Csv_columns_are_found_by_header_name_and_quoted_fields_may_hold_commas()
    {
        var lines = await ReadAsync(
            "status,orderID,customer,currency,items\n" +
            "paid,o-1,\"Lovelace, Ada \"\"the first\"\"\",EUR,A-1:2:9.99;B-7:1:120.00\n" +
            "\n" +
            "paid,o-2,Bob,EUR,A-1:two:9.99\n", OrderFileFormat.Csv);

        Assert.Equal([2L, 4L], lines.Select(l => l.Number).ToArray());
        var first = lines[0].Validation.Draft!;
        Assert.Equal("Lovelace, Ada \"the first\"", first.Customer);
        Assert.Equal([new OrderItem("A-1", 2, 9.99m), new OrderItem("B-7", 1, 120.00m)], first.Items);
        Assert.Equal("items[0].quantity", Assert.Single(lines[1].Validation.Errors).Field);
    }

    [Fact]
    public async Task A_csv_without_the_required_columns_is_refused_whole_saying_which_are_missing()
    {
        var refused = await Assert.ThrowsAsync<OrderFileRefusedException>(() => ReadAsync("id,customer\no-1,Ada\n", OrderFileFormat.Csv));

        Assert.Contains("missing: orderID, currency, status, items", refused.Message);
        await Assert.ThrowsAsync<OrderFileRefusedException>(() => ReadAsync(new string('x', OrderFile.MaxLineChars + 1) + "\no-1\n", OrderFileFormat.Csv));
    }

    [Fact]
    public async Task Bad_json_lines_are_refused_with_their_line_number_and_reading_resumes_after_a_checkpoint()
    {
        const string file = "{\"orderID\":\"o-1\",\"customer\":\"Ada\",\"currency\":\"EUR\",\"status\":\"paid\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}\n" +
                            "{not json\n" +
                            "{\"orderID\":\"o-3\",\"customer\":\"Ada\",\"currency\":\"EUR\",\"status\":\"paid\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}\n";

        var all = await ReadAsync(file, OrderFileFormat.JsonLines);
        Assert.True(all[0].Validation.IsValid);
        Assert.Equal(2, all[1].Number);
        Assert.StartsWith("$: is not valid JSON", all[1].Validation.Describe());

        var resumed = await ReadAsync(file, OrderFileFormat.JsonLines, after: 2);
        Assert.Equal("o-3", Assert.Single(resumed).Validation.Draft!.OrderId);
    }

    [Theory]
    [InlineData("orders.jsonl", OrderFileFormat.JsonLines)]
    [InlineData("ORDERS.NDJSON", OrderFileFormat.JsonLines)]
    [InlineData("orders.csv", OrderFileFormat.Csv)]
    [InlineData("orders.xlsx", null)]
    public void The_format_comes_from_the_file_name(string name, OrderFileFormat? expected) =>
        Assert.Equal(expected, OrderFile.FormatOf(name));

    [Fact]
    public async Task A_line_over_64_KB_is_refused_unread_and_the_load_goes_on_with_the_next_line()
    {
        var lines = await ReadAsync(
            """{"orderID":"o-1","customer":"Ada","currency":"EUR","status":"paid","items":[{"sku":"A","quantity":1,"unitPrice":1}]}""" + "\n" +
            new string('x', OrderFile.MaxLineChars + 1) + "\r\n" +
            """{"orderID":"o-3","customer":"Bob","currency":"EUR","status":"paid","items":[{"sku":"A","quantity":1,"unitPrice":1}]}""" + "\n",
            OrderFileFormat.JsonLines);

        Assert.Equal([1L, 2L, 3L], lines.Select(l => l.Number).ToArray());
        Assert.Equal("o-1", lines[0].Validation.Draft!.OrderId);
        Assert.Contains("longer than 64 KB", Assert.Single(lines[1].Validation.Errors).Message);
        Assert.Equal("o-3", lines[2].Validation.Draft!.OrderId);
    }

    [Fact]
    public async Task A_line_of_exactly_64_KB_is_read()
    {
        var lines = await ReadAsync(new string(' ', OrderFile.MaxLineChars - 2) + "{}\r\n", OrderFileFormat.JsonLines);

        Assert.DoesNotContain("longer than 64 KB", Assert.Single(lines).Validation.Describe());
    }

    [Fact]
    public async Task A_huge_file_without_newlines_is_read_in_constant_memory()
    {
        await using var endless = new RepeatingStream((byte)'x', 64L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var lines = new List<OrderLine>();
        await foreach (var line in OrderFile.ReadAsync(endless, OrderFileFormat.JsonLines))
            lines.Add(line);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("longer than 64 KB", Assert.Single(lines).Validation.Describe());
        // Holding the 64 MB line as a string would allocate over 128 MB; the bounded reader keeps 64 KB.
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated / 1024} KB allocated reading a 64 MB line");
    }

    /// <summary>A stream of one byte repeated, produced as it is read (nothing held).</summary>
    private sealed class RepeatingStream(byte value, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill(value);
            _position += n;
            return n;
        }

        // Completes synchronously, so the whole read stays on the test's thread and its allocations are all counted.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            buffer.Span[..n].Fill(value);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
