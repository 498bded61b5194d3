using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Auth;

namespace Portal.Tests.Orders;

/// <summary>One real portal for the orders API and dashboard tests (tables of its own), with a ManualClock
/// set to now so a test can move the portal's time.</summary>
public sealed class OrdersPortal : IAsyncLifetime
{
    public const string Collection = "orders portal";

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public PortalServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Server = await PortalServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Portal:Aws:Tables:Orders"] = $"orders-web-{suffix}",
                ["Portal:Aws:Tables:LoadJobs"] = $"load-jobs-web-{suffix}",
                ["Portal:Aws:Tables:Notifications"] = $"notifications-web-{suffix}",
                ["Portal:Aws:Tables:Pipeline"] = $"pipeline-web-{suffix}",
                ["Portal:Orders:Queue"] = $"orders-web-{suffix}",
                ["Portal:Orders:DeadLetterQueue"] = $"orders-dlq-web-{suffix}",
                // The portal's own consumer stores what the API accepts (a short long-poll, so it stops quickly).
                ["Portal:Orders:ConsumerEnabled"] = "true",
                ["Portal:Orders:ReceiveWaitSeconds"] = "1",
                ["Portal:Orders:MaxApiBatch"] = "5",
                ["Portal:Orders:MaxUploadBytes"] = (1024 * 1024).ToString(),
            },
            services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>An access token from the real local provider's client-credentials grant.</summary>
    public Task<string> TokenAsync(string client, string? scope = null) => MachineTokens.AccessTokenAsync(Server.Stack, client, scope);

    /// <summary>A client of the API presenting <paramref name="token"/> (no cookies, no redirects).</summary>
    public HttpClient Api(string? token) => MachineTokens.Api(Server, token);
}

[CollectionDefinition(OrdersPortal.Collection)]
public sealed class OrdersPortalCollection : ICollectionFixture<OrdersPortal>;
