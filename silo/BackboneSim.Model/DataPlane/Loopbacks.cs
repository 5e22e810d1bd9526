using System.Net;

namespace BackboneSim.Model.DataPlane;

/// <summary>
/// The address plan of the operator's routers: each router has a loopback, a /32 out of 10.0.0.0/8 numbered by its
/// ordinal (router ordinal 0 is 10.0.0.1). The IGP carries the loopbacks, and the backbone's traffic is carried to
/// the router that leaves it (a BGP next hop, a data center's border router) on that router's loopback, as a BGP-free
/// core does with MPLS transport (RFC 3031; LDP, RFC 5036, binds a label to each loopback FEC along the IGP's best
/// path). 10.0.0.0/8 is private space (RFC 1918), the usual place for infrastructure addresses; it holds 16.7 million
/// loopbacks.
/// </summary>
public static class Loopbacks
{
    private const uint Base = 10u << 24;
    private const int MaxOrdinal = (1 << 24) - 3; // 10.255.255.254 is the last host address

    /// <summary>The loopback of router ordinal <paramref name="ordinal"/>.</summary>
    public static Prefix Of(int ordinal)
    {
        if (ordinal < 0 || ordinal > MaxOrdinal) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"0 to {MaxOrdinal}");
        var a = Base + (uint)ordinal + 1;
        return Prefix.Host(new IPAddress([(byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), (byte)a]));
    }

    /// <summary>The router ordinal whose loopback <paramref name="prefix"/> is, or -1 when it is none.</summary>
    public static int OrdinalOf(Prefix prefix)
    {
        if (!prefix.IsIPv4 || prefix.Length != 32) return -1;
        // Looked up for every hop of every walk: read the bits, never build an IPAddress.
        var a = (uint)(prefix.Bits >> 96);
        if (a >> 24 != 10 || a == Base || a == (Base | 0xFFFFFF)) return -1;
        return (int)(a - Base - 1);
    }
}
