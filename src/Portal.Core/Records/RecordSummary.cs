using Portal.Core.Vpcs;

namespace Portal.Core.Records;

/// <summary>What the records table and the CSV show of a record beyond its plain fields.</summary>
public static class RecordSummary
{
    /// <summary>The record's availability zones, each once, in order.</summary>
    public static IReadOnlyList<string> Zones(VpcRecord record) =>
        record.Subnets.Select(subnet => subnet.AvailabilityZone).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The VPC in the AWS console (VPC dashboard, the region's VpcDetails view), or null while it does not
    /// exist: not made yet, torn down, or removed by a rollback.</summary>
    public static Uri? ConsoleLink(VpcRecord record) => record.VpcId is null || !ResourceMap.Of(record).VpcExists
        ? null
        : new Uri($"https://{record.Region}.console.aws.amazon.com/vpcconsole/home?region={Uri.EscapeDataString(record.Region)}#VpcDetails:VpcId={Uri.EscapeDataString(record.VpcId)}");
}
