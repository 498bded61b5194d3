using Portal.Core.Networking;

namespace Portal.Core.Tests.Networking;

public class VpcCidrRulesTests
{
    [Theory]
    [InlineData("10.0.0.0/16")]
    [InlineData("10.20.30.0/24")]
    [InlineData("172.31.0.0/16")]
    [InlineData("192.168.0.0/28")]
    public void Private_blocks_from_16_to_28_pass_clean(string block)
    {
        Assert.Empty(VpcCidrRules.CheckVpcBlock(block, "Cidr", out var parsed));
        Assert.Equal(Cidr.Parse(block), parsed);
    }

    [Theory]
    [InlineData("10.0.0.0/15", "10.0.0.0/15 is too large for a VPC: AWS allows /16 (65,536 addresses) to /28 (16 addresses); use a prefix of /16 or longer, e.g. 10.0.0.0/16.")]
    [InlineData("10.0.0.0/8", "use a prefix of /16 or longer, e.g. 10.0.0.0/16.")]
    [InlineData("10.0.0.0/29", "10.0.0.0/29 is too small for a VPC: AWS allows /16 (65,536 addresses) to /28 (16 addresses); use a prefix of /28 or shorter, e.g. 10.0.0.0/28.")]
    [InlineData("127.0.0.0/16", "127.0.0.0/16 overlaps 127.0.0.0/8 (loopback addresses), which AWS does not allow in a VPC; choose a private block such as 10.0.0.0/16.")]
    [InlineData("0.1.0.0/16", "overlaps 0.0.0.0/8 (\"this network\" addresses)")]
    [InlineData("169.254.0.0/16", "overlaps 169.254.0.0/16 (link-local addresses")]
    [InlineData("224.1.0.0/16", "overlaps 224.0.0.0/4 (multicast addresses)")]
    [InlineData("239.255.255.240/28", "overlaps 224.0.0.0/4 (multicast addresses)")]
    [InlineData("240.0.0.0/16", "overlaps 240.0.0.0/4 (reserved addresses)")]
    [InlineData("255.255.255.240/28", "overlaps 240.0.0.0/4 (reserved addresses)")]
    [InlineData("10.0.0.5/16", "did you mean 10.0.0.0/16?")]
    public void Refused_blocks_are_errors_on_the_field(string block, string expected)
    {
        var issues = VpcCidrRules.CheckVpcBlock(block, "Cidr", out _);

        var issue = Assert.Single(issues, i => i.Message.Contains(expected));
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal("Cidr", issue.Field);
    }

    [Fact]
    public void Limited_broadcast_address_is_refused_as_well_as_reserved()
    {
        var messages = VpcCidrRules.CheckVpcBlock(Cidr.Parse("255.255.255.255/32"), "Cidr").Select(i => i.Message).ToList();

        Assert.Contains(messages, m => m.Contains("too small for a VPC"));
        Assert.Contains(messages, m => m.Contains("255.255.255.255/32 (the limited broadcast address)"));
    }

    [Theory]
    [InlineData("100.64.0.0/16")]
    [InlineData("8.8.0.0/16")]
    [InlineData("172.32.0.0/16")]
    [InlineData("192.169.0.0/16")]
    public void Public_blocks_are_a_warning_not_an_error(string block)
    {
        var issue = Assert.Single(VpcCidrRules.CheckVpcBlock(block, "Cidr", out _));

        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.Equal("Cidr", issue.Field);
        Assert.Contains("outside the private ranges of RFC 1918", issue.Message);
        Assert.Contains("Prefer a private block such as 10.0.0.0/16", issue.Message);
    }

    [Fact]
    public void Docker_range_used_by_aws_services_is_a_warning()
    {
        var issue = Assert.Single(VpcCidrRules.CheckVpcBlock("172.17.4.0/24", "Cidr", out _));

        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.Contains("overlaps 172.17.0.0/16", issue.Message);
    }

    [Theory]
    [InlineData("10.0.0.0/24", 251L)]
    [InlineData("10.0.0.0/28", 11L)]
    [InlineData("10.0.0.0/16", 65531L)]
    public void Aws_reserves_five_addresses_per_subnet(string subnet, long usable)
    {
        Assert.Equal(usable, VpcCidrRules.UsableAddresses(Cidr.Parse(subnet)));
    }

    [Theory]
    [InlineData("10.0.0.0/16", "10.0.1.0/24", null)]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", null)]
    [InlineData("10.0.0.0/16", "10.1.0.0/24", "10.1.0.0/24 is not inside the VPC block 10.0.0.0/16; choose a block between 10.0.0.0 and 10.0.255.255.")]
    [InlineData("10.0.0.0/16", "10.0.0.0/29", "10.0.0.0/29 is too small for a subnet: AWS allows /16 (65,536 addresses) to /28 (16 addresses); use a prefix of /28 or shorter, e.g. 10.0.0.0/28.")]
    [InlineData("10.0.0.0/16", "10.0.0.0/15", "10.0.0.0/15 is too large for a subnet")]
    public void Subnet_blocks_must_fit_aws_sizes_and_the_vpc(string vpc, string subnet, string? expected)
    {
        var issues = VpcCidrRules.CheckSubnetBlock(Cidr.Parse(vpc), Cidr.Parse(subnet), "Subnets[3].Cidr");

        if (expected is null)
        {
            Assert.Empty(issues);
            return;
        }

        Assert.Contains(issues, i => i.Message.StartsWith(expected) && i.Field == "Subnets[3].Cidr" && i.Severity == IssueSeverity.Error);
    }
}
