using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Portal.Core.Networking;

/// <summary>
/// An IPv6 CIDR block in canonical form (no host bits set), e.g. the <c>2600:1f18:abc:de00::/56</c> Amazon gives a
/// VPC, and the /64s carved from it for subnets. Text is RFC 5952's (lowercase, longest zero run as <c>::</c>), which
/// is how EC2 writes blocks, so a block round-trips through AWS unchanged.
/// </summary>
public readonly record struct Ipv6Cidr : IComparable<Ipv6Cidr>
{
    /// <summary>The size Amazon gives a VPC.</summary>
    public const int VpcPrefix = 56;

    /// <summary>The only size EC2 allows for a subnet's IPv6 block.</summary>
    public const int SubnetPrefix = 64;

    /// <summary>How many /64 subnets a /56 holds: Ipv6Index runs 0 to 255.</summary>
    public const int SubnetsPerVpc = 1 << (SubnetPrefix - VpcPrefix);

    private Ipv6Cidr(UInt128 networkValue, int prefix)
    {
        NetworkValue = networkValue;
        Prefix = prefix;
    }

    /// <summary>The network (first) address as a 128-bit number.</summary>
    public UInt128 NetworkValue { get; }

    /// <summary>The prefix length, 0 to 128.</summary>
    public int Prefix { get; }

    /// <summary>The last address of the block.</summary>
    public UInt128 LastValue => NetworkValue | ~MaskFor(Prefix);

    public static Ipv6Cidr Create(UInt128 networkValue, int prefix)
    {
        if (prefix is < 0 or > 128)
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "The prefix length must be 0 to 128.");
        if ((networkValue & ~MaskFor(prefix)) != 0)
            throw new ArgumentException($"{FormatAddress(networkValue)}/{prefix} has host bits set; use {FormatAddress(networkValue & MaskFor(prefix))}/{prefix}.", nameof(networkValue));
        return new Ipv6Cidr(networkValue, prefix);
    }

    public static Ipv6Cidr Parse(string text) =>
        TryParse(text, out var cidr, out var error) ? cidr : throw new FormatException(error);

    /// <summary>Parses <c>address/n</c> in any valid IPv6 spelling; on failure <paramref name="error"/> says what to type.</summary>
    public static bool TryParse(string? text, out Ipv6Cidr cidr, out string error)
    {
        cidr = default;
        var trimmed = text?.Trim() ?? "";
        var slash = trimmed.IndexOf('/');
        if (trimmed.Length == 0 || slash < 0)
        {
            error = $"'{trimmed}' is not an IPv6 CIDR block; write an address and a prefix length, e.g. 2600:1f18:abc:de00::/56.";
            return false;
        }

        var addressText = trimmed[..slash];
        var prefixText = trimmed[(slash + 1)..];
        // IPAddress.TryParse also takes IPv4 and scope ids (%eth0); neither is a block.
        if (!addressText.Contains(':', StringComparison.Ordinal) || addressText.Contains('%', StringComparison.Ordinal)
            || !IPAddress.TryParse(addressText, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"'{trimmed}': '{addressText}' is not an IPv6 address; write eight groups of hex digits separated by ':' (:: for a run of zeros), e.g. 2600:1f18:abc:de00::.";
            return false;
        }

        var prefix = prefixText.Length is > 0 and <= 3 && prefixText.All(char.IsAsciiDigit) ? int.Parse(prefixText, CultureInfo.InvariantCulture) : -1;
        if (prefix is < 0 or > 128)
        {
            error = $"'{trimmed}': the prefix length after '/' must be a whole number from 0 to 128, e.g. {addressText}/56.";
            return false;
        }

        var value = ToUInt128(address);
        var network = value & MaskFor(prefix);
        if (network != value)
        {
            error = $"'{trimmed}' has host bits set after the /{prefix} prefix; did you mean {FormatAddress(network)}/{prefix}?";
            return false;
        }

        cidr = new Ipv6Cidr(network, prefix);
        error = "";
        return true;
    }

    public static string FormatAddress(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 16; i++)
            bytes[i] = (byte)(value >> (8 * (15 - i)));
        return new IPAddress(bytes).ToString();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FormatAddress(NetworkValue)}/{Prefix}");

    /// <summary>True when every address of <paramref name="other"/> is inside this block (a block contains itself).</summary>
    public bool Contains(Ipv6Cidr other) => other.Prefix >= Prefix && (other.NetworkValue & MaskFor(Prefix)) == NetworkValue;

    /// <summary>CIDR blocks share an address only when one contains the other.</summary>
    public bool Overlaps(Ipv6Cidr other) => Contains(other) || other.Contains(this);

    /// <summary>The <paramref name="index"/>-th block of length <paramref name="prefix"/> inside this one, counting from 0 in address order.</summary>
    public Ipv6Cidr Subnet(int prefix, int index)
    {
        if (prefix < Prefix || prefix > 128)
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, $"A block inside {this} has a prefix of /{Prefix} to /128.");
        var bits = prefix - Prefix;
        if (index < 0 || (bits < 31 && index >= 1 << bits))
            throw new ArgumentOutOfRangeException(nameof(index), index, string.Create(CultureInfo.InvariantCulture, $"{this} holds /{prefix} blocks 0 to {(1L << bits) - 1}."));
        return new Ipv6Cidr(NetworkValue | ((UInt128)(uint)index << (128 - prefix)), prefix);
    }

    /// <summary>The <paramref name="index"/>-th /64 of this block: a subnet's IPv6 block from its Ipv6Index.</summary>
    public Ipv6Cidr Subnet64(int index) => Subnet(SubnetPrefix, index);

    public int CompareTo(Ipv6Cidr other)
    {
        var byAddress = NetworkValue.CompareTo(other.NetworkValue);
        return byAddress != 0 ? byAddress : Prefix.CompareTo(other.Prefix);
    }

    public static bool operator <(Ipv6Cidr left, Ipv6Cidr right) => left.CompareTo(right) < 0;

    public static bool operator >(Ipv6Cidr left, Ipv6Cidr right) => left.CompareTo(right) > 0;

    public static bool operator <=(Ipv6Cidr left, Ipv6Cidr right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Ipv6Cidr left, Ipv6Cidr right) => left.CompareTo(right) >= 0;

    internal static UInt128 MaskFor(int prefix) => prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefix);

    private static UInt128 ToUInt128(IPAddress address)
    {
        UInt128 value = 0;
        foreach (var b in address.GetAddressBytes())
            value = (value << 8) | b;
        return value;
    }
}
