using Bunit;
using Portal.Tests.Auth;
using Portal.Tests.Components;

namespace Portal.Tests.Home;

/// <summary>Home rendered against a real portal on the local stack (the layout around it: Components/MainLayoutTests).</summary>
public sealed class HomePageTests(SignInFlowTests.Portal fixture) : IClassFixture<SignInFlowTests.Portal>
{
    [Fact]
    public async Task Home_shows_each_part_of_the_estate_from_the_stack_with_links_to_their_pages()
    {
        await using var page = new PageContext(fixture.Server, PageContext.Viewer());

        var cut = page.Render<Portal.Components.Pages.Home.Home>();

        cut.WaitForAssertion(() => Assert.Matches(@"^\d+ of 5$", cut.Find("[data-testid=vpc-count]").TextContent.Trim()));
        Assert.Matches(@"^\d+ creating$", cut.Find("[data-testid=vpc-creating]").TextContent.Trim());
        Assert.NotEmpty(cut.Find("[data-testid=token-state]").TextContent.Trim());
        Assert.Matches(@"^[\d,]+$", cut.Find("[data-testid=orders-accepted]").TextContent.Trim());
        Assert.Equal(["Ready", "Ready"], cut.FindAll("[data-testid=readiness-status]").Select(e => e.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=glance-error]"));
        var links = cut.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/vpcs", links);
        Assert.Contains("/tokens", links);
        Assert.Contains("/orders", links);
    }
}
