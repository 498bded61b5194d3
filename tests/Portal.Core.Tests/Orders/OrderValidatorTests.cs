using System.Text.Json;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

public sealed class OrderValidatorTests
{
    private static OrderValidation Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OrderValidator.Validate(OrderInput.FromJson(document.RootElement));
    }

    [Fact]
    public void A_complete_order_is_valid_and_its_total_is_the_sum_of_its_items()
    {
        var result = Validate("""{"orderID":"o-1","customer":" Ada ","currency":"EUR","status":"paid","items":[{"sku":"A-1","quantity":2,"unitPrice":9.99},{"sku":"B","quantity":1,"unitPrice":"0.02"}]}""");

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal("Ada", result.Draft!.Customer);
        Assert.Equal(20.00m, result.Draft.Total);
    }

    [Fact]
    public void Every_bad_field_gets_its_own_message()
    {
        var result = Validate("""{"orderID":"has space","currency":"eur","status":"lost","items":[{"sku":"","quantity":0,"unitPrice":1.234},{"quantity":"x"}]}""");

        var errors = result.Errors.ToDictionary(e => e.Field, e => e.Message);
        Assert.False(result.IsValid);
        Assert.Contains("letters, digits", errors["orderID"]);
        Assert.Equal("is required", errors["customer"]);
        Assert.Contains("ISO 4217", errors["currency"]);
        Assert.Contains("pending, paid, shipped, delivered, cancelled", errors["status"]);
        Assert.Equal("is required", errors["items[0].sku"]);
        Assert.Contains("whole number from 1", errors["items[0].quantity"]);
        Assert.Contains("at most 2 decimals", errors["items[0].unitPrice"]);
        Assert.Contains("whole number", errors["items[1].quantity"]);
        Assert.Equal("is required", errors["items[1].sku"]);
    }

    [Fact]
    public void Wrong_json_kinds_are_reported_per_field()
    {
        var result = Validate("""{"orderID":42,"customer":"Ada","currency":"EUR","status":"paid","items":{"sku":"A"}}""");

        Assert.Equal(["orderID: must be a string", "items: must be an array of items"], result.Errors.Select(e => e.ToString()).ToArray());
    }

    [Theory]
    [InlineData("[]", "items: must contain at least one item")]
    [InlineData("null", "items: must contain at least one item")]
    public void An_order_needs_items(string items, string expected)
    {
        var result = Validate($$"""{"orderID":"o","customer":"Ada","currency":"EUR","status":"paid","items":{{items}}}""");
        Assert.Equal([expected], result.Errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void Too_many_items_are_refused()
    {
        var items = string.Join(",", Enumerable.Repeat("""{"sku":"A","quantity":1,"unitPrice":1}""", OrderValidator.MaxItems + 1));
        var result = Validate($$"""{"orderID":"o","customer":"Ada","currency":"EUR","status":"paid","items":[{{items}}]}""");
        Assert.Equal("items: must contain at most 100 items", Assert.Single(result.Errors).ToString());
    }
}
