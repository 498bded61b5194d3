using System.Globalization;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// What a new VPC meets in the Region and in the portal, read before Create: how many VPCs the Region has against
/// its quota (EC2 refuses the one over it only once the work runs), and the portal's live VPCs, whose names a new
/// VPC must not repeat and whose blocks it should not overlap (a warning: overlapping VPCs cannot be peered).
/// </summary>
/// <param name="VpcsInRegion">VPCs EC2 lists, plus requests that will create one and have not yet.</param>
/// <param name="Live">The portal's VPCs that exist or are being made or torn down (not failed, not deleted).</param>
public sealed record VpcEstate(string Region, int Quota, int VpcsInRegion, IReadOnlyList<VpcRecord> Live)
{
    public static readonly IReadOnlyCollection<VpcStatus> LiveStatuses =
        [VpcStatus.Pending, VpcStatus.InProgress, VpcStatus.Succeeded, VpcStatus.Deleting, VpcStatus.DeleteFailed];

    /// <summary>The field of the quota's issue: it belongs to no one field of the builder.</summary>
    public const string QuotaField = "Quota";

    public bool QuotaReached => VpcsInRegion >= Quota;

    /// <summary>The issues of <paramref name="request"/> against this estate.</summary>
    public IReadOnlyList<ValidationIssue> Check(VpcRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<ValidationIssue>();
        if (QuotaReached)
        {
            issues.Add(ValidationIssue.Error(QuotaField, string.Create(CultureInfo.InvariantCulture,
                $"{Region} already has {VpcsInRegion} of its {Quota} VPCs (the quota \"VPCs per Region\"), so EC2 would refuse this one; tear down a VPC you no longer need or ask AWS for a higher quota first.")));
        }

        var name = request.Name.Trim();
        if (Live.FirstOrDefault(record => string.Equals(record.Name, name, StringComparison.OrdinalIgnoreCase)) is { } twin)
        {
            issues.Add(ValidationIssue.Error("Name",
                $"The portal already has a VPC named '{twin.Name}' ({twin.Cidr}, {twin.Status}, requested by {twin.RequestedBy}); choose another name."));
        }

        if (Cidr.TryParse(request.Cidr, out var block, out _))
        {
            var overlapping = Live.Where(record => Cidr.TryParse(record.Cidr, out var other, out _) && other.Overlaps(block)).ToArray();
            if (overlapping.Length > 0)
            {
                var names = string.Join(", ", overlapping.Take(3).Select(record => $"'{record.Name}' ({record.Cidr})"));
                var more = overlapping.Length > 3 ? string.Create(CultureInfo.InvariantCulture, $" and {overlapping.Length - 3} more") : "";
                issues.Add(ValidationIssue.Warning("Cidr",
                    $"{block} overlaps {names}{more}; VPCs whose blocks overlap cannot be peered or routed to each other. Choose another block if they ever need to talk."));
            }
        }

        return issues;
    }
}
