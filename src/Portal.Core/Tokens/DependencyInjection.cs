using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Core.Tokens;

public static class DependencyInjection
{
    /// <summary>
    /// Binds and validates <c>Portal:Tokens</c> on start and registers the token endpoint client.
    /// The S3 store, run history and scheduler are wired by the host.
    /// </summary>
    public static IServiceCollection AddTokenRefresh(this IServiceCollection services, IConfiguration configuration, bool runsInAws)
    {
        services.AddOptions<TokenRefreshOptions>()
            .Bind(configuration.GetSection(TokenRefreshOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenRefreshOptions>>(new TokenRefreshOptionsValidator(runsInAws));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<TokenEndpointClient>();
        return services;
    }
}
