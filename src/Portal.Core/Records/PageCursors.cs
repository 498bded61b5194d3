namespace Portal.Core.Records;

/// <summary>
/// Next/Previous over a listing that DynamoDB pages by cursor: the page token of every page opened so far, the first
/// page's being null. Next pushes the token the current page handed out, Previous pops back to the one before, and
/// a change of filters or order starts again from the first page (the tokens are bound to the old ones).
/// </summary>
public sealed class PageCursors
{
    private readonly List<string?> _tokens = [null];

    /// <summary>The token of the page to show, null for the first.</summary>
    public string? Current => _tokens[^1];

    /// <summary>1 for the first page.</summary>
    public int PageNumber => _tokens.Count;

    public bool HasPrevious => _tokens.Count > 1;

    public void Next(string nextToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(nextToken);
        _tokens.Add(nextToken);
    }

    public void Previous()
    {
        if (HasPrevious)
            _tokens.RemoveAt(_tokens.Count - 1);
    }

    public void Reset()
    {
        _tokens.Clear();
        _tokens.Add(null);
    }
}
