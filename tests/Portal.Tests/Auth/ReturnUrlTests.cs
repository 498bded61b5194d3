using System.Net;
using Portal.Testing;

namespace Portal.Tests.Auth;

/// <summary>Where the browser goes after signing in: only a local path of the portal, whatever a link put in
/// <c>returnUrl</c> or in the path that started the sign-in. Runs the real sign-in and follows every redirect by hand,
/// reading each Location as sent, so nothing a browser would read differently from .NET slips through.</summary>
public sealed class ReturnUrlTests(SignInFlowTests.Portal fixture) : IClassFixture<SignInFlowTests.Portal>
{
    [Theory]
    [InlineData("%2F%2Fx")] // //x
    [InlineData("%2F%5Cx")] // /\x
    [InlineData("/%09/x")] // /<tab>/x
    [InlineData("%2F%5C%09x")] // /\<tab>x
    [InlineData("https:x")]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%09%2Fevil.example%2Fphish")] // as reported: browsers drop the tab and go to //evil.example
    [InlineData("%2F%2Fevil.example")]
    [InlineData("%252F%252Fevil.example")] // double-encoded
    [InlineData("%2F%0D%0ASet-Cookie:%20x=y")] // CR/LF
    [InlineData("%2Forders%0A")]
    [InlineData("%20%2F%2Fevil.example")] // a leading space, which browsers strip
    [InlineData("%2Forders%20x")]
    [InlineData("~%2F%2Fevil.example")]
    [InlineData("~%2Forders")]
    [InlineData("%2F%C3%A9")] // not ASCII: no Location header may carry it
    public async Task A_hostile_return_url_ends_on_the_portals_home(string returnUrl)
    {
        var (afterCallback, landed) = await SignInFromAsync($"/auth/signin?returnUrl={returnUrl}");

        Assert.Equal("/", afterCallback);
        Assert.Equal(new Uri(fixture.Server.BaseAddress, "/"), landed);
    }

    [Fact]
    public async Task A_hostile_path_that_starts_the_sign_in_ends_on_the_portals_home()
    {
        var (afterCallback, landed) = await SignInFromAsync("//evil.example/phish");

        Assert.Equal("/", afterCallback);
        Assert.Equal(new Uri(fixture.Server.BaseAddress, "/"), landed);
    }

    [Theory]
    [InlineData("/auth/signin?returnUrl=%2Forders%3Fstatus%3Dpaid")]
    [InlineData("/orders?status=paid")]
    public async Task A_local_path_comes_back_exactly(string start)
    {
        var (afterCallback, landed) = await SignInFromAsync(start);

        Assert.Equal("/orders?status=paid", afterCallback);
        Assert.Equal(new Uri(fixture.Server.BaseAddress, "/orders?status=paid"), landed);
    }

    /// <summary>Opens <paramref name="start"/> on the portal, signs in at the provider and follows the redirects, each
    /// to the portal or the provider only. Returns the Location the portal's callback answered with and the page's URL.</summary>
    private async Task<(string? AfterCallback, Uri Landed)> SignInFromAsync(string start)
    {
        var portal = fixture.Server.BaseAddress;
        using var session = HttpSignIn.Anonymous(fixture.Server);
        using var raw = session.RawClient();
        var challenge = await raw.GetAsync(new Uri(portal.GetLeftPart(UriPartial.Authority) + start));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var login = await session.Client.GetAsync(challenge.Headers.Location);
        var response = await session.SubmitLoginAsync(login, DemoUser.Admin.Username, DemoUser.Admin.Password, raw);

        string? afterCallback = null;
        while (response.Headers.NonValidated.TryGetValues("Location", out var values))
        {
            var (from, location) = (response.RequestMessage!.RequestUri!, values.ToString());
            if (from.Authority == portal.Authority && from.AbsolutePath == "/signin-oidc")
            {
                afterCallback = location;
                Assert.True(location.All(c => c is > ' ' and <= '~'), $"the callback sent a Location with control or non-ASCII characters: {location}");
            }

            var next = new Uri(from, location);
            Assert.True(next.Authority == portal.Authority || next.Authority == fixture.Server.Stack.Oidc.Authority,
                $"{from.AbsolutePath} sent the browser to {location}");
            response = await raw.GetAsync(next);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (afterCallback, response.RequestMessage!.RequestUri!);
    }
}
