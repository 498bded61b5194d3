using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Components.Pages.Vpcs;

/// <summary>
/// The VPC builder's fields as sent by the browser: the query string of a preview (bookmarkable) or the
/// body of a create post. Subnet rows are not sent whole: the planner rebuilds them from the block, zones
/// and counts, and only the CIDRs typed over by hand travel as <c>Subnets[i].Cidr</c>, together with
/// <see cref="PlannedFor"/>, the inputs those rows were planned from.
/// </summary>
public sealed partial record VpcBuilderInput
{
    public const string DefaultCidr = "10.0.0.0/16";
    public const int DefaultZoneCount = 2;

    /// <summary>Nothing was submitted yet: show the defaults and no messages.</summary>
    public bool IsFresh { get; init; }

    public string Name { get; init; } = "";

    public string Cidr { get; init; } = DefaultCidr;

    public IReadOnlyList<string> AvailabilityZones { get; init; } = [];

    public int PublicSubnetsPerZone { get; init; } = 1;

    public int PrivateSubnetsPerZone { get; init; } = 1;

    public bool EnableDnsSupport { get; init; } = true;

    public bool EnableDnsHostnames { get; init; } = true;

    /// <summary>Null is "automatic": on when there are public subnets.</summary>
    public bool? CreateInternetGateway { get; init; }

    /// <summary>Tag rows with a key or a value; empty rows the form offers for adding are dropped.</summary>
    public IReadOnlyList<VpcRequestTag> Tags { get; init; } = [];

    /// <summary>Row index to the CIDR typed in that row.</summary>
    public IReadOnlyDictionary<int, string> SubnetCidrs { get; init; } = new Dictionary<int, string>();

    /// <summary>The <see cref="PlanKey"/> the submitted rows were planned for; other keys make them stale.</summary>
    public string? PlannedFor { get; init; }

    /// <summary>"Plan again" was pressed: drop hand edits.</summary>
    public bool Replan { get; init; }

    /// <summary>Identifies one rendered form, so a second submit of it creates nothing new.</summary>
    public string? RequestId { get; init; }

    /// <summary>Numbers that are not numbers, reported against their fields.</summary>
    public IReadOnlyList<ValidationIssue> ParseIssues { get; init; } = [];

    /// <summary>What the subnet rows depend on; hand edits only apply to rows planned for the same key.</summary>
    public string PlanKey => string.Create(CultureInfo.InvariantCulture,
        $"{Cidr.Trim()}|{string.Join(",", AvailabilityZones)}|{PublicSubnetsPerZone}|{PrivateSubnetsPerZone}");

