namespace Portal.Core.Tokens;

/// <summary>An AWS cron expression that EventBridge would reject; the message names the field and the value.</summary>
public sealed class AwsCronFormatException(string field, string message) : FormatException(message)
{
    /// <summary>The field at fault ("minutes", "day-of-week", ...) or "expression" for whole-expression errors.</summary>
    public string Field { get; } = field;
}
