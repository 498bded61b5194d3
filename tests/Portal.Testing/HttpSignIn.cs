using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Portal.Auth;
using Portal.Testing;

namespace Portal.Testing;

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
        var (session, landed) = await TryAsync(portal, user);
        Assert.True(landed.RequestMessage!.RequestUri!.Authority == portal.BaseAddress.Authority,
            $"sign-in ended at {landed.RequestMessage.RequestUri}, status {(int)landed.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.NotEqual(AuthEndpoints.ErrorPagePath, landed.RequestMessage.RequestUri.AbsolutePath);
        return session;
    }

    /// <summary>Opens the portal, signs in at the provider and follows the redirects: where the browser lands, success or not.</summary>
    public static async Task<(HttpSignIn Session, HttpResponseMessage Landed)> TryAsync(PortalServer portal, DemoUser user)
    {
        var session = Anonymous(portal);
        var login = await session.Client.GetAsync("/");
        return (session, await session.SubmitLoginAsync(login, user.Username, user.Password));
    }

    /// <summary>Signs in at the provider but stops where it sends the browser back: the portal's callback URL
    /// (code and state), not yet opened. The session holds the portal's correlation and nonce cookies.</summary>
    public async Task<Uri> CallbackAsync(DemoUser user)
    {
        using var raw = RawClient();
        var login = await Client.GetAsync((await raw.GetAsync("/")).Headers.Location);
        var response = await SubmitLoginAsync(login, user.Username, user.Password, raw);
        var at = response.RequestMessage!.RequestUri!;
        while (response.Headers.Location is { } location)
        {
            at = new Uri(at, location);
            if (at.Authority == Client.BaseAddress!.Authority)
                return at;
            response = await raw.GetAsync(at);
        }

        throw new InvalidOperationException($"The provider did not send the browser back: {(int)response.StatusCode} at {at}.");
    }

    /// <summary>Fills and posts the provider's login form found in <paramref name="loginPage"/>. A user with a temporary
    /// password (created through the admin API) is then asked for a permanent one: the same password is kept.</summary>
    public async Task<HttpResponseMessage> SubmitLoginAsync(HttpResponseMessage loginPage, string username, string password, HttpClient? via = null)
    {
        var posted = await PostFormAsync(loginPage, new() { ["username"] = username, ["password"] = password }, via);
        if (posted.StatusCode == HttpStatusCode.OK && (await posted.Content.ReadAsStringAsync()).Contains("name=\"newPassword\"", StringComparison.Ordinal))
            posted = await PostFormAsync(posted, new() { ["newPassword"] = password }, via);
        return posted;
    }

    private async Task<HttpResponseMessage> PostFormAsync(HttpResponseMessage page, Dictionary<string, string> values, HttpClient? via)
    {
        var html = await page.Content.ReadAsStringAsync();
        var form = Parser.ParseDocument(html).QuerySelector("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form at {page.RequestMessage!.RequestUri}: {html[..Math.Min(500, html.Length)]}");
        var action = new Uri(page.RequestMessage!.RequestUri!, form.GetAttribute("action"));
        var fields = form.QuerySelectorAll("input")
            .OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in values)
            fields[name] = value;
        return await (via ?? Client).PostAsync(action, new FormUrlEncodedContent(fields));
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
