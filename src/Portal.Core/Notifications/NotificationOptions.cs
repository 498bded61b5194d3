namespace Portal.Core.Notifications;

/// <summary>Section <c>Portal:Notifications</c>: SNS topic ARNs by short topic name (Aws mode).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Portal:Notifications";

    public Dictionary<string, string> Topics { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
