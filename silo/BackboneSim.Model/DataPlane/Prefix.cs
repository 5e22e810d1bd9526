using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BackboneSim.Model.DataPlane;

/// <summary>
/// An IPv4 or IPv6 destination prefix (RFC 4632 CIDR notation, RFC 4291 §2.3 for IPv6): the address bits, left-aligned
/// in 128 bits so that bit 0 is the most significant bit of either family, and the prefix length. Always canonical:
/// the host bits (those after the length) are zero, as a routing table holds them (RFC 1812 §5.2.4.3 matches a
/// destination against the first <c>Length</c> bits of a route's prefix only).
/// </summary>
/// <remarks>
/// Ordered by family (IPv4 first), then address bits, then length: the order <see cref="PrefixTrie{T}"/> enumerates
/// in, so every list of prefixes the data plane returns is in one deterministic order. <see cref="Parse"/> is strict
/// (dotted quads without leading zeros, no host bits, no zone): a scenario's prefix means what it says or is refused
/// with the reason; <see cref="Of"/> masks host bits for callers that have an address and a length.
/// </remarks>
public readonly record struct Prefix : IComparable<Prefix>
{
    /// <summary>The address bits, left-aligned: an IPv4 address in the top 32 bits.</summary>
    public UInt128 Bits { get; }
    public int Length { get; }
    public AddressFamily Family { get; }

    private Prefix(AddressFamily family, UInt128 bits, int length) => (Family, Bits, Length) = (family, bits & Mask(length), length);

    public bool IsIPv4 => Family == AddressFamily.InterNetwork;
    /// <summary>32 for IPv4, 128 for IPv6.</summary>
    public int MaxLength => IsIPv4 ? 32 : 128;

    /// <summary>The prefix of <paramref name="address"/> with this length; host bits are set to zero.</summary>
    public static Prefix Of(IPAddress address, int length)
    {
        var (family, bits, max) = BitsOf(address);
        if (length < 0 || length > max)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"a prefix length of {Name(family)} is 0 to {max}");
        return new Prefix(family, bits, length);
    }

    /// <summary>A single address as a host prefix (/32 or /128): what a packet's destination is looked up as.</summary>
    public static Prefix Host(IPAddress address) => Of(address, BitsOf(address).Max);

    /// <summary>Bit <paramref name="index"/> (0 = most significant) of the address.</summary>
    public int Bit(int index) => (int)((Bits >> (127 - index)) & UInt128.One);

    /// <summary>Whether <paramref name="other"/> lies inside this prefix (same family, at least as long, same first
    /// <see cref="Length"/> bits). A prefix contains itself.</summary>
    public bool Contains(Prefix other) =>
        other.Family == Family && other.Length >= Length && (other.Bits & Mask(Length)) == Bits;

    public bool Contains(IPAddress address) => Contains(Host(address));

    /// <summary>The network address.</summary>
    public IPAddress Address
    {
        get
        {
            var bytes = new byte[16];
            for (var i = 0; i < 16; i++) bytes[i] = (byte)(Bits >> (120 - 8 * i));
            return new IPAddress(IsIPv4 ? bytes[..4] : bytes);
        }
    }

    /// <summary>Canonical text: "10.0.0.0/8", "2001:db8::/32" (RFC 5952 for IPv6, as <see cref="IPAddress"/> writes it).</summary>
    public override string ToString() => $"{Address}/{Length.ToString(CultureInfo.InvariantCulture)}";

    public int CompareTo(Prefix other)
    {
        if (Family != other.Family) return IsIPv4 ? -1 : 1;
        var c = Bits.CompareTo(other.Bits);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }

    public static bool operator <(Prefix a, Prefix b) => a.CompareTo(b) < 0;
    public static bool operator >(Prefix a, Prefix b) => a.CompareTo(b) > 0;
    public static bool operator <=(Prefix a, Prefix b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Prefix a, Prefix b) => a.CompareTo(b) >= 0;

    /// <summary>Parses "10.0.0.0/8" or "2001:db8::/32"; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Prefix Parse(string text) =>
        TryParse(text, out var prefix, out var error) ? prefix : throw new FormatException(error);

    /// <summary>Parses a prefix; on failure <paramref name="error"/> names the text and what is wrong with it.</summary>
    public static bool TryParse(string? text, out Prefix prefix, out string error)
    {
        prefix = default;
        error = "";
        if (string.IsNullOrEmpty(text)) { error = "a prefix is empty; write an address and a length, such as 10.0.0.0/8 or 2001:db8::/32"; return false; }
        var slash = text.IndexOf('/');
        if (slash < 0) { error = $"'{text}' has no prefix length; write it after a '/', such as {text}/{(text.Contains(':') ? 128 : 32)}"; return false; }
        var addressText = text[..slash];
        var lengthText = text[(slash + 1)..];
        if (!TryAddress(addressText, out var address, out var why)) { error = $"'{text}': {why}"; return false; }
        var (family, bits, max) = BitsOf(address);
        if (lengthText.Length == 0 || lengthText.Length > 3 || !lengthText.All(char.IsAsciiDigit) || (lengthText.Length > 1 && lengthText[0] == '0'))
        { error = $"'{text}': the prefix length '{lengthText}' is not a whole number 0 to {max}"; return false; }
        var length = int.Parse(lengthText, CultureInfo.InvariantCulture);
        if (length > max) { error = $"'{text}': the prefix length {length} is longer than an {Name(family)} address ({max} bits)"; return false; }
        var canonical = new Prefix(family, bits, length);
        if (canonical.Bits != bits)
        { error = $"'{text}' has host bits set after the first {length}; the prefix is {canonical}"; return false; }
        prefix = canonical;
        return true;
    }

    private static bool TryAddress(string text, out IPAddress address, out string why)
    {
        address = IPAddress.None;
        why = "";
        if (text.Length == 0) { why = "there is no address before the '/'"; return false; }
        if (text.Contains(':'))
        {
            if (text.Contains('%')) { why = $"'{text}' has a zone index ('%'), which a route's prefix cannot have"; return false; }
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            { why = $"'{text}' is not an IPv6 address"; return false; }
            address = v6;
            return true;
        }
        // IPAddress.TryParse also takes "10", "10.1" and octal "010.0.0.0" (inet_aton's forms); a prefix is four
        // decimal octets, as RFC 4632 writes them.
        var parts = text.Split('.');
        if (parts.Length != 4) { why = $"'{text}' is not an IPv4 address: it needs four dot-separated numbers"; return false; }
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length == 0 || p.Length > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0') || int.Parse(p, CultureInfo.InvariantCulture) > 255)
            { why = $"'{text}' is not an IPv4 address: '{p}' is not a number 0 to 255 without leading zeros"; return false; }
            bytes[i] = byte.Parse(p, CultureInfo.InvariantCulture);
        }
        address = new IPAddress(bytes);
        return true;
    }

    private static (AddressFamily Family, UInt128 Bits, int Max) BitsOf(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address));
        UInt128 bits = 0;
        for (var i = 0; i < bytes.Length; i++) bits |= (UInt128)bytes[i] << (120 - 8 * i);
        return (address.AddressFamily, bits, bytes.Length * 8);
    }

    /// <summary>The first <paramref name="length"/> bits set.</summary>
    private static UInt128 Mask(int length) => length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);

    private static string Name(AddressFamily family) => family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
}
