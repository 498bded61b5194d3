using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>One row of the previewed plan: the draft's row with any hand-typed CIDR applied.</summary>
/// <param name="UsableAddresses">Null when <see cref="Cidr"/> does not parse.</param>
/// <param name="Ipv6Index">With IPv6 on, the row's /64 within the VPC's /56 (0 to 255); null with IPv6 off.</param>
public sealed record PreviewSubnet(int Index, string Name, string AvailabilityZone, SubnetKind Kind, string Cidr, string PlannedCidr, long? UsableAddresses,
    int? Ipv6Index = null)
{
    public bool HandEdited => !string.Equals(Cidr, PlannedCidr, StringComparison.Ordinal);
}

/// <summary>
/// What the builder shows for a draft: the planned rows with hand edits applied, the request Create would submit,
/// every issue of the request itself (errors block Create, warnings do not) and its monthly cost. The estate's own
/// checks (quota, names, overlaps) come from <see cref="VpcEstate"/>.
/// </summary>
public sealed partial record VpcDraftPreview(VpcDraft Draft, VpcRequest Request, IReadOnlyList<PreviewSubnet> Subnets, IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>Rows the user saw were planned again: blocks typed by hand under another VPC block, or kept rows that new
    /// rows did not fit around.</summary>
    public bool Replanned { get; init; }

    public bool HasErrors => Issues.HasErrors();

    /// <summary>The monthly estimate of what the plan costs (NAT gateway hours, public IPv4), or null when not priced.</summary>
    public VpcCostEstimate? Cost { get; init; }

    /// <summary>Why <see cref="Cost"/> is null when an estimator was given (no prices for the Region).</summary>
    public string? CostUnavailable { get; init; }

    /// <param name="regionZones">The Region's available zones (DescribeAvailabilityZones); chosen zones must be among them.</param>
    public static VpcDraftPreview Build(VpcDraft draft, IReadOnlyList<string> regionZones) => Build(draft, regionZones, null);

    /// <param name="regionZones">The Region's available zones (DescribeAvailabilityZones); chosen zones must be among them.</param>
    /// <param name="costs">The Region's price table; null leaves <see cref="Cost"/> empty.</param>
    public static VpcDraftPreview Build(VpcDraft draft, IReadOnlyList<string> regionZones, VpcCostEstimator? costs)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(regionZones);
        // Zones in the Region's order, so the rows and the diagram's columns do not depend on click order.
        var order = regionZones.Select((zone, at) => (zone, at)).ToDictionary(pair => pair.zone, pair => pair.at, StringComparer.Ordinal);
        var zones = draft.AvailabilityZones.OrderBy(zone => order.GetValueOrDefault(zone, int.MaxValue)).ToArray();
        draft = draft with { AvailabilityZones = zones };
        var (rows, plan, block, gaveUp) = draft.Lay();

        var subnets = plan.Select((planned, i) =>
        {
            var row = rows[i];
            var cidr = string.IsNullOrEmpty(row.TypedCidr) ? row.PlannedCidr : row.TypedCidr;
            long? usable = Networking.Cidr.TryParse(cidr, out var parsed, out _) ? VpcCidrRules.UsableAddresses(parsed) : null;
            return new PreviewSubnet(planned.Index, planned.Name, planned.AvailabilityZone, planned.Kind, cidr, row.PlannedCidr, usable,
                draft.Ipv6 ? row.Ipv6Index : null);
        }).ToArray();
        // With no plan (a bad block or counts) the draft keeps its rows, so fixing the typo brings them back unmoved.
        if (rows.Count > 0)
            draft = draft with { Subnets = rows, PlannedFor = block };

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
            Subnets = subnets.Select(subnet => new VpcRequestSubnet(subnet.Name, subnet.AvailabilityZone, subnet.Kind, subnet.Cidr, subnet.Ipv6Index)).ToArray(),
        };

        var issues = CheckZonesExist(zones, regionZones)
            .Concat(VpcRequestValidator.Validate(request).Select(issue => OnTagRow(issue, tagRows.Select(t => t.row).ToArray())))
            .Distinct().ToArray();
        string? whyNot = null;
        var cost = costs?.Estimate(request, out whyNot);
        return new VpcDraftPreview(draft, request, subnets, issues) { Replanned = gaveUp, Cost = cost, CostUnavailable = whyNot };
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
