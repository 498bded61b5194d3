using Portal.Core.Networking;

namespace Portal.Core.Tests.Networking;

public class SubnetPlannerTests
{
    private static readonly string[] ThreeZones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    private static SubnetPlan PlanOrFail(SubnetPlanRequest request)
    {
        var result = SubnetPlanner.Plan(request);
        Assert.True(result.Succeeded, string.Join("; ", result.Issues));
        return result.Plan!;
    }

    private static string Describe(SubnetPlan plan) =>
        string.Join(" | ", plan.Subnets.Select(s => $"{s.Index} {s.Name} {s.AvailabilityZone} {s.Kind} {s.Cidr} {s.UsableAddresses}"));

    [Fact]
    public void Default_sizes_give_private_the_largest_fit_and_public_a_quarter_of_it()
    {
        var plan = PlanOrFail(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/16"), ThreeZones, 1, 1));

        Assert.Equal(
            "0 public-a us-east-1a Public 10.0.192.0/20 4091 | 1 public-b us-east-1b Public 10.0.208.0/20 4091 | " +
            "2 public-c us-east-1c Public 10.0.224.0/20 4091 | 3 private-a us-east-1a Private 10.0.0.0/18 16379 | " +
            "4 private-b us-east-1b Private 10.0.64.0/18 16379 | 5 private-c us-east-1c Private 10.0.128.0/18 16379",
            Describe(plan));
        Assert.Equal(["10.0.240.0/20"], plan.FreeSpace.Select(c => c.ToString()));
    }

    [Fact]
    public void Several_subnets_per_zone_are_numbered_and_one_kind_gets_the_largest_equal_size()
    {
        var plan = PlanOrFail(new SubnetPlanRequest(Cidr.Parse("192.168.4.0/22"), ["eu-west-1a", "eu-west-1b"], 0, 2));

        Assert.Equal(
            "0 private-a-1 eu-west-1a Private 192.168.4.0/24 251 | 1 private-a-2 eu-west-1a Private 192.168.5.0/24 251 | " +
            "2 private-b-1 eu-west-1b Private 192.168.6.0/24 251 | 3 private-b-2 eu-west-1b Private 192.168.7.0/24 251",
            Describe(plan));
        Assert.Empty(plan.FreeSpace);
    }

    [Fact]
    public void Given_sizes_are_used_and_the_rest_is_free_space()
    {
        var plan = PlanOrFail(new SubnetPlanRequest(Cidr.Parse("10.1.0.0/16"), ThreeZones, 1, 1, PublicPrefixLength: 24, PrivatePrefixLength: 20));

        Assert.All(plan.Subnets.Where(s => s.Kind == SubnetKind.Public), s => Assert.Equal(24, s.Cidr.Prefix));
        Assert.All(plan.Subnets.Where(s => s.Kind == SubnetKind.Private), s => Assert.Equal(20, s.Cidr.Prefix));
        Assert.Equal(["10.1.48.0/24", "10.1.49.0/24", "10.1.50.0/24"], plan.Subnets.Take(3).Select(s => s.Cidr.ToString()));
        Assert.Equal(["10.1.51.0/24", "10.1.52.0/22", "10.1.56.0/21", "10.1.64.0/18", "10.1.128.0/17"], plan.FreeSpace.Select(c => c.ToString()));
    }

    [Fact]
    public void Only_the_private_size_given_makes_public_at_most_a_quarter()
    {
        var plan = PlanOrFail(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/16"), ThreeZones, 1, 1, PrivatePrefixLength: 20));

        Assert.All(plan.Subnets.Where(s => s.Kind == SubnetKind.Public), s => Assert.Equal(22, s.Cidr.Prefix));
    }

    [Fact]
    public void Only_the_public_size_given_makes_private_the_largest_that_fits()
    {
        var plan = PlanOrFail(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/16"), ThreeZones, 1, 1, PublicPrefixLength: 24));

        // 3 x /18 + 3 x /24 fits in a /16; 3 x /17 does not.
        Assert.All(plan.Subnets.Where(s => s.Kind == SubnetKind.Private), s => Assert.Equal(18, s.Cidr.Prefix));
    }

    [Fact]
    public void Too_many_subnets_for_the_block_says_how_much_is_needed()
    {
        var result = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/22"), ["us-east-1a", "us-east-1b"], 2, 2, 20, 20));

        Assert.False(result.Succeeded);
        var issue = Assert.Single(result.Issues);
        Assert.Equal("Cidr", issue.Field);
        Assert.Equal(
            "The plan needs 8 x /20 (32,768 addresses) but 10.0.0.0/22 holds 1,024; choose a larger block, smaller subnets (longer prefixes) or fewer subnets.",
            issue.Message);
    }

    [Fact]
    public void Too_many_subnets_even_at_the_smallest_size()
    {
        var result = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/26"), ThreeZones, 1, 1));

        Assert.Equal(
            "The plan needs 6 x /28 (96 addresses) but 10.0.0.0/26 holds 64; choose a larger block or fewer subnets.",
            Assert.Single(result.Issues).Message);
    }

    [Fact]
    public void Mixed_sizes_that_do_not_fit_name_both()
    {
        var result = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/24"), ThreeZones, 1, 1, 26, 25));

        Assert.Contains("needs 3 x /26 public + 3 x /25 private (576 addresses) but 10.0.0.0/24 holds 256", Assert.Single(result.Issues).Message);
    }

    [Theory]
    [InlineData(new string[0], 1, 1, null, null, "AvailabilityZones", "Choose 1 to 6 availability zones; 0 chosen.")]
    [InlineData(new[] { "a1", "b1", "c1", "d1", "e1", "f1", "g1" }, 1, 1, null, null, "AvailabilityZones", "Choose 1 to 6 availability zones; 7 chosen.")]
    [InlineData(new[] { "us-east-1a", "US-EAST-1A" }, 1, 1, null, null, "AvailabilityZones[1]", "is not an availability zone name")]
    [InlineData(new[] { "us-east-1a", "us-east-1a" }, 1, 1, null, null, "AvailabilityZones[1]", "us-east-1a is listed twice; remove the duplicate.")]
    [InlineData(new[] { "us-east-1a", "" }, 1, 1, null, null, "AvailabilityZones[1]", "'' is not an availability zone name; use a name such as us-east-1a")]
    [InlineData(new[] { "us-east-1a" }, 0, 0, null, null, "PublicSubnetsPerZone", "Choose at least one public or private subnet per zone.")]
    [InlineData(new[] { "us-east-1a" }, -1, 1, null, null, "PublicSubnetsPerZone", "-1 is negative; choose 0 or more subnets per zone.")]
    [InlineData(new[] { "us-east-1a" }, 1, -2, null, null, "PrivateSubnetsPerZone", "-2 is negative")]
    [InlineData(new[] { "us-east-1a", "us-east-1b" }, 50, 51, null, null, "PrivateSubnetsPerZone", "That is 202 subnets; AWS allows 200 per VPC by default")]
    [InlineData(new[] { "us-east-1a" }, 1, 1, 29, null, "PublicPrefixLength", "/29 is not a subnet size AWS allows; choose /16 to /28.")]
    [InlineData(new[] { "us-east-1a" }, 1, 1, null, 12, "PrivatePrefixLength", "/12 is not a subnet size AWS allows")]
    public void Bad_inputs_name_their_field(string[] zones, int pub, int priv, int? pubPrefix, int? privPrefix, string field, string message)
    {
        var result = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/16"), zones, pub, priv, pubPrefix, privPrefix));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Issues, i => i.Field == field && i.Message.Contains(message) && i.Severity == IssueSeverity.Error);
    }

    [Fact]
    public void Zone_ids_and_ambiguous_letters_fall_back_to_the_whole_zone_name()
    {
        Assert.Equal(["a", "b"], SubnetPlanner.ZoneSuffixes(["us-east-1a", "us-east-1b"]));
        Assert.Equal(["use1-az1", "use1-az2"], SubnetPlanner.ZoneSuffixes(["use1-az1", "use1-az2"]));
        Assert.Equal(["us-east-1a", "eu-west-1a"], SubnetPlanner.ZoneSuffixes(["us-east-1a", "eu-west-1a"]));

        var plan = PlanOrFail(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/16"), ["use1-az1", "use1-az2"], 1, 0));
        Assert.Equal(["public-use1-az1", "public-use1-az2"], plan.Subnets.Select(s => s.Name));
    }

    [Fact]
    public void Plans_with_equal_rows_are_equal()
    {
        var request = new SubnetPlanRequest(Cidr.Parse("10.0.0.0/20"), ThreeZones, 2, 1);
        var first = PlanOrFail(request);
        var second = PlanOrFail(request with { AvailabilityZones = ThreeZones.ToList() });

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, first.WithCidr(0, Cidr.Parse("10.0.15.240/28")));
    }
}
