using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Portal.Core.Networking;

/// <summary>
/// An IPv4 CIDR block in canonical form (no host bits set), e.g. <c>10.0.0.0/16</c>.
/// Equality, hashing and ordering use the network address and the prefix length.
/// </summary>
public readonly record struct Cidr : IComparable<Cidr>
{
    private Cidr(uint networkValue, int prefix)
    {
        NetworkValue = networkValue;
        Prefix = prefix;
    }

    /// <summary>The network (first) address as a 32-bit number.</summary>
    public uint NetworkValue { get; }

    /// <summary>The prefix length, 0 to 32.</summary>
    public int Prefix { get; }

    /// <summary>The last address of the block as a 32-bit number.</summary>
    public uint BroadcastValue => NetworkValue | ~MaskFor(Prefix);

    public IPAddress Network => ToIPAddress(NetworkValue);

    public IPAddress Broadcast => ToIPAddress(BroadcastValue);

    /// <summary>How many addresses the block spans (2^(32-prefix)); long because /0 holds 2^32.</summary>
    public long AddressCount => 1L << (32 - Prefix);

    /// <summary>Builds a block from a network address; refuses host bits so callers never silently move a block.</summary>
    public static Cidr Create(uint networkValue, int prefix)
    {
        if (prefix is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "The prefix length must be 0 to 32.");
        }

        if ((networkValue & ~MaskFor(prefix)) != 0)
        {
            throw new ArgumentException(
                $"{FormatAddress(networkValue)}/{prefix} has host bits set; use {FormatAddress(networkValue & MaskFor(prefix))}/{prefix}.",
                nameof(networkValue));
        }

        return new Cidr(networkValue, prefix);
    }

    /// <summary>The block of the given prefix length that contains <paramref name="address"/>.</summary>
    public static Cidr Containing(uint address, int prefix)
    {
        if (prefix is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "The prefix length must be 0 to 32.");
        }

        return new Cidr(address & MaskFor(prefix), prefix);
    }

    public static Cidr Parse(string text)
    {
        return TryParse(text, out var cidr, out var error) ? cidr : throw new FormatException(error);
    }

    /// <summary>
    /// Parses <c>a.b.c.d/n</c>. Surrounding spaces are ignored. On failure <paramref name="error"/>
    /// says what is wrong and what to type instead.
    /// </summary>
    public static bool TryParse(string? text, out Cidr cidr, out string error)
    {
        cidr = default;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "Enter an IPv4 CIDR block such as 10.0.0.0/16.";
            return false;
        }

        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{trimmed}' looks like IPv6; enter an IPv4 CIDR block such as 10.0.0.0/16.";
            return false;
        }

        var slash = trimmed.IndexOf('/');
        if (slash < 0)
        {
            error = TryParseAddress(trimmed, out _, out _)
                ? $"'{trimmed}' has no prefix length; add one, e.g. {trimmed}/16."
                : $"'{trimmed}' is not an IPv4 CIDR block; write it as four numbers 0-255 and a prefix length, e.g. 10.0.0.0/16.";
            return false;
        }

        var addressText = trimmed[..slash];
        var prefixText = trimmed[(slash + 1)..];
        if (!TryParseAddress(addressText, out var address, out var addressError))
        {
            error = $"'{trimmed}': {addressError}";
            return false;
        }

        if (prefixText.Length is 0 or > 2 || !prefixText.All(char.IsAsciiDigit))
        {
            error = $"'{trimmed}': the prefix length after '/' must be a whole number from 0 to 32, e.g. {addressText}/16.";
            return false;
        }

        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        if (prefix > 32)
        {
            error = $"'{trimmed}': the prefix length must be 0 to 32, not {prefix}.";
            return false;
        }

        var network = address & MaskFor(prefix);
        if (network != address)
        {
            error = $"'{trimmed}' has host bits set after the /{prefix} prefix; did you mean {FormatAddress(network)}/{prefix}?";
            return false;
        }

        cidr = new Cidr(network, prefix);
        error = "";
        return true;
    }

    /// <summary>Parses a dotted-quad IPv4 address strictly (exactly four decimal parts 0-255).</summary>
    public static bool TryParseAddress(string? text, out uint address, out string error)
    {
        address = 0;
        var parts = (text ?? "").Trim().Split('.');
        if (parts.Length != 4)
        {
            error = $"'{text}' is not an IPv4 address; write four numbers 0-255 separated by dots, e.g. 10.0.0.0.";
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit))
            {
                error = $"'{part}' is not a number; each of the four parts of an IPv4 address must be a number 0-255.";
                return false;
            }

            var octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                error = $"{octet} is too large; each part of an IPv4 address must be 0-255.";
                return false;
            }

            address = (address << 8) | (uint)octet;
        }

        error = "";
        return true;
    }

    public static string FormatAddress(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FormatAddress(NetworkValue)}/{Prefix}");

    public bool Contains(uint address) => (address & MaskFor(Prefix)) == NetworkValue;

    /// <summary>True for an IPv4 address inside the block; IPv6 addresses are never inside an IPv4 block.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetwork && Contains(ToUInt32(address));
    }

    /// <summary>True when every address of <paramref name="other"/> is inside this block (a block contains itself).</summary>
    public bool Contains(Cidr other) => other.Prefix >= Prefix && Contains(other.NetworkValue);

    /// <summary>True when the two blocks share at least one address; for CIDR blocks that means one contains the other.</summary>
    public bool Overlaps(Cidr other) => Contains(other) || other.Contains(this);

    /// <summary>Orders by network address, then larger blocks (shorter prefix) first.</summary>
    public int CompareTo(Cidr other)
    {
        var byAddress = NetworkValue.CompareTo(other.NetworkValue);
        return byAddress != 0 ? byAddress : Prefix.CompareTo(other.Prefix);
    }

    public static bool operator <(Cidr left, Cidr right) => left.CompareTo(right) < 0;

    public static bool operator >(Cidr left, Cidr right) => left.CompareTo(right) > 0;

    public static bool operator <=(Cidr left, Cidr right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Cidr left, Cidr right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// The fewest CIDR blocks that exactly cover the inclusive range first..last, in address order.
    /// </summary>
    public static IReadOnlyList<Cidr> CoveringRange(uint first, uint last)
    {
        if (last < first)
        {
            throw new ArgumentException($"The range end {FormatAddress(last)} is before its start {FormatAddress(first)}.", nameof(last));
        }

        var blocks = new List<Cidr>();
        var start = (ulong)first;
        var end = (ulong)last + 1;
        while (start < end)
        {
            // Largest block aligned at start that does not run past end.
            var prefix = start == 0 ? 0 : 32 - System.Numerics.BitOperations.TrailingZeroCount(start);
            while ((1UL << (32 - prefix)) > end - start)
            {
                prefix++;
            }

            blocks.Add(new Cidr((uint)start, prefix));
            start += 1UL << (32 - prefix);
        }

        return blocks;
    }

    internal static uint MaskFor(int prefix) => prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);

    private static IPAddress ToIPAddress(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }
}
