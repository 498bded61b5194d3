using System.Globalization;
using System.Text;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// Checks a <see cref="VpcRequest"/> before anything reaches EC2. Every issue names its field
/// (<c>Name</c>, <c>Cidr</c>, <c>Tags[2].Key</c>, <c>Subnets[3].Cidr</c>, ...) and says what to change.
/// </summary>
/// <remarks>
/// Tag limits are AWS's common tag restrictions (e.g. "Tag restrictions" in the AWS Batch user guide and
/// the ECS <c>Tag</c> API reference): at most 50 tags per resource, unique keys, key 1 to 128 Unicode
/// characters, value 0 to 256, letters, digits, spaces and <c>_ . : / = + - @</c>, and no <c>aws:</c>
/// prefix (any case) on keys or values. The portal's own tags count towards the 50.
/// </remarks>
public static class VpcRequestValidator
{
    public const int MaxNameLength = 255;
    public const int MaxTagsPerResource = 50;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 256;
    public const string PortalTagPrefix = "portal:";

    /// <summary>Elastic IPs a Region allows an account by default (Service Quotas L-0263D0A3, "EC2-VPC Elastic IPs");
    /// every NAT gateway holds one.</summary>
    public const int ElasticIpsPerRegion = 5;

    /// <summary>Tags the portal puts on every resource it creates.</summary>
    public static IReadOnlyList<string> PortalTagKeys { get; } = ["Name", "portal:request-id", "portal:managed", "portal:resource"];

    /// <summary>How many tags the user may add: AWS's 50 minus the portal's own.</summary>
    public static int MaxUserTags => MaxTagsPerResource - PortalTagKeys.Count;

    private const string AllowedTagCharacters = "letters, digits, spaces and _ . : / = + - @";

    public static IReadOnlyList<ValidationIssue> Validate(VpcRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Model binding can leave lists null; treat them as empty rather than failing on them.
        request = request with
        {
            AvailabilityZones = request.AvailabilityZones ?? [],
            Tags = request.Tags ?? [],
            Subnets = request.Subnets ?? [],
        };
        var issues = new List<ValidationIssue>();
        CheckName(issues, request.Name);
        var cidrIssues = VpcCidrRules.CheckVpcBlock(request.Cidr, "Cidr", out var vpcBlock);
        issues.AddRange(cidrIssues);
        var blockUsable = !cidrIssues.HasErrors();

        var planRequest = new SubnetPlanRequest(vpcBlock, request.AvailabilityZones, request.PublicSubnetsPerZone, request.PrivateSubnetsPerZone);
        var inputIssues = SubnetPlanner.CheckInputs(planRequest);
        issues.AddRange(inputIssues);
        if (blockUsable && !inputIssues.HasErrors())
        {
            if (request.Subnets.Count == 0)
            {
                // Not planned yet: at least make sure a plan exists for these numbers.
                issues.AddRange(SubnetPlanner.Plan(planRequest).Issues);
            }
            else
            {
                CheckSubnetRows(issues, request, vpcBlock);
            }
        }

        CheckDns(issues, request);
        CheckTenancy(issues, request.Tenancy);
        CheckNatGateways(issues, request);
        CheckS3Endpoint(issues, request);
        CheckIpv6(issues, request);
        CheckTags(issues, request.Tags);
        return issues;
    }

    private static void CheckTenancy(List<ValidationIssue> issues, VpcTenancy tenancy)
    {
        if (!Enum.IsDefined(tenancy))
        {
            issues.Add(ValidationIssue.Error("Tenancy", string.Create(CultureInfo.InvariantCulture,
                $"{(int)tenancy} is not a tenancy; choose Default (instances share hardware) or Dedicated (every instance on hardware of its own, at a higher price).")));
        }
    }

    /// <summary>Public and private subnets a zone has: its rows when planned, else the per-zone counts.</summary>
    private static int SubnetsIn(VpcRequest request, string zone, SubnetKind kind) =>
        request.Subnets.Count > 0
            ? request.Subnets.Count(row => row.Kind == kind && string.Equals(row.AvailabilityZone, zone, StringComparison.OrdinalIgnoreCase))
            : Math.Max(0, kind == SubnetKind.Public ? request.PublicSubnetsPerZone : request.PrivateSubnetsPerZone);

