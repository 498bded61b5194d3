using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Notifications;

public static class DependencyInjection
{
    /// <summary>SNS in Aws mode; the DynamoDB feed (shown in the portal) in Local mode.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section));
        services.AddSingleton<NotificationFeed>();
        services.AddSingleton<SnsNotificationPublisher>();
        services.AddSingleton<INotificationPublisher>(sp =>
            sp.GetRequiredService<IOptions<PortalOptions>>().Value.Mode == PortalMode.Aws
                ? sp.GetRequiredService<SnsNotificationPublisher>()
                : sp.GetRequiredService<NotificationFeed>());

        var tables = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()?.Tables ?? new TableNames();
        services.AddDynamoTable(NotificationFeed.Definition(tables.Notifications));
        return services;
    }
}
