using Portal.Core.Vpcs;

namespace Portal.Components.Pages.Vpcs;

/// <summary>The zones the builder offers: DescribeAvailabilityZones, only those in state "available", in name order.</summary>
public static class VpcZones
{
    public static async Task<IReadOnlyList<string>> AvailableAsync(IEc2Api ec2, CancellationToken cancellationToken)
    {
        var zones = await ec2.DescribeAvailabilityZonesAsync(cancellationToken);
        return zones.Where(zone => zone.State == "available").Select(zone => zone.ZoneName).Order(StringComparer.Ordinal).ToArray();
    }
}
