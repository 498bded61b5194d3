using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Core.Networking;

/// <summary>What to plan: the same request always gives the same plan.</summary>
/// <param name="PublicPrefixLength">Size of every public subnet; null picks one (see <see cref="SubnetPlanner"/>).</param>
/// <param name="PrivatePrefixLength">Size of every private subnet; null picks one.</param>
public sealed record SubnetPlanRequest(
    Cidr VpcBlock,
    IReadOnlyList<string> AvailabilityZones,
    int PublicSubnetsPerZone,
    int PrivateSubnetsPerZone,
    int? PublicPrefixLength = null,
    int? PrivatePrefixLength = null);

/// <summary>Either a plan, or the issues that stopped it (each names its field and what to change).</summary>
public sealed record SubnetPlanResult(SubnetPlan? Plan, IReadOnlyList<ValidationIssue> Issues)
{
    public bool Succeeded => Plan is not null;
}

/// <summary>
/// Carves a VPC block into public and private subnets across availability zones.
/// </summary>
/// <remarks>
/// Default sizes, when a prefix length is not given: private subnets get the largest equal size that
/// fits, and public subnets are a quarter of that (two bits longer, capped at /28), because public
/// subnets mostly hold load balancers and NAT gateways while workloads live in private ones. With only
/// one kind, that kind gets the largest equal size that fits. When only the private size is given,
/// public subnets get the largest size that fits and is at most a quarter of it; when only the public
/// size is given, private subnets get the largest size that fits.
/// Allocation: rows are ordered public then private, by zone, then by ordinal. Blocks are handed out
/// from the start of the VPC block, largest first (ties in row order), each aligned to its own size;
/// because every size is a power of two and sizes only shrink, this leaves no gaps and no overlaps.
/// </remarks>
public static partial class SubnetPlanner
{
    public const int MaxAvailabilityZones = 6;

    /// <summary>AWS default quota "Subnets per VPC".</summary>
    public const int MaxSubnetsPerVpc = 200;

    /// <summary>Public subnets default to this many prefix bits longer than private ones (a quarter of the size).</summary>
    public const int PublicDefaultExtraBits = 2;

    public static SubnetPlanResult Plan(SubnetPlanRequest request)
    {
        var issues = CheckInputs(request);
        if (issues.Count > 0)
        {
            return new SubnetPlanResult(null, issues);
        }

        var zones = request.AvailabilityZones.Count;
        var publicCount = zones * request.PublicSubnetsPerZone;
        var privateCount = zones * request.PrivateSubnetsPerZone;
        var (publicPrefix, privatePrefix) = ChooseSizes(request, publicCount, privateCount);
        var needed = AddressesNeeded(publicCount, publicPrefix, privateCount, privatePrefix);
        if (needed > request.VpcBlock.AddressCount)
        {
            var what = DescribeNeed(publicCount, publicPrefix, privateCount, privatePrefix);
            var fix = request.PublicPrefixLength is null && request.PrivatePrefixLength is null
                ? "choose a larger block or fewer subnets"
                : "choose a larger block, smaller subnets (longer prefixes) or fewer subnets";
            return new SubnetPlanResult(null,
            [
                ValidationIssue.Error("Cidr", string.Create(CultureInfo.InvariantCulture,
                    $"The plan needs {what} ({needed:N0} addresses) but {request.VpcBlock} holds {request.VpcBlock.AddressCount:N0}; {fix}.")),
            ]);
        }

        var rows = Rows(request, publicPrefix, privatePrefix);
        return new SubnetPlanResult(new SubnetPlan(request.VpcBlock, Allocate(request.VpcBlock, rows)), []);
    }

