using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
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
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        // Every script is a file of the portal's own origin: no inline script, no import map, nothing from a CDN.
        Assert.All(ScriptTag().Matches(html), m => Assert.Matches(@"src=""[^""/:]", m.Value));
    }

    [Fact]
    public async Task Home_is_prerendered_with_the_mode_and_the_endpoints_in_use_and_opens_an_interactive_circuit()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        var html = await admin.Client.GetStringAsync("/");

        Assert.Contains("Local (local stack, EC2 sandbox)", html);
        Assert.Contains(fixture.Server.Stack.DynamoDb.ToString().TrimEnd('/'), html);
        Assert.Contains(fixture.Server.Stack.Oidc.ToString().TrimEnd('/'), html);
        Assert.Contains("<!--Blazor:{\"type\":\"server\"", html); // the marker blazor.web.js turns into a circuit
    }

    [Fact]
    public async Task Blazor_and_MudBlazor_assets_are_served_outside_Development_and_no_Bootstrap_or_htmx_is_left()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        var html = await admin.Client.GetStringAsync("/");
        using var anonymous = fixture.Server.CreateRawClient();

        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
            Assert.True((await anonymous.GetAsync("/" + asset)).StatusCode == HttpStatusCode.OK, $"{asset} is not served");
        Assert.DoesNotContain("bootstrap", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("htmx", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync("/lib/htmx/htmx.min.js")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_not_found_page_with_a_404()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);

        var response = await admin.Client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.Contains("There is nothing at this address", html);
    }

    [Fact]
    public async Task A_viewer_opens_a_circuit_but_gets_403_from_every_mutating_endpoint_that_is_not_explicitly_open()
    {
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var mutating = endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(MutationGuard.IsMutating) == true)
            .Where(e => e.Metadata.GetMetadata<MutationPolicy>() is null)
            .ToList();
        Assert.NotEmpty(mutating);
        Assert.DoesNotContain(mutating, e => e.RoutePattern.RawText!.Contains("_blazor", StringComparison.Ordinal));

        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);
        var negotiate = await viewer.Client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode); // viewers look at live pages too; their clicks meet AdminGate

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

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"(?:src|href)=""((?:_framework|_content|css)/[^""]+)""")]
    private static partial Regex AssetReference();
}
