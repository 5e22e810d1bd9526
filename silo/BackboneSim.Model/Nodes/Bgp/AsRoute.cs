namespace BackboneSim.Model.Nodes;

/// <summary>
/// A route as an external AS holds it: the AS path (nearest AS first; empty for its own), the communities it carries,
/// and the local preference its import policy set (0: the one its relationship gives, <see cref="BgpPolicy.LocalPreference"/>).
/// </summary>
public sealed record AsRoute(long[] Path, string[] Communities, int LocalPref = 0)
{
    /// <summary>The preference of an AS's own routes: above anything an import policy can set, as a router prefers its
    /// locally originated routes (Cisco's and FRR's weight 32768 for them).</summary>
    public const int OwnPreference = int.MaxValue;

    public static AsRoute Own(long[] path, string[]? communities = null) => new(path, communities ?? [], OwnPreference);

    /// <summary>A route with this path and no communities, as the Internet carried everything before route maps.</summary>
    public static AsRoute Plain(long[] path) => new(path, []);

    public bool Equals(AsRoute? other) => other is not null && LocalPref == other.LocalPref
        && Path.AsSpan().SequenceEqual(other.Path) && Communities.AsSpan().SequenceEqual(other.Communities);

    public override int GetHashCode() => HashCode.Combine(Path.Length, Communities.Length, LocalPref);
}

/// <summary>An external AS's policy on one of its sessions: route maps on what it accepts and what it sends (null:
/// accept everything; send as the relationship's export rule allows).</summary>
public sealed record AsSessionPolicy(RouteMap? Import, RouteMap? Export);
