namespace Portal.Core.Networking;

public enum IssueSeverity
{
    /// <summary>AWS would refuse it, or the portal cannot build it: the request cannot go ahead.</summary>
    Error,

    /// <summary>Allowed, but probably not what the user wants; shown, does not block.</summary>
    Warning,
}

/// <summary>
/// One problem with user input. <see cref="Field"/> points at the form field or row it is about
/// (e.g. <c>Cidr</c>, <c>Subnets[3].Cidr</c>, <c>Tags[0].Key</c>); <see cref="Message"/> says what to change.
/// </summary>
public sealed record ValidationIssue(IssueSeverity Severity, string Field, string Message)
{
    public static ValidationIssue Error(string field, string message) => new(IssueSeverity.Error, field, message);

    public static ValidationIssue Warning(string field, string message) => new(IssueSeverity.Warning, field, message);

    public override string ToString() => $"{Severity} {Field}: {Message}";
}

public static class ValidationIssueListExtensions
{
    public static bool HasErrors(this IEnumerable<ValidationIssue> issues) =>
        issues.Any(issue => issue.Severity == IssueSeverity.Error);
}
