using System.Net;

namespace Portal.Tests.Auth;

/// <summary>Sessions live on the server (DynamoDB), so sign-out ends them for every copy of the cookie,
/// and a restarted portal (reading the shared key ring in S3) still knows them.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_works_across_a_restart_and_is_refused_after_sign_out()
    {
        string copied;
        await using (var first = await StartAsync())
        {
            using var admin = await HttpSignIn.AsAsync(first, DemoUser.Admin);
            copied = admin.Cookies.GetCookieHeader(first.BaseAddress);
        }

        await using var second = await StartAsync();
        using var replay = Replay(second, copied);
        var before = await replay.GetAsync("/tokens");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("data-testid=\"user-role\">Admin<", await before.Content.ReadAsStringAsync());

        // The user signs out in their browser (which holds the same cookie).
        using var browser = HttpSignIn.Anonymous(second);
        browser.Cookies.SetCookies(second.BaseAddress, copied.Replace("; ", ","));
        using var raw = browser.RawClient();
        var signOut = await raw.PostAsync("/auth/signout", new FormUrlEncodedContent(
            [new KeyValuePair<string, string>("__RequestVerificationToken", await browser.AntiforgeryTokenAsync("/tokens"))]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        // The copy kept elsewhere no longer opens anything: pages send it to sign in, the API answers 401.
        var page = await replay.GetAsync("/tokens");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(second.Stack.Oidc.ToString().TrimEnd('/'), page.Headers.Location!.ToString());
        var api = await replay.GetAsync("/api/vpcs");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("Bearer", api.Headers.WwwAuthenticate.ToString());
    }

    private static Task<PortalServer> StartAsync() => PortalServer.StartAsync();

    /// <summary>A client that sends exactly this Cookie header and follows no redirects.</summary>
    private static HttpClient Replay(PortalServer server, string cookieHeader)
    {
        var client = server.CreateRawClient();
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }
}
