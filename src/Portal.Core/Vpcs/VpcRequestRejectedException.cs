using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>The request has validation errors; nothing was recorded or created. <see cref="Issues"/> says what to change.</summary>
public sealed class VpcRequestRejectedException(IReadOnlyList<ValidationIssue> issues)
    : Exception("The VPC request has errors: " + string.Join(" ", issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Field}: {i.Message}")))
{
    public IReadOnlyList<ValidationIssue> Issues { get; } = issues;
}