    /// <summary>The short per-zone suffix used in subnet names: <c>us-east-1a</c> gives <c>a</c>.</summary>
    public static IReadOnlyList<string> ZoneSuffixes(IReadOnlyList<string> availabilityZones)
    {
        var suffixes = availabilityZones.Select(zone => TrailingLetters().Match(zone).Value).ToArray();
        var unambiguous = suffixes.All(suffix => suffix.Length > 0)
            && suffixes.Distinct(StringComparer.Ordinal).Count() == suffixes.Length;

        // Zone IDs (use1-az1) or zones from several Regions do not have a unique letter: use the whole name.
        return unambiguous ? suffixes : availabilityZones.ToArray();
    }

    /// <summary>Zones, counts and prefix lengths only; whether the subnets fit is checked by <see cref="Plan"/>.</summary>
    public static IReadOnlyList<ValidationIssue> CheckInputs(SubnetPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<ValidationIssue>();
        var zones = request.AvailabilityZones;
        if (zones.Count is 0 or > MaxAvailabilityZones)
        {
            issues.Add(ValidationIssue.Error("AvailabilityZones",
                $"Choose 1 to {MaxAvailabilityZones} availability zones; {zones.Count} chosen."));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < zones.Count; i++)
        {
            var field = $"AvailabilityZones[{i}]";
            if (!ZoneName().IsMatch(zones[i] ?? ""))
            {
                issues.Add(ValidationIssue.Error(field,
                    $"'{zones[i]}' is not an availability zone name; use a name such as us-east-1a (lowercase letters, digits and hyphens)."));
            }
            else if (!seen.Add(zones[i]))
            {
                issues.Add(ValidationIssue.Error(field, $"{zones[i]} is listed twice; remove the duplicate."));
            }
        }

        CheckCount(issues, "PublicSubnetsPerZone", request.PublicSubnetsPerZone);
        CheckCount(issues, "PrivateSubnetsPerZone", request.PrivateSubnetsPerZone);
        if (request.PublicSubnetsPerZone == 0 && request.PrivateSubnetsPerZone == 0)
        {
            issues.Add(ValidationIssue.Error("PublicSubnetsPerZone",
                "Choose at least one public or private subnet per zone."));
        }

        var total = (long)zones.Count * (Math.Max(0, request.PublicSubnetsPerZone) + Math.Max(0, request.PrivateSubnetsPerZone));
        if (total > MaxSubnetsPerVpc)
        {
            issues.Add(ValidationIssue.Error("PrivateSubnetsPerZone", string.Create(CultureInfo.InvariantCulture,
                $"That is {total} subnets; AWS allows {MaxSubnetsPerVpc} per VPC by default, so choose fewer subnets per zone or fewer zones.")));
        }

        CheckPrefix(issues, "PublicPrefixLength", request.PublicPrefixLength);
        CheckPrefix(issues, "PrivatePrefixLength", request.PrivatePrefixLength);
        return issues;
    }

    private static void CheckCount(List<ValidationIssue> issues, string field, int count)
    {
        if (count < 0)
        {
            issues.Add(ValidationIssue.Error(field, $"{count} is negative; choose 0 or more subnets per zone."));
        }
    }

    // Whether the sizes fit the VPC block is left to Plan, whose message counts the addresses.
    private static void CheckPrefix(List<ValidationIssue> issues, string field, int? prefix)
    {
        if (prefix is < VpcCidrRules.LargestPrefix or > VpcCidrRules.SmallestPrefix)
        {
            issues.Add(ValidationIssue.Error(field,
                $"/{prefix} is not a subnet size AWS allows; choose /{VpcCidrRules.LargestPrefix} to /{VpcCidrRules.SmallestPrefix}."));
        }
    }

