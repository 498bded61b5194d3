using System.Text;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

/// <summary>
/// One view of the records list as it appears in the query string (<c>status</c>, <c>creator</c>, <c>q</c>,
/// <c>sort</c>, <c>size</c>, <c>page</c>), so every view is a bookmarkable URL. The page token is opaque; the rest is plain.
/// </summary>
public sealed record RecordListQuery(RecordFilter Filter, int PageSize = RecordListQuery.DefaultPageSize, string? PageToken = null,
    RecordOrder Order = RecordOrder.NewestFirst)
{
    public const int DefaultPageSize = 25;

    public static IReadOnlyList<int> PageSizes { get; } = [25, 50, 100];

    /// <summary>What a page token is bound to: every filter, the order and the page size.</summary>
    public string Binding() => Filter.Binding() + (Order == RecordOrder.OldestFirst ? "&sort=oldest" : "") + "&size=" + PageSize;

    /// <summary>Reads the query string; blank values mean "any". Errors say which parameter to change.</summary>
    public static RecordListParse Parse(Func<string, string?> parameter)
    {
        var errors = new List<string>();

        VpcStatus? status = null;
        var statusText = Clean(parameter("status"));
        if (statusText is not null)
        {
            if (Enum.TryParse<VpcStatus>(statusText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(statusText, out _))
                status = parsed;
            else
                errors.Add($"status '{statusText}' is not a VPC status; use one of {string.Join(", ", Enum.GetNames<VpcStatus>())}.");
        }

        var creator = Clean(parameter("creator"));
        if (creator is { Length: > 128 })
            errors.Add("creator is longer than 128 characters; enter a user name.");

        var text = Clean(parameter("q"));
        if (text is { Length: > RecordFilter.MaxTextLength })
            errors.Add($"q is longer than {RecordFilter.MaxTextLength} characters; search for part of a name, VPC id or CIDR.");

        var size = DefaultPageSize;
        var sizeText = Clean(parameter("size"));
        if (sizeText is not null && (!int.TryParse(sizeText, out size) || !PageSizes.Contains(size)))
        {
            errors.Add($"size '{sizeText}' is not a page size; use {string.Join(", ", PageSizes)}.");
            size = DefaultPageSize;
        }

        var order = RecordOrder.NewestFirst;
        var sortText = Clean(parameter("sort"));
        if (sortText is "oldest")
            order = RecordOrder.OldestFirst;
        else if (sortText is not null and not "newest")
            errors.Add($"sort '{sortText}' is not an order; use newest or oldest.");

        var query = new RecordListQuery(new RecordFilter(status, creator, text), size, Clean(parameter("page")), order);
        return new RecordListParse(query, errors);
    }

    /// <summary>The query string of this view (leading '?', or empty), with <paramref name="pageToken"/> as the page.</summary>
    public string ToQueryString(string? pageToken) => ToQueryString(PageSize, pageToken);

    /// <summary>The same filters at another page size, from the first page.</summary>
    public string ToQueryString(int pageSize, string? pageToken)
    {
        var parts = new List<string>();
        if (Filter.Status is { } status)
            parts.Add("status=" + status);
        if (Filter.Creator is { } creator)
            parts.Add("creator=" + Uri.EscapeDataString(creator));
        if (Filter.Text is { } text)
            parts.Add("q=" + Uri.EscapeDataString(text));
        if (Order == RecordOrder.OldestFirst)
            parts.Add("sort=oldest");
        if (pageSize != DefaultPageSize)
            parts.Add("size=" + pageSize);
        if (pageToken is not null)
            parts.Add("page=" + Uri.EscapeDataString(pageToken));
        return parts.Count == 0 ? "" : "?" + new StringBuilder().AppendJoin('&', parts);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The orders the list's index (<c>newestFirst</c>, by creation time) can give without sorting in memory.</summary>
public enum RecordOrder
{
    NewestFirst,
    OldestFirst,
}

/// <summary>The parsed view and what was wrong with the query string (empty when nothing).</summary>
public sealed record RecordListParse(RecordListQuery Query, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
