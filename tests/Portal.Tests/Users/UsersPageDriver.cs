using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Portal.Tests.Components;
using UsersPage = global::Portal.Components.Pages.Users.Users;

namespace Portal.Tests.Users;

/// <summary>The Users page rendered in bunit over the real portal, and what a person does on it: search, page, press a
/// row's action, answer the dialog. Waits are for the real Cognito stand-in and DynamoDB behind the page.</summary>
public sealed class UsersPageDriver : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public UsersPageDriver(PortalServer portal, ClaimsPrincipal user, int pageSize = 20)
    {
        Context = new PageContext(portal, user);
        Page = Context.Render<UsersPage>(p => p.Add(x => x.PageSize, pageSize));
    }

    public PageContext Context { get; }

    public IRenderedComponent<UsersPage> Page { get; }

    public IRenderedComponent<MudBlazor.MudDialogProvider> Dialogs => Context.DialogProvider;

    public IReadOnlyList<string> Usernames => Page.FindAll("td[data-testid=username]").Select(td => td.TextContent.Trim()).ToList();

    public IElement SearchInput => Page.Find("input[data-testid=user-search]");

    /// <summary>Types a search and waits until the list shows exactly <paramref name="expected"/> (in any order).</summary>
    public void Search(string text, params string[] expected)
    {
        SearchInput.Input(text);
        WaitForUsers(expected);
    }

    public void WaitForUsers(params string[] expected) =>
        Page.WaitForAssertion(() => Assert.Equal(expected.Order(), Usernames.Order()), Wait);

    public IElement Row(string username) =>
        Page.FindAll("td[data-testid=username]").Single(td => td.TextContent.Trim() == username).ParentElement!;

    public IElement? ActionButton(string action, string username) =>
        Page.FindAll($"button[data-testid={action}]").SingleOrDefault(b => b.GetAttribute("data-username") == username);

    /// <summary>Presses a row's action and waits for its confirmation dialog; returns the dialog's text.</summary>
    public string Press(string action, string username)
    {
        // Found and clicked in one step on the renderer: the table may re-render in between otherwise.
        Page.InvokeAsync(() => (ActionButton(action, username) ?? throw new InvalidOperationException($"No {action} button for {username}")).Click());
        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll(".mud-dialog")), Wait);
        return Dialogs.Find(".mud-dialog").TextContent;
    }

    /// <summary>Presses the dialog's button named <paramref name="text"/> (the last button, the confirming one, when null).</summary>
    public void Answer(string? text = null) => Dialogs.InvokeAsync(() =>
    {
        var buttons = Dialogs.FindAll(".mud-dialog button");
        (text is null ? buttons.Last() : buttons.Single(b => b.TextContent.Trim() == text)).Click();
    });

    /// <summary>Clicks what <paramref name="selector"/> finds in the page or, with <paramref name="inDialog"/>, in the dialog.</summary>
    public void Click(string selector, bool inDialog = false)
    {
        var where = inDialog ? (IRenderedComponent<Microsoft.AspNetCore.Components.IComponent>)Dialogs : Page;
        where.InvokeAsync(() => where.Find(selector).Click());
    }

    /// <summary>Presses, confirms, and waits for the outcome the page shows.</summary>
    public string Confirm(string action, string username, string verb)
    {
        var before = Page.FindAll("[data-testid=action-outcome]").FirstOrDefault()?.TextContent;
        Press(action, username);
        Answer(verb);
        return WaitForOutcome(before);
    }

    public string WaitForOutcome(string? before = null)
    {
        Page.WaitForAssertion(() => Assert.NotEqual(before, Page.FindAll("[data-testid=action-outcome]").FirstOrDefault()?.TextContent), Wait);
        return Page.Find("[data-testid=action-outcome]").TextContent.Trim();
    }

    public void WaitForDialogClosed() => Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")), Wait);

    public void WaitForSnackbar(string text) =>
        Page.WaitForAssertion(() => Assert.Contains(text, Context.SnackbarMessages), Wait);

    /// <summary>The audit trail panel's rows for <paramref name="target"/>, newest first: (action, outcome).</summary>
    public IReadOnlyList<(string Action, string Outcome)> AuditRows(string target) =>
        Page.FindAll("[data-testid=audit-table] tbody tr")
            .Where(tr => tr.QuerySelector("[data-testid=audit-target]")?.TextContent.Trim() == target)
            .Select(tr => (tr.QuerySelector("[data-testid=audit-action]")!.TextContent.Trim(), tr.QuerySelector("[data-testid=audit-outcome]")!.TextContent.Trim()))
            .ToList();

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
