using System.Text.Json;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Vpcs.Drafts;

public class VpcCostEstimatorTests
{
    private static readonly VpcCostPrices Prices = new()
    {
        Source = "https://aws.amazon.com/vpc/pricing/ (test)",
        Regions =
        {
            ["us-east-1"] = new VpcRegionPrices { NatGatewayHourlyUsd = 0.045m, NatGatewayPerGbUsd = 0.045m, PublicIpv4HourlyUsd = 0.005m },
            ["eu-central-1"] = new VpcRegionPrices { NatGatewayHourlyUsd = 0.052m, NatGatewayPerGbUsd = 0.052m, PublicIpv4HourlyUsd = 0.005m },
        },
    };

    private static readonly VpcRequest ThreeZones = new()
    {
        Name = "orders",
        Cidr = "10.0.0.0/16",
        AvailabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"],
        PublicSubnetsPerZone = 1,
        PrivateSubnetsPerZone = 1,
    };

    [Fact]
    public void One_NAT_per_zone_is_NAT_hours_and_one_public_IPv4_each_for_730_hours()
    {
        var estimate = new VpcCostEstimator(Prices, "us-east-1").Estimate(ThreeZones with { NatGatewayMode = NatGatewayMode.PerZone }, out var whyNot)!;

        Assert.Null(whyNot);
        Assert.Equal(
        [
            new VpcCostLine("NAT gateway", 3, 0.045m, 98.55m),
            new VpcCostLine("Public IPv4 address (NAT gateway's Elastic IP)", 3, 0.005m, 10.95m),
        ], estimate.Lines);
        Assert.Equal(109.50m, estimate.MonthlyUsd);
        Assert.Equal("us-east-1", estimate.Region);
        Assert.Contains("https://aws.amazon.com/vpc/pricing/", estimate.Source, StringComparison.Ordinal);
        Assert.Contains("$0.045 per GB", estimate.Source, StringComparison.Ordinal);
        Assert.Contains("public IPv4 addresses of instances", estimate.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_NAT_is_one_of_each_at_the_Regions_price()
    {
        var estimate = new VpcCostEstimator(Prices, "eu-central-1").Estimate(ThreeZones with { NatGatewayMode = NatGatewayMode.Single }, out _)!;

        Assert.Equal(1 * 0.052m * 730 + 1 * 0.005m * 730, estimate.MonthlyUsd);
        Assert.All(estimate.Lines, line => Assert.Equal(1, line.Quantity));
    }

    [Fact]
    public void Without_NAT_the_plan_costs_nothing_by_the_hour_and_the_S3_endpoint_is_free()
    {
        var estimate = new VpcCostEstimator(Prices, "us-east-1").Estimate(ThreeZones with { S3GatewayEndpoint = true }, out _)!;

        Assert.Equal(0m, estimate.MonthlyUsd);
        Assert.Equal([new VpcCostLine("S3 gateway endpoint", 1, 0m, 0m)], estimate.Lines);
    }

    [Fact]
    public void A_Region_the_table_lacks_gets_no_estimate_and_says_which_Regions_it_has()
    {
        Assert.Null(new VpcCostEstimator(Prices, "ap-south-2").Estimate(ThreeZones, out var whyNot));
        Assert.Equal("No estimate: the price table (Portal:Vpcs:Prices) has no prices for ap-south-2; it has eu-central-1, us-east-1.", whyNot);

        Assert.Null(new VpcCostEstimator(new VpcCostPrices(), "us-east-1").Estimate(ThreeZones, out whyNot));
        Assert.Contains("no price table", whyNot, StringComparison.Ordinal);
    }

    [Fact]
    public void The_price_table_is_checked_on_start()
    {
        var validator = new VpcCostPricesValidator();
        Assert.True(validator.Validate(null, Prices).Succeeded);
        Assert.True(validator.Validate(null, new VpcCostPrices()).Succeeded);

        var bad = new VpcCostPrices
        {
            Source = " ",
            HoursPerMonth = 24,
            Regions =
            {
                ["US East"] = new VpcRegionPrices { NatGatewayHourlyUsd = 0.045m, NatGatewayPerGbUsd = 45m, PublicIpv4HourlyUsd = 0m },
            },
        };
        var failures = validator.Validate(null, bad).Failures!.ToArray();

        Assert.Equal(5, failures.Length);
        Assert.Contains(failures, f => f.StartsWith("Portal:Vpcs:Prices:Source is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("HoursPerMonth", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'US East' is not a Region name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("NatGatewayPerGbUsd is 45", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PublicIpv4HourlyUsd is 0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_price_table_is_valid_and_prices_the_four_Regions()
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "appsettings.json")));
        var section = json.RootElement.GetProperty("Portal").GetProperty("Vpcs").GetProperty("Prices");
        var shipped = section.Deserialize<VpcCostPrices>()!;

        Assert.True(new VpcCostPricesValidator().Validate(null, shipped).Succeeded);
        Assert.Contains("https://aws.amazon.com/vpc/pricing/", shipped.Source, StringComparison.Ordinal);
        foreach (var region in new[] { "us-east-1", "us-west-2", "eu-west-1", "eu-central-1" })
            Assert.Equal(0.005m, shipped.Regions[region].PublicIpv4HourlyUsd);
        Assert.Equal(0.045m, shipped.Regions["us-east-1"].NatGatewayHourlyUsd);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(directory.FullName, "src")))
                return directory.FullName;
        }

        throw new InvalidOperationException("No appsettings.json beside a src folder above the test output.");
    }
}
