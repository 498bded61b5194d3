using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Tests.Auth;

namespace Portal.Tests.Hardening;

/// <summary>A portal with low rate limits, the forwarded headers a load balancer sends honoured, and one readiness
/// check that fails with the kind of text AWS errors carry (a role ARN, a bucket name).</summary>
public sealed class HardeningPortal : IAsyncLifetime
{
    public const string Collection = "hardening portal";
    public const string LeakyCheckText = "AccessDenied: arn:aws:iam::123456789012:role/portal-task may not read portal-secret-bucket";
    public const int ApiRequestsPerClient = 20;
    public const int MutationsPerUser = 3;

    public PortalServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Server = await PortalServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["FORWARDEDHEADERS_ENABLED"] = "true",
                ["Portal:Limits:ApiRequestsPerClient"] = ApiRequestsPerClient.ToString(),
                ["Portal:Limits:MutationsPerUser"] = MutationsPerUser.ToString(),
                ["Portal:Orders:MaxApiBatch"] = "5",
                ["Portal:Aws:Tables:Orders"] = $"orders-hard-{suffix}",
            },
            services => services.AddHealthChecks().AddCheck("leaky", () => HealthCheckResult.Unhealthy(LeakyCheckText), tags: ["ready"]));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public Task<string> TokenAsync(string client) => MachineTokens.AccessTokenAsync(Server.Stack, client);
}

/// <summary>Runs alone: the memory test counts the whole process's allocations.</summary>
[CollectionDefinition(HardeningPortal.Collection, DisableParallelization = true)]
public sealed class HardeningPortalCollection : ICollectionFixture<HardeningPortal>;