    /// <summary>The planning inputs a <see cref="PlanKey"/> was made from, or null when it is not one.</summary>
    public static VpcBuilderInput? FromPlanKey(string? key)
    {
        var parts = key?.Split('|');
        if (parts is not { Length: 4 }
            || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var publicPerZone)
            || !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var privatePerZone))
        {
            return null;
        }

        return new VpcBuilderInput
        {
            Cidr = parts[0],
            AvailabilityZones = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries),
            PublicSubnetsPerZone = publicPerZone,
            PrivateSubnetsPerZone = privatePerZone,
        };
    }

    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    public static bool IsValidRequestId(string? requestId) => requestId is not null && RequestIdFormat().IsMatch(requestId);

    /// <summary>The defaults for a new form: the first <see cref="DefaultZoneCount"/> zones of the Region.</summary>
    public static VpcBuilderInput Fresh(IReadOnlyList<string> zones) => new()
    {
        IsFresh = true,
        AvailabilityZones = zones.Take(DefaultZoneCount).ToArray(),
    };

    /// <summary>Reads the fields from a query string or a form body. Missing fields keep their defaults,
    /// except check boxes, which a browser leaves out when unticked (each has a hidden "false" before it).</summary>
    public static VpcBuilderInput Parse(IEnumerable<KeyValuePair<string, StringValues>> fields, IReadOnlyList<string> zones)
    {
        var values = fields.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        if (!values.ContainsKey(nameof(Cidr)) && !values.ContainsKey(nameof(Name)))
        {
            return Fresh(zones) with { RequestId = First(values, nameof(RequestId)) };
        }

        var issues = new List<ValidationIssue>();
        return new VpcBuilderInput
        {
            Name = First(values, nameof(Name)) ?? "",
            Cidr = (First(values, nameof(Cidr)) ?? "").Trim(),
            AvailabilityZones = values.TryGetValue(nameof(AvailabilityZones), out var chosen)
                ? chosen.Where(zone => !string.IsNullOrWhiteSpace(zone)).Select(zone => zone!.Trim()).ToArray()
                : [],
            PublicSubnetsPerZone = Count(values, nameof(PublicSubnetsPerZone), 1, issues),
            PrivateSubnetsPerZone = Count(values, nameof(PrivateSubnetsPerZone), 1, issues),
            EnableDnsSupport = Flag(values, nameof(EnableDnsSupport)),
            EnableDnsHostnames = Flag(values, nameof(EnableDnsHostnames)),
            CreateInternetGateway = First(values, nameof(CreateInternetGateway)) switch
            {
                "yes" => true,
                "no" => false,
                _ => null,
            },
            Tags = ReadTags(values),
            SubnetCidrs = ReadSubnetCidrs(values),
            PlannedFor = First(values, nameof(PlannedFor)),
            Replan = values.ContainsKey(nameof(Replan)),
            RequestId = First(values, nameof(RequestId)),
            ParseIssues = issues,
        };
    }

    /// <summary>The <c>CreateInternetGateway</c> field's value: auto, yes or no.</summary>
    public string InternetGatewayChoice => CreateInternetGateway switch
    {
        true => "yes",
        false => "no",
        null => "auto",
    };

    /// <summary>The query string of a bookmarkable preview; only hand-edited rows are carried.</summary>
    public string ToPreviewQuery(IReadOnlyDictionary<int, string> handEditedCidrs)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new(nameof(Name), Name),
            new(nameof(Cidr), Cidr),
        };
        query.AddRange(AvailabilityZones.Select(zone => new KeyValuePair<string, string?>(nameof(AvailabilityZones), zone)));
        query.Add(new(nameof(PublicSubnetsPerZone), PublicSubnetsPerZone.ToString(CultureInfo.InvariantCulture)));
        query.Add(new(nameof(PrivateSubnetsPerZone), PrivateSubnetsPerZone.ToString(CultureInfo.InvariantCulture)));
        query.Add(new(nameof(EnableDnsSupport), EnableDnsSupport ? "true" : "false"));
        query.Add(new(nameof(EnableDnsHostnames), EnableDnsHostnames ? "true" : "false"));
        query.Add(new(nameof(CreateInternetGateway), InternetGatewayChoice));
        for (var i = 0; i < Tags.Count; i++)
        {
            query.Add(new(TagField(i, "Key"), Tags[i].Key));
            query.Add(new(TagField(i, "Value"), Tags[i].Value));
        }

        if (handEditedCidrs.Count > 0)
        {
            query.Add(new(nameof(PlannedFor), PlanKey));
            query.AddRange(handEditedCidrs.OrderBy(pair => pair.Key)
                .Select(pair => new KeyValuePair<string, string?>(SubnetCidrField(pair.Key), pair.Value)));
        }

        return QueryString.Create(query).ToString();
    }

    public static string TagField(int index, string part) => string.Create(CultureInfo.InvariantCulture, $"Tags[{index}].{part}");

    public static string SubnetCidrField(int index) => string.Create(CultureInfo.InvariantCulture, $"Subnets[{index}].Cidr");

    private static string? First(Dictionary<string, StringValues> values, string key) =>
        values.TryGetValue(key, out var value) && value.Count > 0 ? value[0] : null;

    // Unticked boxes send only their hidden "false"; ticked ones send "false" and "true".
    private static bool Flag(Dictionary<string, StringValues> values, string key) =>
        values.TryGetValue(key, out var value) && value.Contains("true", StringComparer.OrdinalIgnoreCase);

    private static int Count(Dictionary<string, StringValues> values, string key, int fallback, List<ValidationIssue> issues)
    {
        var text = First(values, key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }

        issues.Add(ValidationIssue.Error(key, $"'{text}' is not a whole number; enter how many subnets each zone gets, e.g. 1."));
        return fallback;
    }

    private static VpcRequestTag[] ReadTags(Dictionary<string, StringValues> values)
    {
        var rows = new SortedDictionary<int, (string Key, string Value)>();
        foreach (var (key, value) in values)
        {
            var match = TagFieldFormat().Match(key);
            if (!match.Success)
            {
                continue;
            }

            var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            rows.TryGetValue(index, out var row);
            rows[index] = match.Groups[2].Value.Equals("Key", StringComparison.OrdinalIgnoreCase)
                ? row with { Key = value.ToString() }
                : row with { Value = value.ToString() };
        }

        return rows.Values
            .Where(row => !string.IsNullOrEmpty(row.Key) || !string.IsNullOrEmpty(row.Value))
            .Select(row => new VpcRequestTag(row.Key ?? "", row.Value ?? ""))
            .ToArray();
    }

    private static Dictionary<int, string> ReadSubnetCidrs(Dictionary<string, StringValues> values)
    {
        var cidrs = new Dictionary<int, string>();
        foreach (var (key, value) in values)
        {
            var match = SubnetCidrFieldFormat().Match(key);
            if (match.Success)
            {
                cidrs[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = value.ToString().Trim();
            }
        }

        return cidrs;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RequestIdFormat();

    // Three digits bound the index: the form never has more than 200 subnet rows or 50 tags.
    [GeneratedRegex(@"^Tags\[(\d{1,3})\]\.(Key|Value)$", RegexOptions.IgnoreCase)]
    private static partial Regex TagFieldFormat();

    [GeneratedRegex(@"^Subnets\[(\d{1,3})\]\.Cidr$", RegexOptions.IgnoreCase)]
    private static partial Regex SubnetCidrFieldFormat();
}
