using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>One row of the previewed plan: the planner's row with any hand-typed CIDR applied.</summary>
/// <param name="UsableAddresses">Null when <see cref="Cidr"/> does not parse.</param>
public sealed record PreviewSubnet(int Index, string Name, string AvailabilityZone, SubnetKind Kind, string Cidr, string PlannedCidr, long? UsableAddresses)
{
    public bool HandEdited => !string.Equals(Cidr, PlannedCidr, StringComparison.Ordinal);
}

/// <summary>
/// What the builder shows for a draft: the planned rows with hand edits applied, the request Create would submit,
/// and every issue of the request itself (errors block Create, warnings do not). The estate's own checks (quota,
/// names, overlaps) come from <see cref="VpcEstate"/>.
/// </summary>
public sealed partial record VpcDraftPreview(VpcDraft Draft, VpcRequest Request, IReadOnlyList<PreviewSubnet> Subnets, IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>Hand edits were dropped because the block, zones or counts changed since they were typed.</summary>
    public bool Replanned { get; init; }

    public bool HasErrors => Issues.HasErrors();

    /// <summary>The monthly estimate of what the plan costs (NAT gateway hours, public IPv4), or null when not priced.</summary>
    public VpcCostEstimate? Cost { get; init; }

    /// <param name="regionZones">The Region's available zones (DescribeAvailabilityZones); chosen zones must be among them.</param>
    public static VpcDraftPreview Build(VpcDraft draft, IReadOnlyList<string> regionZones)
    {
        ArgumentNullException.ThrowIfNull(draft);
        // Zones in the Region's order, so the rows and the diagram's columns do not depend on click order.
        var order = regionZones.Select((zone, at) => (zone, at)).ToDictionary(pair => pair.zone, pair => pair.at, StringComparer.Ordinal);
        var zones = draft.AvailabilityZones.OrderBy(zone => order.GetValueOrDefault(zone, int.MaxValue)).ToArray();
        draft = draft with { AvailabilityZones = zones };
        var stale = draft.SubnetCidrs.Count > 0 && draft.PlannedFor != draft.PlanKey;
        var typed = stale ? new Dictionary<int, string>() : draft.SubnetCidrs;

        var subnets = Plan(draft).Select(planned =>
        {
            var cidr = typed.TryGetValue(planned.Index, out var text) && !string.IsNullOrEmpty(text) ? text : planned.Cidr.ToString();
            long? usable = Networking.Cidr.TryParse(cidr, out var parsed, out _) ? VpcCidrRules.UsableAddresses(parsed) : null;
            return new PreviewSubnet(planned.Index, planned.Name, planned.AvailabilityZone, planned.Kind, cidr, planned.Cidr.ToString(), usable);
        }).ToArray();

        // Empty tag rows are the form's spare rows, not tags; issues point back at the row the user sees.
        var tagRows = draft.Tags.Select((tag, row) => (tag, row)).Where(t => t.tag.Key.Length > 0 || t.tag.Value.Length > 0).ToArray();
        var request = new VpcRequest
        {
            Name = draft.Name.Trim(),
            Cidr = draft.Cidr.Trim(),
            AvailabilityZones = zones,
            PublicSubnetsPerZone = draft.PublicSubnetsPerZone,
            PrivateSubnetsPerZone = draft.PrivateSubnetsPerZone,
            EnableDnsSupport = draft.EnableDnsSupport,
            EnableDnsHostnames = draft.EnableDnsHostnames,
            CreateInternetGateway = draft.CreateInternetGateway,
            NatGatewayMode = draft.NatGatewayMode,
            S3GatewayEndpoint = draft.S3GatewayEndpoint,
            Ipv6 = draft.Ipv6,
            Tenancy = draft.Tenancy,
            Tags = tagRows.Select(t => t.tag).ToArray(),
            Subnets = subnets.Select(subnet => new VpcRequestSubnet(subnet.Name, subnet.AvailabilityZone, subnet.Kind, subnet.Cidr)).ToArray(),
        };

        var issues = CheckZonesExist(zones, regionZones)
            .Concat(VpcRequestValidator.Validate(request).Select(issue => OnTagRow(issue, tagRows.Select(t => t.row).ToArray())))
            .Distinct().ToArray();
        return new VpcDraftPreview(draft, request, subnets, issues) { Replanned = stale && HandEditsOfOldPlan(draft).Any() };
    }

    /// <summary>The planner's rows, or none when the block or the counts do not allow a plan (the validator says why).</summary>
    internal static IReadOnlyList<PlannedSubnet> Plan(VpcDraft draft)
    {
        if (VpcCidrRules.CheckVpcBlock(draft.Cidr.Trim(), "Cidr", out var block).HasErrors())
            return [];
        return SubnetPlanner.Plan(new SubnetPlanRequest(block, draft.AvailabilityZones, draft.PublicSubnetsPerZone, draft.PrivateSubnetsPerZone)).Plan?.Subnets ?? [];
    }

    /// <summary>The typed rows that differ from the plan of the inputs they were typed against.</summary>
    private static IEnumerable<int> HandEditsOfOldPlan(VpcDraft draft)
    {
        var old = FromPlanKey(draft.PlannedFor) is { } shown ? Plan(shown) : [];
        return draft.SubnetCidrs
            .Where(row => row.Key >= old.Count || !string.Equals(old[row.Key].Cidr.ToString(), row.Value, StringComparison.Ordinal))
            .Select(row => row.Key);
    }

    private static VpcDraft? FromPlanKey(string? key)
    {
        var parts = key?.Split('|');
        if (parts is not { Length: 4 }
            || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var publicPerZone)
            || !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var privatePerZone))
            return null;
        return new VpcDraft
        {
            Cidr = parts[0],
            AvailabilityZones = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries),
            PublicSubnetsPerZone = publicPerZone,
            PrivateSubnetsPerZone = privatePerZone,
        };
    }

    private static ValidationIssue OnTagRow(ValidationIssue issue, int[] rows)
    {
        var match = TagField().Match(issue.Field);
        if (!match.Success)
            return issue;
        var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return index < rows.Length
            ? issue with { Field = string.Create(CultureInfo.InvariantCulture, $"Tags[{rows[index]}]{match.Groups[2].Value}") }
            : issue;
    }

    private static IEnumerable<ValidationIssue> CheckZonesExist(IReadOnlyList<string> zones, IReadOnlyList<string> regionZones)
    {
        if (regionZones.Count == 0)
            yield break;
        for (var i = 0; i < zones.Count; i++)
        {
            if (!regionZones.Contains(zones[i], StringComparer.Ordinal))
            {
                yield return ValidationIssue.Error(string.Create(CultureInfo.InvariantCulture, $"AvailabilityZones[{i}]"),
                    $"{zones[i]} is not an available zone in this Region; choose from {string.Join(", ", regionZones)}.");
            }
        }
    }

    [GeneratedRegex(@"^Tags\[(\d+)\](\..+)?$")]
    private static partial Regex TagField();
}
