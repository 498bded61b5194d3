namespace Portal.Core.Notifications;

/// <summary>What the pipelines announce: a token refresh outcome, a new order.
/// Topic is the short name (<c>tokens</c>, <c>orders</c>) that maps to an SNS topic in AWS.</summary>
public sealed record Notification(string Topic, string Subject, string Message, DateTimeOffset At, string Id);

public interface INotificationPublisher
{
    Task PublishAsync(string topic, string subject, string message, CancellationToken cancellationToken = default);
}
