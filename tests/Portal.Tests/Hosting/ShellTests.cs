using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Auth;
using Portal.Tests.Auth;

namespace Portal.Tests.Hosting;

public sealed partial class ShellTests(SignInFlowTests.Portal fixture) : IClassFixture<SignInFlowTests.Portal>
{
    [Fact]
    public async Task Health_live_and_ready_answer_without_sign_in_and_ready_checks_dynamodb_and_s3()
    {
        using var client = fixture.Server.CreateRawClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("dynamodb").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("s3").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_a_csp_without_inline_script()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        var response = await admin.Client.GetAsync("/");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("blazor.web.js", html);
    }

    [Fact]
    public async Task The_dashboard_shows_the_mode_and_the_endpoints_in_use()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        var html = await admin.Client.GetStringAsync("/");

        Assert.Contains("Local (local stack, EC2 sandbox)", html);
        Assert.Contains(fixture.Server.Stack.DynamoDb.ToString().TrimEnd('/'), html);
        Assert.Contains(fixture.Server.Stack.S3.ToString().TrimEnd('/'), html);
        Assert.Contains(fixture.Server.Stack.Oidc.ToString().TrimEnd('/'), html);
    }

    [Fact]
    public async Task The_front_end_packages_are_served_from_wwwroot_lib()
    {
        using var client = fixture.Server.CreateRawClient();

        foreach (var path in new[] { "/lib/bootstrap/bootstrap.min.css", "/lib/htmx/htmx.min.js", "/lib/bootstrap-icons/bootstrap-icons.min.css" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        var htmx = await client.GetStringAsync("/lib/htmx/htmx.min.js");
        Assert.Contains("2.0.", htmx);
    }

    [Fact]
    public async Task A_viewer_gets_403_from_every_mutating_endpoint_that_is_not_explicitly_open()
    {
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var mutating = endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(MutationGuard.IsMutating) == true)
            .Where(e => e.Metadata.GetMetadata<MutationPolicy>() is null)
            .ToList();
        Assert.NotEmpty(mutating);

        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);
        var token = await viewer.AntiforgeryTokenAsync();
        foreach (var endpoint in mutating)
        {
            // Route values are filled with a placeholder: the refusal must come before any lookup.
            var path = RouteParameter().Replace(endpoint.RoutePattern.RawText!, "x");
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.First(MutationGuard.IsMutating);
            using var request = new HttpRequestMessage(new HttpMethod(method), "/" + path.TrimStart('/'))
            {
                Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
            };
            var response = await viewer.Client.SendAsync(request); // a redirect to the access-denied page is followed
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} answered {(int)response.StatusCode} to a viewer");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();
}
