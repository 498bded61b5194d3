using System.Net;
using Portal.Core.Networking;

namespace Portal.Core.Tests.Networking;

public class CidrTests
{
    [Theory]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", 16, 65536L, "10.0.0.0", "10.0.255.255")]
    [InlineData("  192.168.1.0/24 ", "192.168.1.0/24", 24, 256L, "192.168.1.0", "192.168.1.255")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", 0, 4294967296L, "0.0.0.0", "255.255.255.255")]
    [InlineData("255.255.255.255/32", "255.255.255.255/32", 32, 1L, "255.255.255.255", "255.255.255.255")]
    [InlineData("172.16.0.0/12", "172.16.0.0/12", 12, 1048576L, "172.16.0.0", "172.31.255.255")]
    [InlineData("10.1.2.16/28", "10.1.2.16/28", 28, 16L, "10.1.2.16", "10.1.2.31")]
    [InlineData("010.000.001.000/24", "10.0.1.0/24", 24, 256L, "10.0.1.0", "10.0.1.255")]
    public void Parses_and_formats(string text, string formatted, int prefix, long count, string network, string broadcast)
    {
        var cidr = Cidr.Parse(text);

        Assert.Equal(formatted, cidr.ToString());
        Assert.Equal(prefix, cidr.Prefix);
        Assert.Equal(count, cidr.AddressCount);
        Assert.Equal(IPAddress.Parse(network), cidr.Network);
        Assert.Equal(IPAddress.Parse(broadcast), cidr.Broadcast);
        Assert.Equal(cidr, Cidr.Parse(cidr.ToString()));
    }

    [Theory]
    [InlineData("10.0.0.0/33", "prefix length must be 0 to 32, not 33")]
    [InlineData("10.0.0.1/16", "did you mean 10.0.0.0/16?")]
    [InlineData("192.168.1.77/20", "did you mean 192.168.0.0/20?")]
    [InlineData("10.0.0.0", "has no prefix length; add one, e.g. 10.0.0.0/16")]
    [InlineData("10.0.0.256/24", "256 is too large; each part of an IPv4 address must be 0-255")]
    [InlineData("300.0.0.0/8", "300 is too large")]
    [InlineData("hello", "'hello' is not an IPv4 CIDR block; write it as four numbers 0-255 and a prefix length")]
    [InlineData("10.0.0/16", "write four numbers 0-255 separated by dots")]
    [InlineData("10.0.0.0.0/16", "write four numbers 0-255 separated by dots")]
    [InlineData("10.0.x.0/16", "'x' is not a number")]
    [InlineData("10.0.0.0/", "prefix length after '/' must be a whole number from 0 to 32, e.g. 10.0.0.0/16")]
    [InlineData("10.0.0.0/-1", "prefix length after '/' must be a whole number")]
    [InlineData("10.0.0.0/1a", "prefix length after '/' must be a whole number")]
    [InlineData("10.0.0.0/16/2", "prefix length after '/' must be a whole number")]
    [InlineData("", "Enter an IPv4 CIDR block such as 10.0.0.0/16.")]
    [InlineData("   ", "Enter an IPv4 CIDR block such as 10.0.0.0/16.")]
    [InlineData(null, "Enter an IPv4 CIDR block such as 10.0.0.0/16.")]
    [InlineData("2001:db8::/32", "looks like IPv6; enter an IPv4 CIDR block such as 10.0.0.0/16")]
    [InlineData("10.0.0.-1/16", "'-1' is not a number")]
    public void Refuses_bad_text_with_a_message_that_says_what_to_change(string? text, string expected)
    {
        Assert.False(Cidr.TryParse(text, out var cidr, out var error));
        Assert.Contains(expected, error);
        Assert.Equal(default, cidr);

        var thrown = Assert.Throws<FormatException>(() => Cidr.Parse(text!));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void Create_refuses_host_bits_and_bad_prefixes()
    {
        Assert.Equal("10.0.0.0/8", Cidr.Create(0x0A000000, 8).ToString());
        var hostBits = Assert.Throws<ArgumentException>(() => Cidr.Create(0x0A000001, 8));
        Assert.Contains("use 10.0.0.0/8", hostBits.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Cidr.Create(0, 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cidr.Create(0, -1));
        Assert.Equal("10.0.0.0/8", Cidr.Containing(0x0A0B0C0D, 8).ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/16", "10.0.1.0/24", true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/15", false)]
    [InlineData("10.0.0.0/16", "10.1.0.0/24", false)]
    [InlineData("0.0.0.0/0", "255.255.255.255/32", true)]
    [InlineData("10.0.0.0/24", "10.0.0.255/32", true)]
    [InlineData("10.0.0.0/24", "10.0.1.0/32", false)]
    public void Contains_blocks(string outer, string inner, bool expected)
    {
        Assert.Equal(expected, Cidr.Parse(outer).Contains(Cidr.Parse(inner)));
    }

    [Theory]
    [InlineData("10.0.0.0/16", "10.0.0.0", true)]
    [InlineData("10.0.0.0/16", "10.0.255.255", true)]
    [InlineData("10.0.0.0/16", "10.1.0.0", false)]
    [InlineData("10.0.0.0/16", "9.255.255.255", false)]
    [InlineData("10.0.0.0/16", "::ffff:10.0.3.4", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    public void Contains_addresses(string block, string address, bool expected)
    {
        Assert.Equal(expected, Cidr.Parse(block).Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.0/16", "10.0.128.0/17", true)]
    [InlineData("10.0.128.0/17", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/17", "10.0.128.0/17", false)]
    [InlineData("10.0.0.0/24", "10.0.0.0/24", true)]
    [InlineData("10.0.0.0/24", "10.0.1.0/24", false)]
    [InlineData("0.0.0.0/0", "203.0.113.0/24", true)]
    public void Overlaps_is_symmetric(string a, string b, bool expected)
    {
        Assert.Equal(expected, Cidr.Parse(a).Overlaps(Cidr.Parse(b)));
        Assert.Equal(expected, Cidr.Parse(b).Overlaps(Cidr.Parse(a)));
    }

    [Fact]
    public void Orders_by_address_then_larger_block_first()
    {
        var sorted = new[] { "10.0.1.0/24", "10.0.0.0/24", "9.0.0.0/8", "10.0.0.0/16", "10.0.0.0/8" }
            .Select(Cidr.Parse).Order().Select(c => c.ToString());

        Assert.Equal(["9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24"], sorted);
        Assert.True(Cidr.Parse("10.0.0.0/16") < Cidr.Parse("10.0.0.0/24"));
        Assert.True(Cidr.Parse("10.0.1.0/24") > Cidr.Parse("10.0.0.0/16"));
        Assert.True(Cidr.Parse("10.0.0.0/24") <= Cidr.Parse("10.0.0.0/24"));
        Assert.True(Cidr.Parse("10.0.0.0/24") >= Cidr.Parse("10.0.0.0/24"));
    }

    [Fact]
    public void Equal_blocks_are_equal_and_hash_alike()
    {
        Assert.Equal(Cidr.Parse("10.0.0.0/16"), Cidr.Parse(" 10.0.0.0/16"));
        Assert.Equal(Cidr.Parse("10.0.0.0/16").GetHashCode(), Cidr.Parse("10.0.0.0/16 ").GetHashCode());
        Assert.NotEqual(Cidr.Parse("10.0.0.0/16"), Cidr.Parse("10.0.0.0/17"));
        Assert.Single(new HashSet<Cidr> { Cidr.Parse("10.0.0.0/16"), Cidr.Parse("10.0.0.0/16") });
    }

    [Theory]
    [InlineData("10.0.0.0", "10.0.0.255", "10.0.0.0/24")]
    [InlineData("10.0.0.1", "10.0.0.6", "10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32")]
    [InlineData("0.0.0.0", "255.255.255.255", "0.0.0.0/0")]
    [InlineData("10.0.0.16", "10.0.0.255", "10.0.0.16/28 10.0.0.32/27 10.0.0.64/26 10.0.0.128/25")]
    [InlineData("255.255.255.255", "255.255.255.255", "255.255.255.255/32")]
    public void Covering_range_gives_the_fewest_blocks(string first, string last, string expected)
    {
        Assert.True(Cidr.TryParseAddress(first, out var from, out _));
        Assert.True(Cidr.TryParseAddress(last, out var to, out _));

        Assert.Equal(expected, string.Join(" ", Cidr.CoveringRange(from, to)));
    }
}
