using Bunit;
using Microsoft.AspNetCore.Components;
using Portal.Components.Layout;
using Portal.Tests.Auth;

namespace Portal.Tests.Components;

/// <summary>The shell every page sits in, rendered live against a real portal (its own MudBlazor providers, so the page
/// context does not render them).</summary>
public sealed class MainLayoutTests(SignInFlowTests.Portal fixture) : IClassFixture<SignInFlowTests.Portal>
{
    // PortalTheme's page backgrounds (#f4f5f7 and #161d26) as MudBlazor writes them.
    private const string LightBackground = "--mud-palette-background: rgba(244,245,247,1)";
    private const string DarkBackground = "--mud-palette-background: rgba(22,29,38,1)";

    [Fact]
    public async Task The_shell_shows_the_page_the_navigation_the_user_and_the_local_stack_and_marks_itself_interactive()
    {
        await using var context = new PageContext(fixture.Server, PageContext.Admin("ada"), withProviders: false);

        var layout = Render(context, themeChoice: null);

        layout.WaitForAssertion(() => Assert.Equal("true", layout.Find("main[data-testid=page]").GetAttribute("data-interactive")));
        Assert.Equal("The page itself", layout.Find("main[data-testid=page] [data-testid=body]").TextContent);
        Assert.Equal(["/", "/vpcs", "/tokens", "/orders", "/orders/pipeline", "/users"],
            layout.FindAll("[data-testid=nav] a").Select(a => a.GetAttribute("href")));
        Assert.Equal("ada", layout.Find("[data-testid=user-name]").TextContent.Trim());
        Assert.Equal("Admin", layout.Find("[data-testid=user-role]").TextContent.Trim());
        Assert.NotNull(layout.Find("form[action='/auth/signout'] [data-testid=sign-out]"));
        Assert.Equal("Local stack", layout.Find("[data-testid=local-stack]").TextContent.Trim());
    }

    [Fact]
    public async Task The_menu_button_closes_and_opens_the_navigation_drawer()
    {
        await using var context = new PageContext(fixture.Server, PageContext.Viewer(), withProviders: false);
        var layout = Render(context, themeChoice: null);
        layout.WaitForAssertion(() => Assert.Equal("true", layout.Find("main[data-testid=page]").GetAttribute("data-interactive")));
        // Whether it starts open depends on the viewport MudBlazor reads from the browser: each click must flip it.
        var startsOpen = Expanded(layout);

        layout.Find("[data-testid=nav-toggle]").Click();
        layout.WaitForAssertion(() => Assert.Equal(!startsOpen, Expanded(layout)));
        Assert.Contains(startsOpen ? "mud-drawer--closed" : "mud-drawer--open", layout.Find(".mud-drawer").ClassName);

        layout.Find("[data-testid=nav-toggle]").Click();
        layout.WaitForAssertion(() => Assert.Equal(startsOpen, Expanded(layout)));
        Assert.Contains(startsOpen ? "mud-drawer--open" : "mud-drawer--closed", layout.Find(".mud-drawer").ClassName);
    }

    [Fact]
    public async Task The_theme_from_the_cookie_paints_first_and_a_new_choice_is_remembered_then_shown()
    {
        await using var context = new PageContext(fixture.Server, PageContext.Viewer(), withProviders: false);
        var theme = context.JSInterop.SetupModule("./js/theme.js");
        var remember = theme.SetupVoid("remember", ThemeCookie.Light);
        remember.SetVoidResult();

        var layout = Render(context, themeChoice: ThemeCookie.Dark);
        Assert.Contains(DarkBackground, ThemeStyle(layout));
        Assert.DoesNotContain(LightBackground, ThemeStyle(layout));

        layout.Find("[data-testid=theme-menu] button").Click();
        layout.WaitForAssertion(() => layout.Find("[data-testid=theme-light]"));
        layout.Find("[data-testid=theme-light]").Click();

        layout.WaitForAssertion(() => Assert.Contains(LightBackground, ThemeStyle(layout)));
        Assert.Single(remember.Invocations);
    }

    [Fact]
    public async Task A_signed_out_circuit_shows_no_user_and_no_sign_out()
    {
        await using var context = new PageContext(fixture.Server, PageContext.SignedOut, withProviders: false);

        var layout = Render(context, themeChoice: null);

        layout.WaitForAssertion(() => Assert.Equal("true", layout.Find("main[data-testid=page]").GetAttribute("data-interactive")));
        Assert.Empty(layout.FindAll("[data-testid=user]"));
        Assert.Empty(layout.FindAll("[data-testid=sign-out]"));
    }

    private static IRenderedComponent<MainLayout> Render(PageContext context, string? themeChoice) =>
        context.Render<MainLayout>(p =>
        {
            p.Add(l => l.Body, (RenderFragment)(b =>
            {
                b.OpenElement(0, "p");
                b.AddAttribute(1, "data-testid", "body");
                b.AddContent(2, "The page itself");
                b.CloseElement();
            }));
            if (themeChoice is not null)
                p.AddCascadingValue("ThemeChoice", themeChoice);
        });

    private static bool Expanded(IRenderedComponent<MainLayout> layout) =>
        layout.Find("[data-testid=nav-toggle]").GetAttribute("aria-expanded") == "true";

    /// <summary>The palette MudThemeProvider writes as CSS variables.</summary>
    private static string ThemeStyle(IRenderedComponent<MainLayout> layout) =>
        string.Join("\n", layout.FindAll("style").Select(s => s.TextContent));
}
