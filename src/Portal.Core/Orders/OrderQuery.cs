using System.Text;
using System.Text.Json;

namespace Portal.Core.Orders;

/// <summary>A listing request: optional status, optional updatedAt range (inclusive), page size and the
/// opaque token of the previous page. Newest first.</summary>
public sealed record OrderQuery(string? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 25, string? PageToken = null)
{
    public const int MaxLimit = 100;

    /// <summary>Field errors a caller can fix (unknown status, range upside down, limit out of range, bad token).</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Status is not null && !OrderStatus.IsKnown(Status))
            errors.Add(new("status", $"must be one of {string.Join(", ", OrderStatus.All)}"));
        if (From is not null && To is not null && From > To)
            errors.Add(new("from", "must not be after 'to'"));
        if (Limit is < 1 or > MaxLimit)
            errors.Add(new("limit", $"must be from 1 to {MaxLimit}"));
        if (PageToken is not null && OrderPageToken.TryParse(PageToken) is null)
            errors.Add(new("pageToken", "is not a token this API gave out: start again without it"));
        return errors;
    }
}

/// <summary>One page of orders and the token for the next one (null on the last page).</summary>
public sealed record OrderPage(IReadOnlyList<Order> Items, string? NextPageToken);

/// <summary>Where each status partition of the byStatus index stopped: its last consumed order's key
/// (orderID, status, updatedAt = the index's ExclusiveStartKey), or done. Listing merges the partitions
/// newest first, so a page token holds one cursor per status.</summary>
internal sealed record OrderPageToken(Dictionary<string, OrderCursor> Cursors)
{
    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(Cursors))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static OrderPageToken? TryParse(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var cursors = JsonSerializer.Deserialize<Dictionary<string, OrderCursor>>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            return cursors is not null && cursors.Keys.All(OrderStatus.IsKnown) ? new OrderPageToken(cursors) : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>A position in one status partition: after this order (null: from the newest), or done.</summary>
internal sealed record OrderCursor(string? OrderId, string? UpdatedAt, bool Done);
