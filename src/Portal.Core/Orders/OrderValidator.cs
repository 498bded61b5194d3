using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Core.Orders;

/// <summary>The outcome of validating an order: the draft, or every field error found (not just the first).</summary>
public sealed record OrderValidation(OrderDraft? Draft, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Draft is not null;

    public string Describe() => string.Join("; ", Errors);
}

/// <summary>The rules an order must meet before anything reaches DynamoDB.</summary>
public static partial class OrderValidator
{
    public const int MaxIdLength = 64;
    public const int MaxCustomerLength = 200;
    public const int MaxItems = 100;
    public const int MaxQuantity = 10_000;
    public const decimal MaxUnitPrice = 1_000_000m;

    public static OrderValidation Validate(OrderInput input)
    {
        var errors = new List<FieldError>(input.ShapeErrors);
        var reported = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        void Fail(string field, string message)
        {
            if (reported.Add(field))
                errors.Add(new FieldError(field, message));
        }

        var orderId = input.OrderId?.Trim();
        if (string.IsNullOrEmpty(orderId))
            Fail("orderID", "is required");
        else if (orderId.Length > MaxIdLength || !IdPattern().IsMatch(orderId))
            Fail("orderID", $"must be 1 to {MaxIdLength} characters: letters, digits, '.', '_' or '-'");

        var customer = input.Customer?.Trim();
        if (string.IsNullOrEmpty(customer))
            Fail("customer", "is required");
        else if (customer.Length > MaxCustomerLength)
            Fail("customer", $"must be at most {MaxCustomerLength} characters");

        var currency = input.Currency?.Trim();
        if (string.IsNullOrEmpty(currency))
            Fail("currency", "is required");
        else if (!CurrencyPattern().IsMatch(currency))
            Fail("currency", "must be a three-letter ISO 4217 code in capitals, e.g. EUR");

        var status = input.Status?.Trim();
        if (string.IsNullOrEmpty(status))
            Fail("status", "is required");
        else if (!OrderStatus.IsKnown(status))
            Fail("status", $"must be one of {string.Join(", ", OrderStatus.All)}");

        var items = new List<OrderItem>();
        if (input.Items is null || input.Items.Count == 0)
            Fail("items", "must contain at least one item");
        else if (input.Items.Count > MaxItems)
            Fail("items", $"must contain at most {MaxItems} items");
        else
        {
            for (var i = 0; i < input.Items.Count; i++)
            {
                var item = input.Items[i];
                var path = $"items[{i}]";
                var sku = item.Sku?.Trim();
                if (string.IsNullOrEmpty(sku))
                    Fail(path + ".sku", "is required");
                else if (sku.Length > MaxIdLength || !IdPattern().IsMatch(sku))
                    Fail(path + ".sku", $"must be 1 to {MaxIdLength} characters: letters, digits, '.', '_' or '-'");

                var quantityOk = int.TryParse(item.Quantity?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
                    && quantity is >= 1 and <= MaxQuantity;
                if (!quantityOk)
                    Fail(path + ".quantity", $"must be a whole number from 1 to {MaxQuantity}");

                var priceOk = decimal.TryParse(item.UnitPrice?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
                    && price <= MaxUnitPrice && decimal.Round(price, 2) == price;
                if (!priceOk)
                    Fail(path + ".unitPrice", $"must be a number from 0 to {MaxUnitPrice:0} with at most 2 decimals, e.g. 9.99");

                if (sku is not null && quantityOk && priceOk)
                    items.Add(new OrderItem(sku, quantity, price));
            }
        }

        return errors.Count > 0
            ? new OrderValidation(null, errors)
            : new OrderValidation(new OrderDraft(orderId!, customer!, currency!, status!, items), []);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
