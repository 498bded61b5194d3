using Portal.Core.Paging;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

/// <summary>
/// The records list behind <c>/vpcs</c> and <c>GET /api/vpcs</c>: filtered pages by creation time, continued by a
/// signed page token bound to the view's filters and page size. A token that was modified, comes from another
/// portal (key) or from other filters is refused with the codec's message, never passed on to DynamoDB.
/// </summary>
public sealed class RecordBrowser(VpcRecordStore store, PageTokenCodec tokens)
{
    public async Task<RecordPageResult> PageAsync(RecordListQuery query, CancellationToken cancellationToken)
    {
        Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? after = null;
        if (query.PageToken is { } token)
        {
            var decoded = tokens.Decode(token, query.Binding());
            if (!decoded.IsValid)
                return RecordPageResult.Refused(decoded.Error!);
            after = decoded.StartKey;
        }

        var page = await store.QueryPageAsync(query.Filter, query.PageSize, after, query.Order, cancellationToken);
        var next = page.LastKey is { } last ? tokens.Encode(last, query.Binding()) : null;
        return new RecordPageResult(page.Records, next, null);
    }

    /// <summary>How many records there are, in all and per status, from the maintained counter (one read, no scan).</summary>
    public Task<RecordCounts> CountsAsync(CancellationToken cancellationToken) => store.Counter.ReadAsync(cancellationToken);
}

/// <summary>A page of records and the token of the next page (null on the last), or why the page token was refused.</summary>
public sealed record RecordPageResult(IReadOnlyList<VpcRecord> Records, string? NextToken, string? TokenError)
{
    public bool IsRefused => TokenError is not null;

    public static RecordPageResult Refused(string error) => new([], null, error);
}