    private static void CheckNatGateways(List<ValidationIssue> issues, VpcRequest request)
    {
        const string field = "NatGatewayMode";
        if (!Enum.IsDefined(request.NatGatewayMode))
        {
            issues.Add(ValidationIssue.Error(field, string.Create(CultureInfo.InvariantCulture,
                $"{(int)request.NatGatewayMode} is not a NAT gateway choice; choose None, Single (one, in the first zone) or PerZone (one in each zone).")));
            return;
        }

        if (request.NatGatewayMode == NatGatewayMode.None || request.AvailabilityZones.Count == 0)
            return;

        if (!request.WillCreateInternetGateway)
        {
            issues.Add(ValidationIssue.Error(field,
                "NAT gateways reach the internet through the internet gateway, which is turned off; turn the internet gateway on or choose no NAT gateways."));
        }

        // Single puts its NAT gateway in the first zone, PerZone one in every zone: each in a public subnet of its zone.
        var natZones = request.NatGatewayMode == NatGatewayMode.Single ? request.AvailabilityZones.Take(1) : request.AvailabilityZones;
        var withoutPublic = natZones.Where(zone => SubnetsIn(request, zone, SubnetKind.Public) == 0).ToArray();
        if (withoutPublic.Length > 0)
        {
            issues.Add(ValidationIssue.Error(field,
                $"A NAT gateway goes in a public subnet of its zone, and {string.Join(", ", withoutPublic)} {(withoutPublic.Length == 1 ? "has" : "have")} none; add a public subnet per zone or choose no NAT gateways."));
        }

        var nats = VpcCostEstimator.NatGatewayCount(request);
        if (nats > ElasticIpsPerRegion)
        {
            issues.Add(ValidationIssue.Error(field, string.Create(CultureInfo.InvariantCulture,
                $"{nats} NAT gateways need {nats} Elastic IPs and a Region allows {ElasticIpsPerRegion} by default (quota \"EC2-VPC Elastic IPs\"); choose a single NAT gateway, at most {ElasticIpsPerRegion} zones, or raise the quota first.")));
        }

        if (request.AvailabilityZones.All(zone => SubnetsIn(request, zone, SubnetKind.Private) == 0))
        {
            issues.Add(ValidationIssue.Warning(field,
                "There are no private subnets, so the NAT gateways would route nothing while each is billed by the hour; add private subnets or choose no NAT gateways."));
        }
    }

    private static void CheckS3Endpoint(List<ValidationIssue> issues, VpcRequest request)
    {
        // The endpoint is a route in route tables: the private ones, or the public one when there are none; without an
        // internet gateway there is no public route table.
        if (request.S3GatewayEndpoint && request.AvailabilityZones.Count > 0
            && request.AvailabilityZones.All(zone => SubnetsIn(request, zone, SubnetKind.Private) == 0) && !request.WillCreateInternetGateway)
        {
            issues.Add(ValidationIssue.Error("S3GatewayEndpoint",
                "The S3 gateway endpoint is added to route tables, and this plan has none (no private subnets and no internet gateway); add private subnets, turn the internet gateway on, or turn the endpoint off."));
        }
    }

    private static void CheckIpv6(List<ValidationIssue> issues, VpcRequest request)
    {
        if (!request.Ipv6)
            return;
        var count = request.Subnets.Count > 0
            ? request.Subnets.Count
            : (long)request.AvailabilityZones.Count * (Math.Max(0, request.PublicSubnetsPerZone) + Math.Max(0, request.PrivateSubnetsPerZone));
        if (count > Ipv6Cidr.SubnetsPerVpc)
        {
            issues.Add(ValidationIssue.Error("Ipv6", string.Create(CultureInfo.InvariantCulture,
                $"The VPC's IPv6 /56 holds {Ipv6Cidr.SubnetsPerVpc} subnets of /64 and the plan has {count}; choose fewer subnets or turn IPv6 off.")));
        }

        var seen = new Dictionary<int, int>();
        for (var i = 0; i < request.Subnets.Count; i++)
        {
            if (request.Subnets[i].Ipv6Index is not { } index)
                continue;
            var field = string.Create(CultureInfo.InvariantCulture, $"Subnets[{i}].Ipv6Index");
            if (index is < 0 or >= Ipv6Cidr.SubnetsPerVpc)
            {
                issues.Add(ValidationIssue.Error(field, string.Create(CultureInfo.InvariantCulture,
                    $"{request.Subnets[i].Name}: IPv6 index {index} is outside the VPC's /56; choose 0 to {Ipv6Cidr.SubnetsPerVpc - 1}, or leave it out and the portal picks one.")));
            }
            else if (seen.TryGetValue(index, out var first))
            {
                issues.Add(ValidationIssue.Error(field, string.Create(CultureInfo.InvariantCulture,
                    $"{request.Subnets[i].Name}: IPv6 index {index} is already used by {request.Subnets[first].Name} (row {first + 1}); give each subnet its own /64, or leave it out and the portal picks one.")));
            }
            else
            {
                seen[index] = i;
            }
        }
    }

