using Microsoft.AspNetCore.Builder;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

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
