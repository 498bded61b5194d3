using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Tokens;

public static class DependencyInjection
{
    /// <summary>
    /// The token refresh job: options (<c>Portal:Tokens</c>, validated on start), credentials, token
    /// endpoint client, S3 store, run history, lease, collector, dashboard and the hosted scheduler
    /// (which does nothing when <c>SchedulerEnabled</c> is false). Needs AddPortalAws and AddNotifications.
    /// </summary>
    public static IServiceCollection AddTokenRefresh(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = configuration.GetSection(PortalOptions.Section).GetValue(nameof(PortalOptions.Mode), PortalMode.Local);
        return services.AddTokenRefresh(configuration, runsInAws: mode == PortalMode.Aws);
    }

    public static IServiceCollection AddTokenRefresh(this IServiceCollection services, IConfiguration configuration, bool runsInAws)
    {
        services.AddOptions<TokenRefreshOptions>()
            .Bind(configuration.GetSection(TokenRefreshOptions.SectionName))
            // The token lives in the portal's one bucket unless Portal:Tokens:Bucket names another.
            .PostConfigure(o => o.Bucket = string.IsNullOrWhiteSpace(o.Bucket)
                ? configuration.GetSection(AwsOptions.Section).GetValue(nameof(AwsOptions.Bucket), new AwsOptions().Bucket)
                : o.Bucket)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenRefreshOptions>>(new TokenRefreshOptionsValidator(runsInAws));
        services.TryAddSingleton(TimeProvider.System);
        // The collector is a singleton and keeps its client, so connections (not handlers) are recycled to follow DNS changes.
        // Transient failures (5xx, 408, 429, a dropped connection) are retried by the framework's standard resilience
        // handler, the one retry mechanism for plain HTTP calls; a token request is safe to repeat. Two quick retries
        // fit inside the run's own timeout, so a lasting failure is still reported with the endpoint's answer.
        services.AddHttpClient<TokenEndpointClient>()
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
            });

        services.AddSingleton(sp => new TokenCredentialSource(
            sp.GetRequiredService<IOptions<TokenRefreshOptions>>(),
            sp.GetRequiredService<IOptions<PortalOptions>>(),
            // Resolved only in Aws mode, when a run needs the secret.
            () => sp.GetRequiredService<SecretsManagerClient>()));
        services.AddSingleton<TokenStore>();
        services.AddSingleton<TokenRunHistory>();
        services.AddSingleton<RunLease>();
        services.AddSingleton<TokenCollector>();
        services.AddSingleton<TokenDashboard>();
        services.AddSingleton<TokenScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenScheduler>());

        var tables = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()?.Tables ?? new TableNames();
        services.AddDynamoTable(TokenRunHistory.Definition(tables.TokenRuns));
        services.AddDynamoTable(RunLease.Definition(tables.Leases));
        return services;
    }
}
