namespace BackboneSim.Model.Nodes;

/// <summary>
/// Where the operator's traffic to the Internet's aggregates (<see cref="Topology.InternetAggregates"/>) leaves its
/// network: BGP's choice among the eBGP sessions on which the neighbouring AS offers the aggregate. Each external AS
/// offers an aggregate to an operator router as its export rule lets its best route go there (a transit provider
/// everything, a peer its customers' routes: <see cref="BgpPolicy.Exports"/>), while their session is up
/// (<see cref="AsExitOffer"/>); the router takes it if the session's import filter accepts its class (<c>internet</c>
/// from a transit provider, <c>as&lt;N&gt;</c> or <c>peers</c> from a peer). Every router picks among all such exits
/// as RFC 4271 §9.1.2.2 ranks them: the highest local preference (the session's <c>local_pref</c>: peers 100 over
/// transit 50 by default), the shortest AS path, the lowest IGP cost to the exit router (hot potato), then the lowest
/// router and AS as tie-breaks. An exit router that is dark, or that the router's FIB does not reach, is no exit.
/// </summary>
/// <remarks>
/// The model has every router see every exit, as a full iBGP mesh (or route reflectors with add-path) would; the
/// aggregates are few, so carrying them in iBGP costs nothing worth counting. Import filters are those of the base
/// configuration: a push that changes a session's filter changes what the router counts (max-prefix, memory), not
/// these exits.
/// </remarks>
public sealed class InternetExits
{
    /// <summary>One eBGP session as the exits see it: its router and AS, its local preference, and the aggregates its
    /// import filter accepts.</summary>
    public sealed record Session(int Router, int As, int LocalPref, IReadOnlySet<string> Accepts);

    private readonly Session[] _sessions;
    private readonly Dictionary<(string Prefix, int Router, int As), int> _offered = new();

    /// <param name="offers">What each AS offers at the start: (aggregate, router, AS, AS path length).</param>
    public InternetExits(IEnumerable<Session> sessions, IEnumerable<(string Prefix, int Router, int As, int PathLength)> offers)
    {
        _sessions = sessions.OrderBy(s => s.Router).ThenBy(s => s.As).ToArray();
        foreach (var (prefix, router, asNode, length) in offers) _offered[(prefix, router, asNode)] = length;
    }

    /// <summary>An AS now offers the aggregate to the router with an AS path of this length (-1: it offers none).</summary>
    public void Offer(string prefix, int router, int asNode, int pathLength)
    {
        if (pathLength < 0) _offered.Remove((prefix, router, asNode)); else _offered[(prefix, router, asNode)] = pathLength;
    }

    /// <summary>The session a router's traffic to an aggregate leaves by, or null when it has no route.</summary>
    /// <param name="usable">Whether traffic from <paramref name="from"/> can leave at that exit router (not dark, reached).</param>
    /// <param name="igpCost">The IGP cost from <paramref name="from"/> to an exit router.</param>
    public Session? Exit(int from, string prefix, Func<int, bool> usable, Func<int, double> igpCost)
    {
        Session? best = null;
        var (bestPref, bestLength, bestCost) = (int.MinValue, int.MaxValue, double.MaxValue);
        foreach (var s in _sessions)
        {
            if (!_offered.TryGetValue((prefix, s.Router, s.As), out var length) || !s.Accepts.Contains(prefix) || !usable(s.Router)) continue;
            var cost = s.Router == from ? 0 : igpCost(s.Router);
            // Sessions are in router, then AS order: a later one wins only when strictly better.
            if (best is null || s.LocalPref > bestPref
                || (s.LocalPref == bestPref && (length < bestLength || (length == bestLength && cost < bestCost))))
                (best, bestPref, bestLength, bestCost) = (s, s.LocalPref, length, cost);
        }
        return best;
    }
}
