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
    public async Task A_csv_without_the_required_columns_is_one_refusal_for_the_header()
    {
        var lines = await ReadAsync("id,customer\no-1,Ada\n", OrderFileFormat.Csv);

        var line = Assert.Single(lines);
        Assert.Equal(1, line.Number);
        Assert.Contains("missing: orderID, currency, status, items", line.Validation.Describe());
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
}
