using System.Globalization;

namespace Portal.Core.Networking;

/// <summary>
/// The IPv4 CIDR rules AWS applies to a VPC and its subnets, checked before anything reaches EC2.
/// </summary>
/// <remarks>
/// Sources (Amazon VPC User Guide):
/// - "VPC CIDR blocks", https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html :
///   VPC block size /16 (65,536 addresses) to /28 (16 addresses); RFC 1918 ranges recommended,
///   publicly routable blocks allowed; avoid 172.17.0.0/16 (used by Docker-based AWS services such as
///   Cloud9 and SageMaker).
/// - "VPC and subnet sizing for IPv4" (same guide, subnet section): a subnet block is /16 to /28,
///   inside the VPC block, subnets must not overlap, and the first four addresses and the last address
///   of every subnet are reserved (5 per subnet).
/// The guide does not enumerate the special-purpose ranges refused below. They are IANA special-purpose
/// IPv4 ranges (RFC 6890) that cannot work as VPC addresses ("this network", loopback, link-local where
/// the instance metadata service lives, multicast, reserved, limited broadcast), so the portal refuses
/// them up front instead of leaving the user to a failed create.
/// </remarks>
public static class VpcCidrRules
{
    /// <summary>The largest block AWS allows for a VPC or a subnet.</summary>
    public const int LargestPrefix = 16;

    /// <summary>The smallest block AWS allows for a VPC or a subnet.</summary>
    public const int SmallestPrefix = 28;

    /// <summary>Network address, VPC router, DNS, future use, and the last (broadcast) address.</summary>
    public const int ReservedAddressesPerSubnet = 5;

    public static IReadOnlyList<(Cidr Range, string Why)> RefusedRanges { get; } =
    [
        (Cidr.Parse("0.0.0.0/8"), "\"this network\" addresses"),
        (Cidr.Parse("127.0.0.0/8"), "loopback addresses"),
        (Cidr.Parse("169.254.0.0/16"), "link-local addresses (AWS uses them for the instance metadata service)"),
        (Cidr.Parse("224.0.0.0/4"), "multicast addresses"),
        (Cidr.Parse("240.0.0.0/4"), "reserved addresses"),
        (Cidr.Parse("255.255.255.255/32"), "the limited broadcast address"),
    ];

    public static IReadOnlyList<Cidr> PrivateRanges { get; } =
    [
        Cidr.Parse("10.0.0.0/8"),
        Cidr.Parse("172.16.0.0/12"),
        Cidr.Parse("192.168.0.0/16"),
    ];

    /// <summary>AWS advises against it: some AWS services run Docker on this range.</summary>
    public static Cidr DockerDefaultRange { get; } = Cidr.Parse("172.17.0.0/16");

    public static long UsableAddresses(Cidr subnet) => Math.Max(0, subnet.AddressCount - ReservedAddressesPerSubnet);

    /// <summary>Parses the text, then applies <see cref="CheckVpcBlock(Cidr, string)"/>.</summary>
    public static IReadOnlyList<ValidationIssue> CheckVpcBlock(string? text, string field, out Cidr block)
    {
        if (!Cidr.TryParse(text, out block, out var error))
        {
            return [ValidationIssue.Error(field, error)];
        }

        return CheckVpcBlock(block, field);
    }

    public static IReadOnlyList<ValidationIssue> CheckVpcBlock(Cidr block, string field)
    {
        var issues = new List<ValidationIssue>();
        CheckSize(issues, block, field, "a VPC");
        issues.AddRange(CheckNotRefused(block, field));
        if (issues.Count > 0)
        {
            return issues;
        }

        if (!PrivateRanges.Any(range => range.Contains(block)))
        {
            issues.Add(ValidationIssue.Warning(field,
                $"{block} is outside the private ranges of RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16); AWS allows it, but it can clash with public internet addresses. Prefer a private block such as 10.0.0.0/16 unless you own this range."));
        }

        if (block.Overlaps(DockerDefaultRange))
        {
            issues.Add(ValidationIssue.Warning(field,
                $"{block} overlaps {DockerDefaultRange}, which some AWS services (e.g. Cloud9, SageMaker) use for Docker; AWS advises choosing another range."));
        }

        return issues;
    }

    /// <summary>A subnet block: AWS size limits and inside the VPC block (which <see cref="CheckVpcBlock(Cidr, string)"/> keeps out of refused ranges).</summary>
    public static IReadOnlyList<ValidationIssue> CheckSubnetBlock(Cidr vpcBlock, Cidr subnet, string field)
    {
        var issues = new List<ValidationIssue>();
        CheckSize(issues, subnet, field, "a subnet");
        if (!vpcBlock.Contains(subnet))
        {
            issues.Add(ValidationIssue.Error(field,
                $"{subnet} is not inside the VPC block {vpcBlock}; choose a block between {Cidr.FormatAddress(vpcBlock.NetworkValue)} and {Cidr.FormatAddress(vpcBlock.BroadcastValue)}."));
        }

        return issues;
    }

    private static void CheckSize(List<ValidationIssue> issues, Cidr block, string field, string what)
    {
        const string allowed = "AWS allows /16 (65,536 addresses) to /28 (16 addresses)";
        if (block.Prefix < LargestPrefix)
        {
            issues.Add(ValidationIssue.Error(field,
                $"{block} is too large for {what}: {allowed}; use a prefix of /{LargestPrefix} or longer, e.g. {Cidr.Containing(block.NetworkValue, LargestPrefix)}."));
        }
        else if (block.Prefix > SmallestPrefix)
        {
            issues.Add(ValidationIssue.Error(field,
                $"{block} is too small for {what}: {allowed}; use a prefix of /{SmallestPrefix} or shorter, e.g. {Cidr.Containing(block.NetworkValue, SmallestPrefix)}."));
        }
    }

    private static IEnumerable<ValidationIssue> CheckNotRefused(Cidr block, string field)
    {
        foreach (var (range, why) in RefusedRanges)
        {
            if (range.Overlaps(block))
            {
                yield return ValidationIssue.Error(field, string.Create(CultureInfo.InvariantCulture,
                    $"{block} overlaps {range} ({why}), which AWS does not allow in a VPC; choose a private block such as 10.0.0.0/16."));
            }
        }
    }
}
