using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Core.Vpcs;

/// <summary>
/// The price table the plan's cost estimate uses, section <c>Portal:Vpcs:Prices</c>. EC2 has no price API the portal
/// may call at plan time (the Price List API is a separate, slow service), so the prices are configuration, with the
/// page and date they were read from in <see cref="Source"/>; update both together.
/// </summary>
public sealed class VpcCostPrices
{
    public const string Section = "Portal:Vpcs:Prices";

    /// <summary>Where the figures come from and when they were read, shown with every estimate.</summary>
    public string Source { get; set; } = "";

    /// <summary>Hours in a billing month as AWS's own examples count them (24 x 365 / 12).</summary>
    public decimal HoursPerMonth { get; set; } = 730m;

    /// <summary>Region name (<c>us-east-1</c>) to its prices; a Region not listed gets no estimate.</summary>
    public Dictionary<string, VpcRegionPrices> Regions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One Region's prices in US dollars.</summary>
public sealed class VpcRegionPrices
{
    /// <summary>A NAT gateway, per hour it exists (whatever its traffic).</summary>
    public decimal NatGatewayHourlyUsd { get; set; }

    /// <summary>Data a NAT gateway processes, per GB: not in the estimate (traffic is unknown at plan time), shown beside it.</summary>
    public decimal NatGatewayPerGbUsd { get; set; }

    /// <summary>A public IPv4 address (an Elastic IP included), per hour, charged since 2024-02-01.</summary>
    public decimal PublicIpv4HourlyUsd { get; set; }
}

public sealed partial class VpcCostPricesValidator : IValidateOptions<VpcCostPrices>
{
    // No price the table names is anywhere near a dollar an hour or a dollar a GB; a bigger one is a typo (cents for dollars).
    private const decimal Implausible = 1m;

    public ValidateOptionsResult Validate(string? name, VpcCostPrices options)
    {
        var errors = new List<string>();
        if (options.Regions.Count > 0 && string.IsNullOrWhiteSpace(options.Source))
            errors.Add($"{VpcCostPrices.Section}:Source is empty; name the page the prices come from and the date they were read, e.g. \"https://aws.amazon.com/vpc/pricing/ (read 2026-12-02)\".");
        if (options.HoursPerMonth is < 672 or > 744)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{VpcCostPrices.Section}:HoursPerMonth must be 672 to 744 (a month's hours; AWS uses 730), not {options.HoursPerMonth}."));
        foreach (var (region, prices) in options.Regions)
        {
            var at = $"{VpcCostPrices.Section}:Regions:{region}";
            if (!RegionName().IsMatch(region))
                errors.Add($"{at}: '{region}' is not a Region name; use one such as us-east-1.");
            if (prices is null)
            {
                errors.Add($"{at} has no prices; give NatGatewayHourlyUsd, NatGatewayPerGbUsd and PublicIpv4HourlyUsd.");
                continue;
            }

            Check(errors, $"{at}:NatGatewayHourlyUsd", prices.NatGatewayHourlyUsd);
            Check(errors, $"{at}:NatGatewayPerGbUsd", prices.NatGatewayPerGbUsd);
            Check(errors, $"{at}:PublicIpv4HourlyUsd", prices.PublicIpv4HourlyUsd);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, decimal price)
    {
        if (price is <= 0 or >= Implausible)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key} is {price}; give the US dollar price above 0 and below {Implausible} (e.g. 0.045), as the pricing page shows it."));
        }
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionName();
}
