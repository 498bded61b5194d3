using System.Text.Json.Serialization;

namespace Portal.Core.Orders;

/// <summary>One line of an order: what, how many, at what unit price (in the order's currency).</summary>
public sealed record OrderItem(string Sku, int Quantity, decimal UnitPrice)
{
    public decimal Amount => Quantity * UnitPrice;
}

/// <summary>A validated order as the caller sent it, before the store adds its timestamps and version.</summary>
public sealed record OrderDraft(string OrderId, string Customer, string Currency, string Status, IReadOnlyList<OrderItem> Items)
{
    public decimal Total => Items.Sum(i => i.Amount);
}

/// <summary>An order as stored in the <c>orders</c> table. Version counts the writes: 1 when first stored,
/// +1 for every upsert of the same orderID. On the wire the key keeps the pipeline's name, <c>orderID</c>.</summary>
public sealed record Order(
    [property: JsonPropertyName("orderID")] string OrderId,
    string Customer,
    string Currency,
    string Status,
    IReadOnlyList<OrderItem> Items,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>The lifecycle states an order may be in (stored lowercase; the byStatus index partitions on them).</summary>
public static class OrderStatus
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Pending, Paid, Shipped, Delivered, Cancelled];

    public static bool IsKnown(string? status) => status is not null && All.Contains(status, StringComparer.Ordinal);
}
