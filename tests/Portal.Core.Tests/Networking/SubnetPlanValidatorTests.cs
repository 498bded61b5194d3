using Portal.Core.Networking;

namespace Portal.Core.Tests.Networking;

public class SubnetPlanValidatorTests
{
    // Rows: 0 public-a 10.0.0.128/28, 1 public-b 10.0.0.144/28, 2 private-a 10.0.0.0/26, 3 private-b 10.0.0.64/26.
    private static SubnetPlan Plan()
    {
        var plan = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse("10.0.0.0/24"), ["us-east-1a", "us-east-1b"], 1, 1)).Plan!;
        Assert.Equal(["10.0.0.128/28", "10.0.0.144/28", "10.0.0.0/26", "10.0.0.64/26"], plan.Subnets.Select(s => s.Cidr.ToString()));
        return plan;
    }

    [Fact]
    public void A_fresh_plan_is_valid()
    {
        Assert.Empty(SubnetPlanValidator.Validate(Plan()));
    }

    [Fact]
    public void An_overlapping_override_is_reported_on_both_rows_with_a_free_block_to_use()
    {
        var changed = Plan().WithCidr(1, Cidr.Parse("10.0.0.0/28"));

        var issues = SubnetPlanValidator.Validate(changed);

        Assert.Equal(["Subnets[1].Cidr", "Subnets[2].Cidr"], issues.Select(i => i.Field));
        Assert.Equal(
            "public-b: 10.0.0.0/28 overlaps Subnets[2] (private-a, 10.0.0.0/26); choose a free block such as 10.0.0.144/28.",
            issues[0].Message);
        Assert.Equal(
            "private-a: 10.0.0.0/26 overlaps Subnets[1] (public-b, 10.0.0.0/28); choose a free block such as 10.0.0.192/26.",
            issues[1].Message);
    }

    [Fact]
    public void An_override_outside_the_vpc_points_at_its_row()
    {
        var issue = Assert.Single(SubnetPlanValidator.Validate(Plan().WithCidr(0, Cidr.Parse("10.0.1.0/28"))));

        Assert.Equal("Subnets[0].Cidr", issue.Field);
        Assert.Equal("10.0.1.0/28 is not inside the VPC block 10.0.0.0/24; choose a block between 10.0.0.0 and 10.0.0.255.", issue.Message);
    }

    [Fact]
    public void An_override_smaller_than_aws_allows_points_at_its_row()
    {
        var issue = Assert.Single(SubnetPlanValidator.Validate(Plan().WithCidr(3, Cidr.Parse("10.0.0.64/29"))));

        Assert.Equal("Subnets[3].Cidr", issue.Field);
        Assert.StartsWith("10.0.0.64/29 is too small for a subnet", issue.Message);
    }

    [Fact]
    public void An_override_into_free_space_is_valid_and_moves_the_free_space()
    {
        var changed = Plan().WithCidr(1, Cidr.Parse("10.0.0.192/28"));

        Assert.Empty(SubnetPlanValidator.Validate(changed));
        Assert.Equal(["10.0.0.144/28", "10.0.0.160/27", "10.0.0.208/28", "10.0.0.224/27"], changed.FreeSpace.Select(c => c.ToString()));
    }

    [Fact]
    public void When_no_block_of_that_size_is_free_the_message_says_so()
    {
        var changed = Plan().WithCidr(2, Cidr.Parse("10.0.0.0/25"));

        var issue = Assert.Single(SubnetPlanValidator.Validate(changed), i => i.Field == "Subnets[2].Cidr");
        Assert.EndsWith("no free /25 is left in 10.0.0.0/24; choose a smaller block or change the other subnet.", issue.Message);
    }

    [Fact]
    public void Override_row_index_must_exist()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Plan().WithCidr(4, Cidr.Parse("10.0.0.0/28")));
        Assert.Contains("rows 0 to 3", error.Message);
    }

    [Fact]
    public void Free_space_ignores_parts_of_used_blocks_outside_the_block_and_merges_overlaps()
    {
        var free = FreeAddressSpace.Within(Cidr.Parse("10.0.0.0/24"),
            [Cidr.Parse("10.0.0.0/23"), Cidr.Parse("9.0.0.0/8")]);
        Assert.Empty(free);

        free = FreeAddressSpace.Within(Cidr.Parse("10.0.0.0/24"),
            [Cidr.Parse("10.0.0.64/26"), Cidr.Parse("10.0.0.64/27"), Cidr.Parse("10.0.0.0/28")]);
        Assert.Equal(["10.0.0.16/28", "10.0.0.32/27", "10.0.0.128/25"], free.Select(c => c.ToString()));
    }
}
