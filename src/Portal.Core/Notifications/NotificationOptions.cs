namespace Portal.Core.Notifications;

/// <summary>Section <c>Portal:Notifications</c>: the SNS topic for each short topic name (<c>tokens</c>, <c>orders</c>), and the
/// SQS queue subscribed to them that the portal reads its recent notifications from (as an e-mail subscriber would get them).
/// A value is an ARN / queue URL (the runtime parameter in AWS) or a name (Local mode creates it on start). Unset locally,
/// they are named after the notifications table (<c>{table}-tokens</c>, <c>{table}-orders</c>, <c>{table}-inbox</c>), so
/// tests with tables of their own get topics of their own.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Portal:Notifications";

    /// <summary>The short topic names the portal publishes to.</summary>
    public static readonly IReadOnlyList<string> KnownTopics = ["tokens", "orders"];

    public Dictionary<string, string> Topics { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The queue subscribed to every topic (name or URL).</summary>
    public string? Inbox { get; set; }

    /// <summary>The configured topic (ARN or name), or the local default named after the notifications table.</summary>
    public string? TopicFor(string topic, string notificationsTable, bool local) =>
        Topics.TryGetValue(topic, out var value) && !string.IsNullOrWhiteSpace(value) ? value
        : local ? $"{notificationsTable}-{topic}"
        : null;

    public string? InboxFor(string notificationsTable, bool local) =>
        !string.IsNullOrWhiteSpace(Inbox) ? Inbox : local ? $"{notificationsTable}-inbox" : null;
}
