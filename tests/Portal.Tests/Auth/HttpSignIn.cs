using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Portal.Testing;

namespace Portal.Tests.Auth;

/// <summary>Signs in through the real local provider's login form over plain HTTP (no browser): a cookie
/// jar that follows redirects between the portal and the provider, as a browser would.</summary>
public sealed class HttpSignIn : IDisposable
{
    private static readonly HtmlParser Parser = new();

    private HttpSignIn(Uri portal)
    {
        Cookies = new CookieContainer();
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = true }) { BaseAddress = portal };
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    /// <summary>A session that has not signed in yet.</summary>
    public static HttpSignIn Anonymous(PortalServer portal) => new(portal.BaseAddress);

    public static async Task<HttpSignIn> AsAsync(PortalServer portal, DemoUser user)
    {
        var session = Anonymous(portal);
        var login = await session.Client.GetAsync("/");
        var landed = await session.SubmitLoginAsync(login, user.Username, user.Password);
        Assert.True(landed.RequestMessage!.RequestUri!.Authority == portal.BaseAddress.Authority,
            $"sign-in ended at {landed.RequestMessage.RequestUri}, status {(int)landed.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        return session;
    }

    /// <summary>Fills and posts the provider's login form found in <paramref name="loginPage"/>.</summary>
    public async Task<HttpResponseMessage> SubmitLoginAsync(HttpResponseMessage loginPage, string username, string password)
    {
        var html = await loginPage.Content.ReadAsStringAsync();
        var form = Parser.ParseDocument(html).QuerySelector("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"No login form at {loginPage.RequestMessage!.RequestUri}: {html[..Math.Min(500, html.Length)]}");
        var action = new Uri(loginPage.RequestMessage!.RequestUri!, form.GetAttribute("action"));
        var fields = form.QuerySelectorAll("input")
            .OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        fields["username"] = username;
        fields["password"] = password;
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token the portal put in a page's form.</summary>
    public async Task<string> AntiforgeryTokenAsync(string path = "/")
    {
        var html = await Client.GetStringAsync(path);
        var input = Parser.ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        return input?.Value ?? throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    /// <summary>A client sharing this session's cookies that does not follow redirects.</summary>
    public HttpClient RawClient() =>
        new(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = Client.BaseAddress };

    public void Dispose() => Client.Dispose();
}
