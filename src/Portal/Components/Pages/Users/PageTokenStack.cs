namespace Portal.Components.Pages.Users;

/// <summary>Next/Previous over opaque page tokens (Cognito's and DynamoDB's pages have no numbers): the tokens of the
/// pages before this one, this page's own (null for the first), and the next page's as the last answer gave it.</summary>
public sealed class PageTokenStack
{
    private readonly Stack<string?> _before = new();

    public string? Current { get; private set; }

    public string? Next { get; set; }

    public bool HasPrevious => _before.Count > 0;

    public bool HasNext => Next is not null;

    public int PageNumber => _before.Count + 1;

    public void Forward()
    {
        if (Next is null)
            return;
        _before.Push(Current);
        Current = Next;
        Next = null;
    }

    public void Back()
    {
        if (_before.Count == 0)
            return;
        Current = _before.Pop();
        Next = null;
    }

    /// <summary>Back to the first page (the search changed, or a token is no longer accepted).</summary>
    public void Reset()
    {
        _before.Clear();
        Current = null;
        Next = null;
    }
}
