using System.Globalization;

namespace Portal.Core.Vpcs;

/// <summary>
/// The monthly cost of what a plan adds that AWS charges for by the hour: NAT gateways and their Elastic IPs (public
/// IPv4 addresses). The VPC, subnets, route tables, internet gateway, egress-only internet gateway and the S3 gateway
/// endpoint cost nothing. Traffic is unknown at plan time, so data processed by the NAT gateways (per GB) is not in
/// the total; neither are public IPv4 addresses of instances launched later.
/// </summary>
public sealed class VpcCostEstimator
{
    private readonly VpcCostPrices _prices;

    /// <param name="region">The Region the portal creates VPCs in (the estimate is for that Region's prices).</param>
    public VpcCostEstimator(VpcCostPrices prices, string region)
    {
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(region);
        _prices = prices;
        Region = region;
    }

    public string Region { get; }

    /// <summary>NAT gateways the request makes: none, one, or one per zone.</summary>
    public static int NatGatewayCount(VpcRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var zones = request.AvailabilityZones?.Count ?? 0;
        return request.NatGatewayMode switch
        {
            NatGatewayMode.Single => zones > 0 ? 1 : 0,
            NatGatewayMode.PerZone => zones,
            _ => 0,
        };
    }

    /// <summary>The estimate, or null with <paramref name="whyNot"/> saying why (a Region the price table lacks).</summary>
    public VpcCostEstimate? Estimate(VpcRequest request, out string? whyNot)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_prices.Regions.TryGetValue(Region, out var prices) || prices is null)
        {
            whyNot = _prices.Regions.Count == 0
                ? $"No estimate: the portal has no price table ({VpcCostPrices.Section} is empty)."
                : $"No estimate: the price table ({VpcCostPrices.Section}) has no prices for {Region}; it has {string.Join(", ", _prices.Regions.Keys.Order(StringComparer.Ordinal))}.";
            return null;
        }

        var hours = _prices.HoursPerMonth;
        var nats = NatGatewayCount(request);
        var lines = new List<VpcCostLine>();
        if (nats > 0)
        {
            lines.Add(Line("NAT gateway", nats, prices.NatGatewayHourlyUsd, hours));
            // Each NAT gateway holds one Elastic IP: a public IPv4 address, billed like any other.
            lines.Add(Line("Public IPv4 address (NAT gateway's Elastic IP)", nats, prices.PublicIpv4HourlyUsd, hours));
        }

        if (request.S3GatewayEndpoint)
            lines.Add(new VpcCostLine("S3 gateway endpoint", 1, 0m, 0m));

        var extra = nats > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Not included: data the NAT gateways process (${prices.NatGatewayPerGbUsd} per GB) and public IPv4 addresses of instances.")
            : "Not included: public IPv4 addresses of instances.";
        whyNot = null;
        return new VpcCostEstimate(lines.Sum(line => line.MonthlyUsd), lines, Region, $"{_prices.Source}. {extra}");
    }

    private static VpcCostLine Line(string item, int quantity, decimal hourly, decimal hours) =>
        new(item, quantity, hourly, quantity * hourly * hours);
}
