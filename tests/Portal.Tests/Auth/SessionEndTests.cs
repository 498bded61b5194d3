using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;
using Portal.Testing;

namespace Portal.Tests.Auth;

/// <summary>A session ends for good: sign-out revokes its refresh token at the provider, and no session lives past
/// the absolute lifetime however busy it is. The portal's clock is moved by the tests (each signs in anew), and a tap
/// in the revocation client can break the provider's answer.</summary>
public sealed class SessionEndTests(SessionEndTests.Portal fixture) : IClassFixture<SessionEndTests.Portal>, IDisposable
{
    public sealed class Portal : IAsyncLifetime
    {
        public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public LogCapture Logs { get; } = new();

        /// <summary>When set, answers the portal's revocation calls in place of the provider.</summary>
        public Func<CancellationToken, Task<HttpResponseMessage>>? Revocation { get; set; }

        public PortalServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await PortalServer.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(Clock).AddSingleton<ILoggerProvider>(Logs);
            s.AddHttpClient(RefreshTokenRevoker.HttpClientName).AddHttpMessageHandler(() => new RevocationTap(this));
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public void Dispose() => fixture.Revocation = null;

    private PortalServer Server => fixture.Server;

    [Fact]
    public async Task Sign_out_revokes_the_sessions_refresh_token_so_the_provider_refuses_it()
    {
        using var admin = await HttpSignIn.AsAsync(Server, DemoUser.Admin);
        var refreshToken = await RefreshTokenAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAtProviderAsync(refreshToken)).Status);

        var signOut = await SignOutAsync(admin);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), await RefreshAtProviderAsync(refreshToken));
    }

    [Fact]
    public async Task A_session_in_use_all_day_ends_at_the_absolute_lifetime_whatever_the_sliding_expiry_says()
    {
        using var admin = await HttpSignIn.AsAsync(Server, DemoUser.Admin);
        using var raw = admin.RawClient();
        var cookie = admin.Cookies.GetCookieHeader(Server.BaseAddress);
        var refreshToken = await RefreshTokenAsync(admin);

        // Busy all day: a request every three hours renews the sliding cookie (8 h) and refreshes the tokens.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            fixture.Clock.Advance(TimeSpan.FromHours(3));
            Assert.Equal(HttpStatusCode.OK, (await raw.GetAsync("/")).StatusCode);
        }

        fixture.Clock.Advance(new TimeSpan(2, 59, 0)); // 11:59 after signing in: just below the default 12 hours
        Assert.Equal(HttpStatusCode.OK, (await raw.GetAsync("/")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2)); // 12:01
        var ended = await raw.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.StartsWith(Server.Stack.Oidc.ToString().TrimEnd('/'), ended.Headers.Location!.ToString());
        Assert.Null(await MachineTokens.SessionTicketAsync(Server, cookie));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), await RefreshAtProviderAsync(refreshToken));
    }

    [Theory]
    [InlineData(true, "answered 503")]
    [InlineData(false, "failed")] // no answer at all: the revoker's timeout ends the wait
    public async Task Sign_out_completes_when_the_revocation_fails_and_the_failure_is_logged(bool answers, string logged)
    {
        fixture.Revocation = answers
            ? _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))
            : async cancel => { await Task.Delay(Timeout.Infinite, cancel); throw new UnreachableException(); };
        using var admin = await HttpSignIn.AsAsync(Server, DemoUser.Admin);
        var cookie = admin.Cookies.GetCookieHeader(Server.BaseAddress);
        var elapsed = Stopwatch.StartNew();

        var signOut = await SignOutAsync(admin);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.StartsWith(new Uri(Server.Stack.Oidc, "logout").ToString(), signOut.Headers.Location!.ToString());
        Assert.True(elapsed.Elapsed < RefreshTokenRevoker.Timeout + TimeSpan.FromSeconds(5), $"sign-out took {elapsed.Elapsed}");
        Assert.Null(await MachineTokens.SessionTicketAsync(Server, cookie));
        Assert.Contains(fixture.Logs.Warnings, w => w.StartsWith($"Revoking a refresh token at {new Uri(Server.Stack.Oidc, "oauth2/revoke")} {logged}", StringComparison.Ordinal));
    }

    [Fact]
    public void In_aws_refresh_tokens_are_revoked_on_the_hosted_ui_domain_where_cognito_serves_oauth2_revoke()
    {
        var options = new CognitoOptions
        {
            Authority = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC", HostedUiDomain = "portal-main.auth.eu-west-1.amazoncognito.com",
        };

        Assert.Equal(new Uri("https://portal-main.auth.eu-west-1.amazoncognito.com/oauth2/revoke"), options.RevocationEndpoint);
    }

    private async Task<string> RefreshTokenAsync(HttpSignIn session) =>
        (await MachineTokens.SessionTicketAsync(Server, session.Cookies))!.Properties.GetTokenValue("refresh_token")!;

    private static async Task<HttpResponseMessage> SignOutAsync(HttpSignIn session)
    {
        using var raw = session.RawClient();
        return await raw.PostAsync("/auth/signout", new FormUrlEncodedContent(
            [new KeyValuePair<string, string>("__RequestVerificationToken", await session.AntiforgeryTokenAsync())]));
    }

    /// <summary>A refresh_token grant at the provider's token endpoint, as the portal's client: status and error code.</summary>
    private async Task<(HttpStatusCode Status, string? Error)> RefreshAtProviderAsync(string refreshToken)
    {
        var client = Server.Services.GetRequiredService<IOptions<CognitoOptions>>().Value;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Stack.Oidc, "oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        request.Headers.Authorization = ClientSecretBasic.Header(client.ClientId, client.ClientSecret);
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    private sealed class RevocationTap(Portal portal) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            portal.Revocation?.Invoke(cancellationToken) ?? base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Keeps what the portal logs at warning level and above.</summary>
public sealed class LogCapture : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            Warnings.Enqueue(formatter(state, exception));
    }

    public void Dispose()
    {
    }
}
