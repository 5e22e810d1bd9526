namespace BackboneSim.Bench.GroundTruth;

/// <summary>An UPDATE about a prefix received by an external AS from a neighbour (an AS or a PoP).</summary>
public sealed record UpdateSeen(long Ms, string At, string From, string Prefix, bool Withdraw);

/// <summary>
/// What one side (real daemons or simulator) did, in milliseconds after the epoch, in the same terms for both: the
/// figures are computed from this by one piece of code (<see cref="Figures"/>), so they mean the same on both sides.
/// </summary>
public sealed class Observations
{
    /// <summary>Health-check verdicts (the simulator's dns.withdraw / dns.announce), per PoP edge router.</summary>
    public List<(long Ms, string Pop, bool Withdraw)> Verdicts { get; } = new();
    /// <summary>The PoP's bgpd sending the DNS prefix's withdrawal or announcement (bgp.origin_*).</summary>
    public List<(long Ms, string Pop, bool Withdraw)> OriginSent { get; } = new();
    public List<UpdateSeen> Updates { get; } = new();
    /// <summary>Whether the farthest AS has a route for a prefix, at each change (bgp.route_lost / route_learned).</summary>
    public List<(long Ms, string Prefix, bool Present)> FarRoute { get; } = new();
    /// <summary>Whether a PoP's edge router has a route to the data center's border router (the IGP's result that its
    /// health check sees; the simulator's igp.dc_reachability).</summary>
    public List<(long Ms, string Pop, bool Present)> PopRoute { get; } = new();
    /// <summary>An IGP adjacency becoming full, by the simulator's link name.</summary>
    public List<(long Ms, string Link)> AdjacencyUp { get; } = new();
    /// <summary>The resolver starting to answer SERVFAIL (false) or to answer again (true) for the name.</summary>
    public List<(long Ms, bool Answering)> Resolver { get; } = new();
    /// <summary>When the resolver's cached address record expires (the refresh grid).</summary>
    public List<long> CacheExpiries { get; } = new();
    /// <summary>Anything worth saying about how these were read (a sanity check that failed, a missing log).</summary>
    public List<string> Notes { get; } = new();

    /// <summary>Fills <see cref="FarRoute"/> from the UPDATEs the farthest AS received (real side): a neighbour's
    /// announcement gives a path, its withdrawal (or an announcement refused for a loop) takes it away.</summary>
    public void DeriveFarRoute(IEnumerable<(long Ms, string From, string Prefix, bool Usable)> received)
    {
        var held = new Dictionary<string, HashSet<string>>(); // prefix → neighbours offering it
        foreach (var (ms, from, prefix, usable) in received.OrderBy(r => r.Ms))
        {
            if (!held.TryGetValue(prefix, out var set)) held[prefix] = set = new HashSet<string>();
            var before = set.Count > 0;
            if (usable) set.Add(from); else set.Remove(from);
            if (before != set.Count > 0) FarRoute.Add((ms, prefix, set.Count > 0));
        }
    }
}
