using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Notifications;

/// <summary>Aws mode: SNS Publish to the topic configured for the short name.</summary>
public sealed class SnsNotificationPublisher(SnsClient sns, IOptions<NotificationOptions> options) : INotificationPublisher
{
    public async Task PublishAsync(string topic, string subject, string message, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Topics.TryGetValue(topic, out var arn) || string.IsNullOrWhiteSpace(arn))
            throw new InvalidOperationException($"{NotificationOptions.Section}:Topics:{topic} is not set: give the SNS topic ARN for '{topic}' notifications.");
        await sns.PublishAsync(arn, subject, message, cancellationToken);
    }
}
