using System.Globalization;
using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Components.Pages.Vpcs;

/// <summary>One row of the previewed plan: the planner's row with any hand-typed CIDR applied.</summary>
/// <param name="UsableAddresses">Null when <see cref="Cidr"/> does not parse.</param>
public sealed record PreviewSubnet(int Index, string Name, string AvailabilityZone, SubnetKind Kind, string Cidr, string PlannedCidr, long? UsableAddresses)
{
    public bool HandEdited => !string.Equals(Cidr, PlannedCidr, StringComparison.Ordinal);
}

/// <summary>
/// What the builder shows for some input: the planned rows with hand edits applied, and every issue
/// (errors block Create, warnings do not). The rows are exactly what Create submits.
/// </summary>
public sealed record VpcPreview(VpcBuilderInput Input, VpcRequest Request, IReadOnlyList<PreviewSubnet> Subnets, IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>Hand edits were dropped because the block, zones or counts changed since they were typed.</summary>
    public bool Replanned { get; init; }

    public bool HasErrors => Issues.HasErrors();

    /// <summary>Row index to CIDR for the rows typed over by hand (what a preview link carries).</summary>
    public IReadOnlyDictionary<int, string> HandEditedCidrs =>
        Subnets.Where(subnet => subnet.HandEdited).ToDictionary(subnet => subnet.Index, subnet => subnet.Cidr);

    /// <param name="regionZones">The Region's available zones (DescribeAvailabilityZones); chosen zones must be among them.</param>
    public static VpcPreview Build(VpcBuilderInput input, IReadOnlyList<string> regionZones)
    {
        // Zones in the Region's order, so the rows and the diagram's columns do not depend on click order.
        var order = regionZones.Select((zone, at) => (zone, at)).ToDictionary(pair => pair.zone, pair => pair.at, StringComparer.Ordinal);
        var zones = input.AvailabilityZones.OrderBy(zone => order.GetValueOrDefault(zone, int.MaxValue)).ToArray();
        input = input with { AvailabilityZones = zones };
        var stale = input.Replan || input.PlannedFor != input.PlanKey;
        var typed = stale ? new Dictionary<int, string>() : input.SubnetCidrs;

        var subnets = Plan(input).Select(planned =>
        {
            var cidr = typed.TryGetValue(planned.Index, out var text) && !string.IsNullOrEmpty(text) ? text : planned.Cidr.ToString();
            long? usable = Cidr.TryParse(cidr, out var parsed, out _) ? VpcCidrRules.UsableAddresses(parsed) : null;
            return new PreviewSubnet(planned.Index, planned.Name, planned.AvailabilityZone, planned.Kind, cidr, planned.Cidr.ToString(), usable);
        }).ToArray();

        var request = new VpcRequest
        {
            Name = input.Name.Trim(),
            Cidr = input.Cidr,
            AvailabilityZones = zones,
            PublicSubnetsPerZone = input.PublicSubnetsPerZone,
            PrivateSubnetsPerZone = input.PrivateSubnetsPerZone,
            EnableDnsSupport = input.EnableDnsSupport,
            EnableDnsHostnames = input.EnableDnsHostnames,
            CreateInternetGateway = input.CreateInternetGateway,
            Tags = input.Tags,
            Subnets = subnets.Select(subnet => new VpcRequestSubnet(subnet.Name, subnet.AvailabilityZone, subnet.Kind, subnet.Cidr)).ToArray(),
        };

        var issues = new List<ValidationIssue>(input.ParseIssues);
        issues.AddRange(CheckZonesExist(zones, regionZones));
        issues.AddRange(VpcRequestValidator.Validate(request));
        return new VpcPreview(input, request, subnets, issues.Distinct().ToArray())
        {
            // Rows that only repeat the old plan were not typed by anyone: replanning them needs no notice.
            Replanned = stale && !input.Replan && HandEditsOfOldPlan(input).Any(),
        };
    }

    /// <summary>The submitted rows that differ from the plan of the inputs they were shown for (<see cref="VpcBuilderInput.PlannedFor"/>).</summary>
    private static IEnumerable<int> HandEditsOfOldPlan(VpcBuilderInput input)
    {
        var old = VpcBuilderInput.FromPlanKey(input.PlannedFor) is { } shown ? Plan(shown) : [];
        return input.SubnetCidrs
            .Where(row => row.Key >= old.Count || !string.Equals(old[row.Key].Cidr.ToString(), row.Value, StringComparison.Ordinal))
            .Select(row => row.Key);
    }

    /// <summary>The planner's rows, or none when the block or the counts do not allow a plan (the validator says why).</summary>
    private static IReadOnlyList<PlannedSubnet> Plan(VpcBuilderInput input)
    {
        if (VpcCidrRules.CheckVpcBlock(input.Cidr, "Cidr", out var block).HasErrors())
        {
            return [];
        }

        var result = SubnetPlanner.Plan(new SubnetPlanRequest(block, input.AvailabilityZones, input.PublicSubnetsPerZone, input.PrivateSubnetsPerZone));
        return result.Plan?.Subnets ?? [];
    }

    private static IEnumerable<ValidationIssue> CheckZonesExist(IReadOnlyList<string> zones, IReadOnlyList<string> regionZones)
    {
        if (regionZones.Count == 0)
        {
            yield break;
        }

        for (var i = 0; i < zones.Count; i++)
        {
            if (!regionZones.Contains(zones[i], StringComparer.Ordinal))
            {
                yield return ValidationIssue.Error(string.Create(CultureInfo.InvariantCulture, $"AvailabilityZones[{i}]"),
                    $"{zones[i]} is not an available zone in this Region; choose from {string.Join(", ", regionZones)}.");
            }
        }
    }
}
