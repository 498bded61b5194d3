using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Aws;

namespace Portal.Core.Sessions;

public static class DependencyInjection
{
    /// <summary>The server-side session store and its table (once, however many features ask), the sessions'
    /// absolute lifetime, and the shared store of the keys that encrypt them. Needs AddPortalAws.</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<SessionLifetime>();
        services.TryAddSingleton<KeyRingStore>();
        var tables = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()?.Tables ?? new TableNames();
        services.AddDynamoTable(SessionStore.Definition(tables.Sessions));
        return services;
    }
}
