using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Components.Pages.Vpcs;

/// <summary>
/// The builder's fields as people see them: the label that names a Core issue's field (<c>Tags[1].Key</c> is
/// "Tag 2 key") and the id of the element the error summary links to and focus moves to.
/// </summary>
public static partial class BuilderFields
{
    public const string NameId = "vpc-name";
    public const string CidrId = "vpc-cidr";
    public const string ZonesId = "vpc-zones";
    public const string PublicId = "vpc-public";
    public const string PrivateId = "vpc-private";
    public const string DnsHostnamesId = "vpc-dns-hostnames";
    public const string InternetGatewayId = "vpc-igw";
    public const string NatGatewaysId = "vpc-nat";
    public const string S3EndpointId = "vpc-s3-endpoint";
    public const string Ipv6Id = "vpc-ipv6";
    public const string TenancyId = "vpc-tenancy";
    public const string TagsId = "vpc-tags";
    public const string PlanId = "vpc-plan";
    public const string QuotaId = "vpc-quota";

    public static string TagId(int row, string part) => string.Create(CultureInfo.InvariantCulture, $"vpc-tag-{row}-{part.ToLowerInvariant()}");

    public static string SubnetCidrId(int row) => string.Create(CultureInfo.InvariantCulture, $"vpc-subnet-{row}-cidr");

    /// <summary>The label and element id of an issue's field; unknown fields fall back to the plan.</summary>
    public static (string Label, string Id) Of(string field, IReadOnlyList<PreviewSubnet> subnets)
    {
        if (TagField().Match(field) is { Success: true } tag)
        {
            var row = int.Parse(tag.Groups[1].Value, CultureInfo.InvariantCulture);
            var part = tag.Groups[2].Value;
            return (string.Create(CultureInfo.InvariantCulture, $"Tag {row + 1} {part.ToLowerInvariant()}"), TagId(row, part));
        }

        if (SubnetField().Match(field) is { Success: true } subnet)
        {
            var row = int.Parse(subnet.Groups[1].Value, CultureInfo.InvariantCulture);
            var name = subnets.FirstOrDefault(s => s.Index == row)?.Name ?? string.Create(CultureInfo.InvariantCulture, $"subnet row {row + 1}");
            return ($"CIDR of {name}", SubnetCidrId(row));
        }

        return field switch
        {
            "Name" => ("Name", NameId),
            "Cidr" => ("IPv4 block (CIDR)", CidrId),
            "PublicSubnetsPerZone" => ("Public subnets per zone", PublicId),
            "PrivateSubnetsPerZone" => ("Private subnets per zone", PrivateId),
            "EnableDnsHostnames" or "EnableDnsSupport" => ("DNS", DnsHostnamesId),
            "CreateInternetGateway" => ("Internet gateway", InternetGatewayId),
            "NatGatewayMode" => ("NAT gateways", NatGatewaysId),
            "S3GatewayEndpoint" => ("S3 gateway endpoint", S3EndpointId),
            "Ipv6" => ("IPv6 CIDR block", Ipv6Id),
            "Tenancy" => ("Tenancy", TenancyId),
            "Tags" => ("Tags", TagsId),
            VpcEstate.QuotaField => ("VPC quota", QuotaId),
            _ when field.StartsWith("AvailabilityZones", StringComparison.Ordinal) => ("Availability zones", ZonesId),
            _ => ("Subnet plan", PlanId),
        };
    }

    /// <summary>The issues of one field (and, with <paramref name="withChildren"/>, of its parts) of one severity.</summary>
    public static IEnumerable<ValidationIssue> For(this IReadOnlyList<ValidationIssue> issues, string field, IssueSeverity severity, bool withChildren = false) =>
        issues.Where(issue => issue.Severity == severity && (issue.Field == field
            || (withChildren && (issue.Field.StartsWith(field + "[", StringComparison.Ordinal) || issue.Field.StartsWith(field + ".", StringComparison.Ordinal)))));

    /// <summary>The field's error messages as one text, or null: MudBlazor's ErrorText beside the field.</summary>
    public static string? ErrorText(this IReadOnlyList<ValidationIssue> issues, string field, bool withChildren = false) =>
        Join(issues.For(field, IssueSeverity.Error, withChildren));

    /// <summary>The field's warnings as one text, or null: shown as the field's helper text.</summary>
    public static string? WarningText(this IReadOnlyList<ValidationIssue> issues, string field) =>
        Join(issues.For(field, IssueSeverity.Warning)) is { } text ? "Warning: " + text : null;

    private static string? Join(IEnumerable<ValidationIssue> issues) =>
        string.Join(" ", issues.Select(issue => issue.Message)) is { Length: > 0 } text ? text : null;

    [GeneratedRegex(@"^Tags\[(\d+)\]\.(Key|Value)$")]
    private static partial Regex TagField();

    [GeneratedRegex(@"^Subnets\[(\d+)\]")]
    private static partial Regex SubnetField();
}