    private static void CheckName(List<ValidationIssue> issues, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            issues.Add(ValidationIssue.Error("Name", $"Enter a name for the VPC (1 to {MaxNameLength} characters)."));
            return;
        }

        var length = UnicodeLength(name);
        if (length > MaxNameLength)
        {
            issues.Add(ValidationIssue.Error("Name", string.Create(CultureInfo.InvariantCulture,
                $"The name is {length} characters; shorten it to {MaxNameLength} or fewer.")));
        }

        // The name becomes the VPC's Name tag value, so tag rules apply to it.
        CheckTagText(issues, "Name", "The name", name);
    }

    private static void CheckDns(List<ValidationIssue> issues, VpcRequest request)
    {
        // EC2 ModifyVpcAttribute: DNS hostnames can only be enabled when DNS support is enabled.
        if (request.EnableDnsHostnames && !request.EnableDnsSupport)
        {
            issues.Add(ValidationIssue.Error("EnableDnsHostnames",
                "DNS hostnames need DNS support; turn on DNS support or turn off DNS hostnames."));
        }

        if (request.CreateInternetGateway == false && request.PublicSubnetsPerZone > 0)
        {
            issues.Add(ValidationIssue.Warning("CreateInternetGateway",
                "Public subnets need an internet gateway to reach the internet; turn on the internet gateway or choose 0 public subnets."));
        }
    }

    private static void CheckSubnetRows(List<ValidationIssue> issues, VpcRequest request, Cidr vpcBlock)
    {
        var zones = new HashSet<string>(request.AvailabilityZones, StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var parsed = new List<PlannedSubnet>();
        for (var i = 0; i < request.Subnets.Count; i++)
        {
            var row = request.Subnets[i];
            var prefix = $"Subnets[{i}]";
            if (string.IsNullOrWhiteSpace(row.Name))
            {
                issues.Add(ValidationIssue.Error($"{prefix}.Name", $"Enter a name for subnet row {i + 1}."));
            }
            else if (names.TryGetValue(row.Name, out var first))
            {
                issues.Add(ValidationIssue.Error($"{prefix}.Name", $"'{row.Name}' is already used by subnet row {first + 1}; give each subnet its own name."));
            }
            else
            {
                names[row.Name] = i;
                CheckTagText(issues, $"{prefix}.Name", "The subnet name", row.Name);
            }

            if (!zones.Contains(row.AvailabilityZone ?? ""))
            {
                issues.Add(ValidationIssue.Error($"{prefix}.AvailabilityZone",
                    $"'{row.AvailabilityZone}' is not one of the chosen zones ({string.Join(", ", request.AvailabilityZones)}); pick one of them."));
            }

            if (Cidr.TryParse(row.Cidr, out var cidr, out var error))
            {
                parsed.Add(new PlannedSubnet(i, row.Name ?? "", row.AvailabilityZone ?? "", row.Kind, cidr));
            }
            else
            {
                issues.Add(ValidationIssue.Error($"{prefix}.Cidr", error));
            }
        }

        CheckRowCounts(issues, request);
        issues.AddRange(SubnetPlanValidator.Validate(new SubnetPlan(vpcBlock, parsed)));
    }

    // Rows come from the planner; if the counts changed since, the rows are stale.
    private static void CheckRowCounts(List<ValidationIssue> issues, VpcRequest request)
    {
        foreach (var zone in request.AvailabilityZones)
        {
            foreach (var (kind, expected) in new[] { (SubnetKind.Public, request.PublicSubnetsPerZone), (SubnetKind.Private, request.PrivateSubnetsPerZone) })
            {
                var actual = request.Subnets.Count(row => row.Kind == kind && string.Equals(row.AvailabilityZone, zone, StringComparison.OrdinalIgnoreCase));
                if (actual != expected)
                {
                    issues.Add(ValidationIssue.Error("Subnets", string.Create(CultureInfo.InvariantCulture,
                        $"The rows have {actual} {kind.ToString().ToLowerInvariant()} {(actual == 1 ? "subnet" : "subnets")} in {zone} but {expected} per zone were chosen; plan the subnets again.")));
                }
            }
        }
    }

    private static void CheckTags(List<ValidationIssue> issues, IReadOnlyList<VpcRequestTag> tags)
    {
        if (tags.Count > MaxUserTags)
        {
            issues.Add(ValidationIssue.Error("Tags", string.Create(CultureInfo.InvariantCulture,
                $"{tags.Count} tags added; AWS allows {MaxTagsPerResource} per resource and the portal uses {PortalTagKeys.Count} ({string.Join(", ", PortalTagKeys)}), so you may add at most {MaxUserTags}; remove {tags.Count - MaxUserTags}.")));
        }

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            var key = tags[i].Key ?? "";
            var value = tags[i].Value ?? "";
            var keyField = $"Tags[{i}].Key";
            var valueField = $"Tags[{i}].Value";
            if (key.Length == 0)
            {
                issues.Add(ValidationIssue.Error(keyField, $"Enter a tag key (1 to {MaxTagKeyLength} characters) or remove the tag."));
            }
            else if (UnicodeLength(key) > MaxTagKeyLength)
            {
                issues.Add(ValidationIssue.Error(keyField, string.Create(CultureInfo.InvariantCulture,
                    $"The key is {UnicodeLength(key)} characters; shorten it to {MaxTagKeyLength} or fewer.")));
            }
            else if (PortalTagKeys.Contains(key, StringComparer.Ordinal) || key.StartsWith(PortalTagPrefix, StringComparison.OrdinalIgnoreCase))
            {
                issues.Add(ValidationIssue.Error(keyField, key == "Name"
                    ? "The portal sets the Name tag from the VPC name; remove this tag and use the Name field."
                    : $"Keys starting with '{PortalTagPrefix}' are reserved for the portal's own tags; choose another key."));
            }
            else if (keys.TryGetValue(key, out var first))
            {
                issues.Add(ValidationIssue.Error(keyField, $"The key '{key}' is already used by tag {first + 1}; each key may appear once, so remove or rename one."));
            }
            else
            {
                keys[key] = i;
                CheckTagText(issues, keyField, "The key", key);
            }

            if (UnicodeLength(value) > MaxTagValueLength)
            {
                issues.Add(ValidationIssue.Error(valueField, string.Create(CultureInfo.InvariantCulture,
                    $"The value is {UnicodeLength(value)} characters; shorten it to {MaxTagValueLength} or fewer.")));
            }
            else
            {
                CheckTagText(issues, valueField, "The value", value);
            }
        }
    }

    /// <summary>Characters and the reserved <c>aws:</c> prefix, shared by tag keys, tag values and names.</summary>
    private static void CheckTagText(List<ValidationIssue> issues, string field, string what, string text)
    {
        if (text.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(ValidationIssue.Error(field, $"{what} starts with '{text[..4]}', a prefix AWS reserves for its own tags; remove or change the prefix."));
            return;
        }

        var bad = text.EnumerateRunes().Where(rune => !IsAllowedTagCharacter(rune)).Select(rune => rune.ToString()).Distinct().ToList();
        if (bad.Count > 0)
        {
            issues.Add(ValidationIssue.Error(field,
                $"{what} contains {string.Join(" ", bad.Select(character => $"'{character}'"))}, which AWS tags do not allow; use only {AllowedTagCharacters}."));
        }
    }

    // AWS limits count Unicode characters, not UTF-16 code units.
    private static int UnicodeLength(string text) => text.EnumerateRunes().Count();

    // AWS's pattern is [\p{L}\p{Z}\p{N}_.:/=+\-@]; checked per rune so letters outside the BMP count as letters.
    private static bool IsAllowedTagCharacter(Rune rune) =>
        Rune.IsLetter(rune) || Rune.IsNumber(rune) || IsSeparator(Rune.GetUnicodeCategory(rune)) || (rune.IsBmp && "_.:/=+-@".Contains((char)rune.Value, StringComparison.Ordinal));

    private static bool IsSeparator(UnicodeCategory category) =>
        category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
