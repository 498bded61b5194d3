using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Tests.Auth;

/// <summary>Real tokens for the bearer API tests: access tokens from the local provider's client-credentials
/// grant (client secrets are "{id}-secret" there), and a real id_token read from a signed-in session.</summary>
public static class MachineTokens
{
    public static async Task<string> AccessTokenAsync(LocalStack stack, string client, string? scope = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(stack.Oidc, "oauth2/token"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client}:{client}-secret")));
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
            form["scope"] = scope;
        request.Content = new FormUrlEncodedContent(form);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Signs in as admin through the provider, then reads the id_token from the portal's own session.</summary>
    public static async Task<string> IdTokenAsync(PortalServer server)
    {
        using var session = await HttpSignIn.AsAsync(server, DemoUser.Admin);
        var ticket = await SessionTicketAsync(server, session.Cookies);
        return ticket?.Properties.GetTokenValue("id_token") ?? throw new InvalidOperationException("The session holds no id_token.");
    }

    /// <summary>The server-side session the portal cookie in <paramref name="cookies"/> points at; null once it has ended.</summary>
    public static Task<AuthenticationTicket?> SessionTicketAsync(PortalServer server, CookieContainer cookies) =>
        SessionTicketAsync(server, cookies.GetCookieHeader(server.BaseAddress));

    public static async Task<AuthenticationTicket?> SessionTicketAsync(PortalServer server, string cookieHeader)
    {
        var options = server.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = cookieHeader;
        var cookie = options.TicketDataFormat.Unprotect(options.CookieManager.GetRequestCookie(http, options.Cookie.Name!))
            ?? throw new InvalidOperationException("No portal cookie in the jar.");
        // The claim the cookie handler puts in the cookie when a SessionStore keeps the real ticket.
        var key = cookie.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")!.Value;
        return await options.SessionStore!.RetrieveAsync(key);
    }

    /// <summary>A client of the portal with no cookies and no redirects, presenting <paramref name="token"/> as Bearer when given.</summary>
    public static HttpClient Api(PortalServer server, string? token)
    {
        var client = server.CreateRawClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
