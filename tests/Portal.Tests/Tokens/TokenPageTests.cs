using System.Net;
using AngleSharp.Html.Parser;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Tokens;
using Portal.Tests.Auth;

namespace Portal.Tests.Tokens;

public sealed class TokenPageTests(TokenPortal fixture) : IClassFixture<TokenPortal>
{
    private static readonly HtmlParser Parser = new();

    private TokenRunHistory History => fixture.Server.Services.GetRequiredService<TokenRunHistory>();

    private static FormUrlEncodedContent Form(string antiforgery) => new([new("__RequestVerificationToken", antiforgery)]);

    private async Task<string> StoredTokenAsync()
    {
        var options = fixture.Server.Services.GetRequiredService<IOptions<TokenRefreshOptions>>().Value;
        using var response = await fixture.Server.Services.GetRequiredService<IAmazonS3>().GetObjectAsync(options.Bucket, options.ObjectKey);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task A_viewer_sees_no_refresh_button_and_gets_403_from_the_refresh_post()
    {
        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);
        var html = await viewer.Client.GetStringAsync("/tokens");
        Assert.Null(Parser.ParseDocument(html).QuerySelector("[data-testid=refresh-now]"));
        var before = (await History.PageAsync(100)).Runs.Count;

        var token = await viewer.AntiforgeryTokenAsync("/tokens"); // the sign-out form carries one
        var response = await viewer.Client.PostAsync("/tokens/refresh", Form(token)); // ends on the access-denied page

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, (await History.PageAsync(100)).Runs.Count);
    }

    [Fact]
    public async Task An_admin_refresh_runs_the_job_redirects_and_the_page_shows_the_new_run_and_the_fingerprint_only()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        var token = await admin.AntiforgeryTokenAsync("/tokens");
        using var raw = admin.RawClient();

        var response = await raw.PostAsync("/tokens/refresh", Form(token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/tokens?run=", location);
        var runId = Uri.UnescapeDataString(location["/tokens?run=".Length..]);
        var run = (await History.PageAsync(100)).Runs.Single(r => r.RunId == runId);
        Assert.True(run.Succeeded, run.ErrorReason);
        Assert.Equal(TokenRunTrigger.Manual, run.Trigger);
        Assert.Equal("admin", run.TriggeredBy);

        var html = await admin.Client.GetStringAsync(location);
        var page = Parser.ParseDocument(html);
        Assert.Contains("succeeded", page.QuerySelector("[data-testid=refresh-outcome]")!.TextContent);
        Assert.NotNull(page.QuerySelector($"[data-testid=run-history] tr[data-run-id='{runId}']"));
        Assert.Equal("Valid", page.QuerySelector("[data-testid=token-state]")!.TextContent.Trim());
        var stored = await StoredTokenAsync();
        var fingerprint = TokenFingerprint.Of(stored);
        Assert.Equal("sha256:" + fingerprint.Sha256Prefix, page.QuerySelector("[data-testid=token-fingerprint]")!.TextContent);
        Assert.Equal($"{fingerprint.Length} chars", page.QuerySelector("[data-testid=token-length]")!.TextContent);
        Assert.DoesNotContain(stored, html);
        Assert.DoesNotContain(stored[..20], html);
        Assert.DoesNotContain("token-job-secret", html);
        Assert.NotNull(page.QuerySelector($"[data-testid=duration-chart] rect[data-run-id='{runId}']"));
        Assert.Contains("Token refresh succeeded", page.QuerySelector("[data-testid=token-notifications]")!.TextContent);
        Assert.Matches(@"^\d+ min \d+ s$|^\d+(\.\d)? s$|^\d+ ms$", page.QuerySelector("[data-testid=next-run-countdown]")!.TextContent.Trim());
        // The page has no inline script or style, as the CSP requires.
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task The_refresh_post_needs_the_antiforgery_token()
    {
        using var admin = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Admin);
        using var raw = admin.RawClient();

        var response = await raw.PostAsync("/tokens/refresh", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_status_fragment_is_the_polled_panel_alone_and_needs_sign_in()
    {
        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);

        var html = await viewer.Client.GetStringAsync("/tokens/status");

        Assert.DoesNotContain("<html", html);
        var panel = Parser.ParseDocument(html).QuerySelector("#token-status")!;
        Assert.Equal("/tokens/status", panel.GetAttribute("hx-get"));
        Assert.Equal("every 5s", panel.GetAttribute("hx-trigger"));
        Assert.Equal("outerHTML", panel.GetAttribute("hx-swap"));
        Assert.NotNull(panel.QuerySelector("[data-testid=next-run-countdown]"));

        using var anonymous = fixture.Server.CreateRawClient();
        var refused = await anonymous.GetAsync("/tokens/status");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith(fixture.Server.Stack.Oidc.ToString().TrimEnd('/'), refused.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_page_token_the_portal_did_not_issue_shows_a_warning_and_the_newest_runs()
    {
        using var viewer = await HttpSignIn.AsAsync(fixture.Server, DemoUser.Viewer);

        var response = await viewer.Client.GetAsync("/tokens?page=bogus");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("start again from the first page", page.QuerySelector("[data-testid=page-error]")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=run-history]"));
    }
}
