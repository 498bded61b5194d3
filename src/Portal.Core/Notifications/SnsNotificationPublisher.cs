using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Notifications;

/// <summary>SNS Publish to the topic configured for the short name, in both modes (fauxqs locally). A topic given by name
/// is resolved to its ARN with CreateTopic (idempotent) once per process.</summary>
public sealed class SnsNotificationPublisher(SnsClient sns, IOptions<NotificationOptions> options, IOptions<AwsOptions> aws, IOptions<PortalOptions> portal)
    : INotificationPublisher
{
    private readonly ConcurrentDictionary<string, string> _arns = new(StringComparer.Ordinal);

    public async Task PublishAsync(string topic, string subject, string message, CancellationToken cancellationToken = default)
        => await sns.PublishAsync(await TopicArnAsync(topic, cancellationToken), subject, message, cancellationToken);

    public async Task<string> TopicArnAsync(string topic, CancellationToken cancellationToken = default)
    {
        var configured = options.Value.TopicFor(topic, aws.Value.Tables.Notifications, portal.Value.Mode == PortalMode.Local);
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException($"{NotificationOptions.Section}:Topics:{topic} is not set: give the SNS topic ARN for '{topic}' notifications.");
        if (configured.StartsWith("arn:", StringComparison.Ordinal))
            return configured;
        if (_arns.TryGetValue(configured, out var arn))
            return arn;
        arn = await sns.CreateTopicAsync(configured, cancellationToken);
        _arns[configured] = arn;
        return arn;
    }
}
