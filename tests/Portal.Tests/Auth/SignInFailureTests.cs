using Microsoft.AspNetCore.Builder;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Portal.Testing;

namespace Portal.Tests.Auth;

public sealed class SignInFailureTests
{
    [Fact]
    public async Task When_the_provider_is_unreachable_the_user_sees_a_clear_error_page()
    {
        var deadAuthority = $"http://127.0.0.1:{LocalStack.FreePort()}";
        await using var server = await PortalServer.StartAsync(new Dictionary<string, string?> { ["Portal:Auth:Authority"] = deadAuthority });
        using var client = server.CreateRawClient();

        var challenge = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal("/auth/error?reason=provider-unreachable", challenge.Headers.Location!.OriginalString);

        var page = await client.GetAsync(challenge.Headers.Location);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("The sign-in service cannot be reached", html);
        Assert.Contains(deadAuthority, html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task A_forged_callback_ends_on_the_error_page_not_a_stack_trace()
    {
        await using var server = await PortalServer.StartAsync();
        using var client = server.CreateRawClient();

        var response = await client.GetAsync("/signin-oidc?code=forged&state=forged");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/error?reason=sign-in-failed", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Tokens_are_refreshed_near_expiry_keeping_the_refresh_token_cognito_does_not_send_again()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        TokenEndpointTap tap = null!;
        await using var server = await PortalServer.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            tap = TokenEndpointTap.Install(s);
        });
        using var admin = await HttpSignIn.AsAsync(server, DemoUser.Admin);
        using var raw = admin.RawClient();
        var signedIn = (await MachineTokens.SessionTicketAsync(server, admin.Cookies))!.Properties;

        var fresh = await raw.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Set-Cookie"), "no refresh while the access token is fresh");

        // 56 minutes in, the one-hour access token is within the five-minute refresh window.
        clock.Advance(TimeSpan.FromMinutes(56));
        var refreshed = await raw.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Contains(refreshed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal) && !c.StartsWith("portal.auth=;"));
        Assert.Contains("data-testid=\"user-name\">admin<", await refreshed.Content.ReadAsStringAsync());

        Assert.False(tap.LastAnswer!.ContainsKey("refresh_token"), "the provider, like Cognito, sends no new refresh token");
        var now = (await MachineTokens.SessionTicketAsync(server, admin.Cookies))!.Properties;
        Assert.NotEqual(signedIn.GetTokenValue("access_token"), now.GetTokenValue("access_token"));
        Assert.Equal(signedIn.GetTokenValue("refresh_token"), now.GetTokenValue("refresh_token"));
        Assert.Equal(clock.GetUtcNow().AddHours(1), DateTimeOffset.Parse(now.GetTokenValue("expires_at")!, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("the provider refuses the refresh token")]
    [InlineData("the refreshed id_token is not the provider's")]
    public async Task A_failed_refresh_ends_the_session_and_sends_the_user_to_sign_in(string failure)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        TokenEndpointTap tap = null!;
        await using var server = await PortalServer.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            tap = TokenEndpointTap.Install(s);
        });
        using var admin = await HttpSignIn.AsAsync(server, DemoUser.Admin);
        using var raw = admin.RawClient();
        if (failure.Contains("refuses"))
            tap.Request = form => form["refresh_token"] = "revoked";
        else
            tap.IdToken = token => ForgedTokens.SignedByAnotherKey(token, ForgedTokens.ProviderKey(server.Stack));

        var cookie = admin.Cookies.GetCookieHeader(server.BaseAddress);
        clock.Advance(TimeSpan.FromMinutes(56));
        var refused = await raw.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith(server.Stack.Oidc.ToString().TrimEnd('/'), refused.Headers.Location!.ToString());
        Assert.Null(await MachineTokens.SessionTicketAsync(server, cookie));
    }

    [Fact]
    public async Task A_missing_setting_stops_start_up_with_a_message_naming_the_key()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await PortalServer.StartAsync(new Dictionary<string, string?>
            {
                ["Portal:Auth:ClientId"] = "",
            });
        });

        var messages = string.Join("\n", Flatten(failure).Select(e => e.Message));
        Assert.Contains("Portal:Auth:ClientId is required", messages);
    }

    [Fact]
    public async Task An_unhandled_exception_shows_the_error_page_with_a_reference_and_no_details()
    {
        // A middleware that fails on one path stands in for any bug behind a page.
        await using var server = await PortalServer.StartAsync(services: s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new ThrowOn("/boom")));
        using var admin = await HttpSignIn.AsAsync(server, DemoUser.Admin);

        var response = await admin.Client.GetAsync("/boom");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", html);
        Assert.DoesNotContain("secret detail", html);
        Assert.DoesNotContain("   at ", html);
    }

    private sealed class ThrowOn(string path) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (Microsoft.AspNetCore.Http.HttpContext context, Func<Task> nextMiddleware) =>
            {
                if (context.Request.Path == path)
                    throw new InvalidOperationException("secret detail");
                await nextMiddleware();
            });
        };
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException a ? a.InnerExceptions.SelectMany(Flatten) : e.InnerException is null ? [e] : [e, .. Flatten(e.InnerException)];
}
