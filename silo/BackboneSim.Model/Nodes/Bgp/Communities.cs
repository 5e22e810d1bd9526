using System.Globalization;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// BGP communities as routes carry them: standard ones "ASN:value" (RFC 1997, two 16-bit numbers), large ones
/// "a:b:c" (RFC 8092, three 32-bit numbers), and the well-known ones by name or number, which act where routes are
/// passed on: <c>no-export</c> (65535:65281, kept inside the AS that received it: sent to no eBGP neighbour),
/// <c>no-advertise</c> (65535:65282, sent to no neighbour at all), <c>blackhole</c> (65535:666, RFC 7999: the AS that
/// accepts it discards the traffic to the prefix). Held in one canonical text form: numbers, no leading zeros.
/// </summary>
public static class Communities
{
    public const string NoExport = "65535:65281", NoAdvertise = "65535:65282", Blackhole = "65535:666";

    private static readonly Dictionary<string, string> WellKnown = new(StringComparer.Ordinal)
    {
        ["no-export"] = NoExport, ["no-advertise"] = NoAdvertise, ["blackhole"] = Blackhole,
    };

    /// <summary>The canonical form of a community, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static string? Parse(string text, out string error)
    {
        error = "";
        if (WellKnown.TryGetValue(text, out var known)) return known;
        var parts = text.Split(':');
        if (parts.Length is not (2 or 3))
        {
            error = $"'{text}' is not a community: write ASN:value (RFC 1997), a:b:c (a large community, RFC 8092), or no-export, no-advertise, blackhole";
            return null;
        }
        var max = parts.Length == 2 ? ushort.MaxValue : uint.MaxValue;
        var numbers = new List<string>();
        foreach (var p in parts)
        {
            if (p.Length == 0 || p.Length > 10 || !p.All(char.IsAsciiDigit) || !ulong.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > max)
            {
                error = $"'{text}': each part of a {(parts.Length == 2 ? "community" : "large community")} is a whole number 0 to {max}";
                return null;
            }
            numbers.Add(n.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join(':', numbers);
    }

    /// <summary>Whether a route with these communities may go to a neighbouring AS (every AS-to-AS session is eBGP).</summary>
    public static bool MayLeaveTheAs(IReadOnlyList<string> communities) => !communities.Contains(NoExport) && !communities.Contains(NoAdvertise);
}
