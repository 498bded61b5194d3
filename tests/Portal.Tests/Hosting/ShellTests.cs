using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Auth;
using Portal.Testing;
using Portal.Tests.Auth;

namespace Portal.Tests.Hosting;

public sealed class ShellTests(SignInFlowTests.Portal fixture) : IClassFixture<SignInFlowTests.Portal>
{
    [Fact]
    public async Task Health_live_and_ready_answer_without_sign_in_and_ready_checks_dynamodb_and_s3()
    {
        using var client = fixture.Server.CreateRawClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
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
    public void Every_mutating_endpoint_needs_the_admin_policy_or_says_why_not()
    {
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var mutating = endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(MutationGuard.IsMutating) == true)
            .ToList();

        Assert.NotEmpty(mutating);
        foreach (var endpoint in mutating)
        {
            var admin = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AuthorizationPolicies.Admin);
            var explained = endpoint.Metadata.GetMetadata<MutationPolicy>() is not null;
            Assert.True(admin || explained, $"{endpoint.RoutePattern.RawText} is mutating but neither admin-only nor marked with a MutationPolicy.");
        }
    }
}
