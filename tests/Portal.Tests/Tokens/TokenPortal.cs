using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tokens;

namespace Portal.Tests.Tokens;

/// <summary>A portal whose token job points at the local provider's machine client, with its own tables and
/// object key, and the scheduler off so only the tests' own presses make runs. Its token requests pass through
/// <see cref="Endpoint"/>, which a test can hold (to see a run in progress) or make fail.</summary>
public sealed class TokenPortal : IAsyncLifetime
{
    public PortalServer Server { get; private set; } = null!;

    public HeldTokenEndpoint Endpoint { get; } = new();

    public static async Task<Dictionary<string, string?>> SettingsAsync()
    {
        var stack = await LocalStack.Shared;
        var name = Guid.NewGuid().ToString("N")[..10];
        return new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:TokenRuns"] = $"web-token-runs-{name}",
            ["Portal:Aws:Tables:Leases"] = $"web-leases-{name}",
            ["Portal:Aws:Tables:Notifications"] = $"web-notifications-{name}",
            ["Portal:Tokens:TokenEndpoint"] = new Uri(stack.Oidc, "oauth2/token").ToString(),
            ["Portal:Tokens:ObjectKey"] = $"tokens-{name}/access_token.txt",
            ["Portal:Tokens:SchedulerEnabled"] = "false",
        };
    }

    public async Task InitializeAsync() => Server = await PortalServer.StartAsync(await SettingsAsync(),
        services => services.AddHttpClient<TokenEndpointClient>().AddHttpMessageHandler(() => Endpoint));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Between the token client and the real provider: passes requests on, unless a test holds them until
/// released or asks for the provider's refusal of a bad client secret.</summary>
public sealed class HeldTokenEndpoint : DelegatingHandler
{
    private TaskCompletionSource? _hold;

    public bool RefuseNext { get; set; }

    /// <summary>Token requests wait from now until the returned release is called.</summary>
    public Action Hold()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = hold;
        return () =>
        {
            _hold = null;
            hold.TrySetResult();
        };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_hold is { } hold)
            await hold.Task.WaitAsync(cancellationToken);
        if (RefuseNext)
        {
            RefuseNext = false;
            return new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("""{"error":"invalid_client","error_description":"client authentication failed"}""",
                    System.Text.Encoding.UTF8, "application/json"),
            };
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
