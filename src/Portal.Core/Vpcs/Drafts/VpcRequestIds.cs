namespace Portal.Core.Vpcs;

/// <summary>Ids of VPC requests: one per opened builder, so pressing Create twice creates one VPC.</summary>
public static class VpcRequestIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>32 lowercase hex digits, as <see cref="New"/> makes them.</summary>
    public static bool IsValid(string? requestId) =>
        requestId is { Length: 32 } && requestId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
