using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Aws;

namespace Portal.Core.Notifications;

public static class DependencyInjection
{
    /// <summary>SNS publishing (fauxqs locally) and the feed read from the inbox queue subscribed to the topics; in Local mode
    /// the topics, the inbox and its subscriptions are created on start.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section));
        services.AddSingleton<NotificationFeed>();
        services.AddSingleton<SnsNotificationPublisher>();
        services.AddSingleton<INotificationPublisher>(sp => sp.GetRequiredService<SnsNotificationPublisher>());

        var tables = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()?.Tables ?? new TableNames();
        services.AddDynamoTable(NotificationFeed.Definition(tables.Notifications));

        // Local mode only (the bootstrapper runs there): names, since ARNs and URLs come from the CDK app in AWS.
        var notifications = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        var inbox = notifications.InboxFor(tables.Notifications, local: true)!;
        foreach (var topic in NotificationOptions.KnownTopics)
        {
            var name = notifications.TopicFor(topic, tables.Notifications, local: true)!;
            if (!name.StartsWith("arn:", StringComparison.Ordinal) && !SqsQueues.IsUrl(inbox))
                services.AddSingleton(new SnsTopic(name, [inbox]));
        }

        return services;
    }
}
