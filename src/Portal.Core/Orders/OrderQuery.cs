namespace Portal.Core.Orders;

/// <summary>A listing request: optional status, optional updatedAt range (inclusive), page size and the
/// opaque, signed token of the previous page (checked by <see cref="OrderStore.Validate"/>). Newest first.</summary>
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
        return errors;
    }

    /// <summary>What a page token is bound to: a token from one filter cannot continue another.</summary>
    internal string Binding() => FormattableString.Invariant($"orders|{Status}|{From:o}|{To:o}|{Limit}");
}

/// <summary>One page of orders and the token for the next one (null on the last page).</summary>
public sealed record OrderPage(IReadOnlyList<Order> Items, string? NextPageToken);

/// <summary>Where each status partition of the byStatus index stopped: its last consumed order's key
/// (orderID, status, updatedAt = the index's ExclusiveStartKey), or done. Listing merges the partitions
/// newest first, so a page token holds one cursor per status; the token is signed by <see cref="Paging.PageTokenCodec"/>.</summary>
internal sealed class OrderCursors : Dictionary<string, OrderCursor>;

/// <summary>A position in one status partition: after this order (null: from the newest), or done.</summary>
internal sealed record OrderCursor(string? OrderId, string? UpdatedAt, bool Done);
