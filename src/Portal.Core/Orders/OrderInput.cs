using System.Text.Json;

namespace Portal.Core.Orders;

/// <summary>An order as it arrived (JSON body, JSON line or CSV row), every field still raw text,
/// so the validator can say per field what is wrong instead of failing the whole document.</summary>
public sealed class OrderInput
{
    public string? OrderId { get; init; }
    public string? Customer { get; init; }
    public string? Currency { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<OrderItemInput>? Items { get; init; }

    /// <summary>Problems found while reading the shape (e.g. a number where text was expected).</summary>
    public IReadOnlyList<FieldError> ShapeErrors { get; init; } = [];

    /// <summary>Reads a JSON object; property names are matched case-insensitively (orderID, orderId, ...).</summary>
    public static OrderInput FromJson(JsonElement json, string prefix = "")
    {
        var errors = new List<FieldError>();
        if (json.ValueKind != JsonValueKind.Object)
            return new OrderInput { ShapeErrors = [new FieldError(prefix.Length == 0 ? "$" : prefix.TrimEnd('.'), "must be a JSON object")] };

        string? Text(JsonElement parent, string name, string path)
        {
            if (!TryGet(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.String)
                return value.GetString();
            errors.Add(new FieldError(path, "must be a string"));
            return null;
        }

        string? Number(JsonElement parent, string name, string path)
        {
            if (!TryGet(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                return value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();
            errors.Add(new FieldError(path, "must be a number"));
            return null;
        }

        var orderId = Text(json, "orderID", prefix + "orderID");
        var customer = Text(json, "customer", prefix + "customer");
        var currency = Text(json, "currency", prefix + "currency");
        var status = Text(json, "status", prefix + "status");
        List<OrderItemInput>? items = null;
        if (TryGet(json, "items", out var itemsJson) && itemsJson.ValueKind != JsonValueKind.Null)
        {
            if (itemsJson.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new FieldError(prefix + "items", "must be an array of items"));
            }
            else
            {
                items = [];
                var index = 0;
                foreach (var item in itemsJson.EnumerateArray())
                {
                    var path = $"{prefix}items[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(new FieldError(path, "must be an object with sku, quantity and unitPrice"));
                        items.Add(new OrderItemInput(null, null, null));
                        continue;
                    }

                    items.Add(new OrderItemInput(
                        Text(item, "sku", path + ".sku"),
                        Number(item, "quantity", path + ".quantity"),
                        Number(item, "unitPrice", path + ".unitPrice")));
                }
            }
        }

        return new OrderInput
        {
            OrderId = orderId,
            Customer = customer,
            Currency = currency,
            Status = status,
            Items = items,
            ShapeErrors = errors,
        };
    }

    private static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>One item as it arrived; quantity and unit price as the text the caller wrote.</summary>
public sealed record OrderItemInput(string? Sku, string? Quantity, string? UnitPrice);

/// <summary>What is wrong with one field: the field's path (<c>items[2].quantity</c>) and what to change.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