    private static (int Public, int Private) ChooseSizes(SubnetPlanRequest request, int publicCount, int privateCount)
    {
        var capacity = request.VpcBlock.AddressCount;
        var largest = Math.Max(VpcCidrRules.LargestPrefix, request.VpcBlock.Prefix);
        const int smallest = VpcCidrRules.SmallestPrefix;
        bool Fits(int pub, int priv) => AddressesNeeded(publicCount, pub, privateCount, priv) <= capacity;

        switch (request.PublicPrefixLength, request.PrivatePrefixLength)
        {
            case ({ } pub, { } priv):
                return (pub, priv);
            case ({ } pub, null):
                return (pub, FirstFitting(largest, priv => Fits(pub, priv)));
            case (null, { } priv):
                return (FirstFitting(Math.Min(Math.Max(largest, priv + PublicDefaultExtraBits), smallest), pub => Fits(pub, priv)), priv);
            default:
                if (privateCount == 0)
                {
                    var pub = FirstFitting(largest, size => Fits(size, size));
                    return (pub, pub);
                }

                var chosen = FirstFitting(largest, priv => Fits(PublicFor(priv), priv));
                return (PublicFor(chosen), chosen);
        }
    }

    private static int PublicFor(int privatePrefix) => Math.Min(privatePrefix + PublicDefaultExtraBits, VpcCidrRules.SmallestPrefix);

    /// <summary>The shortest prefix from <paramref name="from"/> to /28 that fits, or /28 when none does (reported by the caller).</summary>
    private static int FirstFitting(int from, Func<int, bool> fits)
    {
        for (var prefix = from; prefix < VpcCidrRules.SmallestPrefix; prefix++)
        {
            if (fits(prefix))
            {
                return prefix;
            }
        }

        return VpcCidrRules.SmallestPrefix;
    }

    private static long AddressesNeeded(int publicCount, int publicPrefix, int privateCount, int privatePrefix) =>
        publicCount * (1L << (32 - publicPrefix)) + privateCount * (1L << (32 - privatePrefix));

    private static string DescribeNeed(int publicCount, int publicPrefix, int privateCount, int privatePrefix)
    {
        if (publicCount == 0 || privateCount == 0 || publicPrefix == privatePrefix)
        {
            var prefix = publicCount == 0 ? privatePrefix : publicPrefix;
            return string.Create(CultureInfo.InvariantCulture, $"{publicCount + privateCount} x /{prefix}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{publicCount} x /{publicPrefix} public + {privateCount} x /{privatePrefix} private");
    }

    private static List<(string Name, string Zone, SubnetKind Kind, int Prefix)> Rows(SubnetPlanRequest request, int publicPrefix, int privatePrefix)
    {
        var suffixes = ZoneSuffixes(request.AvailabilityZones);
        var rows = new List<(string, string, SubnetKind, int)>();
        foreach (var (kind, perZone, prefix) in new[]
                 {
                     (SubnetKind.Public, request.PublicSubnetsPerZone, publicPrefix),
                     (SubnetKind.Private, request.PrivateSubnetsPerZone, privatePrefix),
                 })
        {
            for (var zone = 0; zone < request.AvailabilityZones.Count; zone++)
            {
                for (var ordinal = 1; ordinal <= perZone; ordinal++)
                {
                    var baseName = $"{kind.ToString().ToLowerInvariant()}-{suffixes[zone]}";
                    var name = perZone == 1 ? baseName : string.Create(CultureInfo.InvariantCulture, $"{baseName}-{ordinal}");
                    rows.Add((name, request.AvailabilityZones[zone], kind, prefix));
                }
            }
        }

        return rows;
    }

    private static PlannedSubnet[] Allocate(Cidr vpcBlock, List<(string Name, string Zone, SubnetKind Kind, int Prefix)> rows)
    {
        var planned = new PlannedSubnet[rows.Count];
        ulong cursor = vpcBlock.NetworkValue;

        // OrderBy is stable, so equal sizes keep row order and the plan is deterministic.
        foreach (var index in Enumerable.Range(0, rows.Count).OrderBy(i => rows[i].Prefix))
        {
            var row = rows[index];
            planned[index] = new PlannedSubnet(index, row.Name, row.Zone, row.Kind, Cidr.Create((uint)cursor, row.Prefix));
            cursor += 1UL << (32 - row.Prefix);
        }

        return planned;
    }

    [GeneratedRegex("[a-z]+$")]
    private static partial Regex TrailingLetters();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ZoneName();
}
