using System.Text.RegularExpressions;

namespace Portal.Core.Aws;

/// <summary>Region names and the default service endpoints derived from them.</summary>
public static partial class AwsRegion
{
    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionName();

    public static bool IsValid(string? region) => !string.IsNullOrWhiteSpace(region) && RegionName().IsMatch(region);

    public static void Validate(string region)
    {
        if (!IsValid(region))
            throw new ArgumentException($"'{region}' is not an AWS region name; use a name like 'us-east-1' or 'eu-central-1'.", nameof(region));
    }

    /// <summary>The public HTTPS endpoint of a service in a region, e.g. https://ec2.us-east-1.amazonaws.com/.</summary>
    public static Uri DefaultEndpoint(string endpointPrefix, string region)
    {
        Validate(region);
        var domain = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{endpointPrefix}.{region}.{domain}/");
    }
}
