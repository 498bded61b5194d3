using System.Text;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

/// <summary>
/// Which VPC records a list or export shows: a status, a creator (the start of a user name, as typed: "al" finds
/// alice and alan) and a text that must occur, case-insensitively, in the name, the VPC id or the CIDR. Null means "any".
/// </summary>
public sealed record RecordFilter(VpcStatus? Status = null, string? Creator = null, string? Text = null)
{
    public const int MaxTextLength = 100;

    public static RecordFilter None { get; } = new();

    public bool IsEmpty => Status is null && Creator is null && Text is null;

    /// <summary>The lowercased text the <see cref="Text"/> filter searches; what the store keeps as <c>search</c>.</summary>
    public static string SearchText(VpcRecord record) =>
        string.Join('\n', record.Name, record.VpcId ?? "", record.Cidr).ToLowerInvariant();

    /// <summary>The same rule DynamoDB's FilterExpression applies, for items that predate the <c>search</c> attribute.</summary>
    public bool Matches(VpcRecord record) =>
        (Status is null || record.Status == Status)
        && (Creator is null || record.RequestedBy.StartsWith(Creator, StringComparison.Ordinal))
        && (Text is null || SearchText(record).Contains(Text.ToLowerInvariant(), StringComparison.Ordinal));

    /// <summary>Every filter, in one fixed order and escaped, for binding page tokens to the filters they were made under.</summary>
    public string Binding()
    {
        var text = new StringBuilder();
        text.Append("status=").Append(Status?.ToString() ?? "");
        text.Append("&creator=").Append(Uri.EscapeDataString(Creator ?? ""));
        text.Append("&q=").Append(Uri.EscapeDataString(Text?.ToLowerInvariant() ?? ""));
        return text.ToString();
    }
}
