using Portal.Core.Networking;

namespace Portal.Core.Tests.Networking;

public class Ipv6CidrTests
{
    [Theory]
    [InlineData("2600:1f18:abc:de00::/56", "2600:1f18:abc:de00::/56")]
    [InlineData(" 2600:1F18:0ABC:DE00:0000:0000:0000:0000/56 ", "2600:1f18:abc:de00::/56")]
    [InlineData("2600:1f18:abc:de42::/64", "2600:1f18:abc:de42::/64")]
    [InlineData("::/0", "::/0")]
    [InlineData("2001:db8:0:0:1:0:0:0/96", "2001:db8:0:0:1::/96")]
    public void Parses_any_spelling_and_writes_it_as_EC2_does(string text, string canonical)
    {
        var cidr = Ipv6Cidr.Parse(text);

        Assert.Equal(canonical, cidr.ToString());
        Assert.Equal(cidr, Ipv6Cidr.Parse(cidr.ToString()));
    }

    [Theory]
    [InlineData("2600:1f18:abc:de01::/56", "did you mean 2600:1f18:abc:de00::/56")]
    [InlineData("2600:1f18:abc:de00::", "is not an IPv6 CIDR block")]
    [InlineData("10.0.0.0/16", "is not an IPv6 address")]
    [InlineData("2600:1f18:abc:zz00::/56", "is not an IPv6 address")]
    [InlineData("fe80::1%eth0/64", "is not an IPv6 address")]
    [InlineData("2600:1f18:abc:de00::/129", "0 to 128")]
    [InlineData("2600:1f18:abc:de00::/x", "0 to 128")]
    [InlineData("", "is not an IPv6 CIDR block")]
    public void Refuses_what_is_not_a_block_and_says_what_to_type(string text, string expected)
    {
        Assert.False(Ipv6Cidr.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nth_64_of_a_56_is_the_index_in_the_eighth_byte()
    {
        var vpc = Ipv6Cidr.Parse("2600:1f18:abc:de00::/56");

        Assert.Equal("2600:1f18:abc:de00::/64", vpc.Subnet64(0).ToString());
        Assert.Equal("2600:1f18:abc:de01::/64", vpc.Subnet64(1).ToString());
        Assert.Equal("2600:1f18:abc:de2a::/64", vpc.Subnet64(42).ToString());
        Assert.Equal("2600:1f18:abc:deff::/64", vpc.Subnet64(255).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => vpc.Subnet64(256));
        Assert.Throws<ArgumentOutOfRangeException>(() => vpc.Subnet64(-1));
    }

    [Fact]
    public void Contains_and_overlaps_follow_the_prefix()
    {
        var vpc = Ipv6Cidr.Parse("2600:1f18:abc:de00::/56");
        var inside = Ipv6Cidr.Parse("2600:1f18:abc:de7f::/64");
        var next = Ipv6Cidr.Parse("2600:1f18:abc:df00::/64");

        Assert.True(vpc.Contains(inside));
        Assert.True(vpc.Contains(vpc));
        Assert.False(inside.Contains(vpc));
        Assert.True(inside.Overlaps(vpc));
        Assert.True(vpc.Overlaps(inside));
        Assert.False(vpc.Contains(next));
        Assert.False(vpc.Overlaps(next));
        Assert.False(vpc.Subnet64(1).Overlaps(vpc.Subnet64(2)));
        Assert.True(Ipv6Cidr.Parse("::/0").Contains(vpc));
    }

    [Fact]
    public void Create_refuses_host_bits()
    {
        var value = Ipv6Cidr.Parse("2600:1f18:abc:de00::/56").NetworkValue | 1;

        var error = Assert.Throws<ArgumentException>(() => Ipv6Cidr.Create(value, 56));
        Assert.Contains("2600:1f18:abc:de00::/56", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_56s_give_256_disjoint_64s_all_inside()
    {
        var random = new Random(20261202);
        for (var n = 0; n < 200; n++)
        {
            var high = (UInt128)(ulong)random.NextInt64() << 64;
            var vpc = Ipv6Cidr.Create(high & Ipv6Cidr.MaskFor(56), 56);
            var subnets = Enumerable.Range(0, Ipv6Cidr.SubnetsPerVpc).Select(vpc.Subnet64).ToArray();

            Assert.All(subnets, subnet => Assert.True(vpc.Contains(subnet), $"{subnet} outside {vpc}"));
            Assert.Equal(subnets.Length, subnets.Distinct().Count());
            // Sorted /64s of the same size are disjoint when each starts after the previous one ends.
            var sorted = subnets.Order().ToArray();
            for (var i = 1; i < sorted.Length; i++)
                Assert.True(sorted[i].NetworkValue > sorted[i - 1].LastValue, $"{sorted[i - 1]} overlaps {sorted[i]}");
            Assert.Equal(vpc.NetworkValue, sorted[0].NetworkValue);
            Assert.Equal(vpc.LastValue, sorted[^1].LastValue);
        }
    }
}
