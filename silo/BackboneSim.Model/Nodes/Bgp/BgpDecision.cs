using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The rules an external AS routes by, shared by the live protocol (<see cref="ExternalAsModel"/>) and the steady state
/// it starts from (<see cref="BgpSteadyState"/>): what it accepts from a neighbour (<see cref="Import"/>), which route
/// it picks (<see cref="Best"/>), and what it sends each neighbour (<see cref="Advertised"/>).
/// </summary>
public static class BgpDecision
{
    /// <summary>
    /// The best route: highest local preference (an import policy's, else the relationship's), then shortest AS path,
    /// then the lowest neighbour node index (a stand-in for the lowest router id).
    /// </summary>
    public static (int From, AsRoute Route)? Best(SortedDictionary<int, AsRoute> candidates, Func<int, BgpRelation> relationOf)
    {
        (int From, AsRoute Route)? best = null;
        var bestPref = int.MinValue;
        foreach (var (from, route) in candidates)
        {
            var pref = route.LocalPref > 0 ? route.LocalPref : BgpPolicy.LocalPreference(relationOf(from));
            if (best is null || pref > bestPref || (pref == bestPref && route.Path.Length < best.Value.Route.Path.Length))
                (best, bestPref) = ((from, route), pref);
        }
        return best;
    }

    /// <summary>
    /// The routes an AS chooses among for a prefix: what its neighbours sent (<paramref name="received"/>: loop-free,
    /// before import policy) as its import route maps leave them, and its own. Without import maps, the same dictionary.
    /// </summary>
    public static SortedDictionary<int, AsRoute> Held(long asn, string prefix, SortedDictionary<int, AsRoute> received, Func<int, BgpRelation> relationOf,
        Func<int, RouteMap?> importOf, int self)
    {
        if (!received.Keys.Any(n => n != self && importOf(n) is not null)) return received;
        var held = new SortedDictionary<int, AsRoute>();
        foreach (var (from, route) in received)
            if (from == self) held[from] = route;
            else if (Import(asn, prefix, route, relationOf(from), importOf(from)) is { } kept) held[from] = kept;
        return held;
    }

    /// <summary>
    /// What an AS holds of a route a neighbour sent it: nothing when the path already contains the AS (a loop) or its
    /// import route map denies it; otherwise the route with the map's sets (local preference, communities).
    /// </summary>
    public static AsRoute? Import(long asn, string prefix, AsRoute received, BgpRelation from, RouteMap? map)
    {
        if (Array.IndexOf(received.Path, asn) >= 0) return null;
        if (map is null) return received with { LocalPref = 0 };
        var seen = map.Apply(new RouteMapRoute(Prefix.Parse(prefix), received.Path, received.Communities, 0, OriginOf(from)));
        return seen is null ? null : new AsRoute(received.Path, [.. seen.Communities], seen.LocalPref);
    }

    /// <summary>
    /// What <paramref name="speakerAsn"/> sends a neighbour of relation <paramref name="to"/> for its best route; null
    /// when it has none or its policy keeps it from that neighbour. A route learned with <c>no-export</c> or
    /// <c>no-advertise</c> stays in the AS. The session's export route map, when it has one, is the whole export policy
    /// (a term matching <c>learned_from</c> keeps the relationship rule; a map that permits everything is a leak);
    /// without one the relationship rule decides (<see cref="BgpPolicy.Exports"/>). The AS's number goes in front of
    /// the path (more than once with a prepend), except at a route server, which passes paths unchanged.
    /// </summary>
    public static AsRoute? Advertised(long speakerAsn, (int From, AsRoute Route)? best, Func<int, BgpRelation> relationOf, BgpRelation to,
        bool routeServer, int self = -1, string? prefix = null, RouteMap? export = null)
    {
        if (best is not { } b) return null;
        var own = b.From == self || b.Route.LocalPref == AsRoute.OwnPreference;
        if (!own && !Communities.MayLeaveTheAs(b.Route.Communities)) return null;
        var communities = b.Route.Communities;
        var prepend = 0;
        if (export is not null && prefix is not null)
        {
            var (permit, term) = export.Evaluate(new RouteMapRoute(Prefix.Parse(prefix), b.Route.Path, communities, 0, own ? RouteOrigin.Own : OriginOf(relationOf(b.From))));
            if (!permit) return null;
            if (term is not null)
            {
                communities = [.. term.ApplySets(new RouteMapRoute(Prefix.Parse(prefix), b.Route.Path, communities)).Communities];
                prepend = term.Prepend;
            }
        }
        else if (!BgpPolicy.Exports(own ? BgpSteadyState.OwnRoute : relationOf(b.From), to, routeServer)) return null;
        if (routeServer) return new AsRoute(b.Route.Path, communities);
        var path = new long[1 + prepend + b.Route.Path.Length];
        for (var i = 0; i <= prepend; i++) path[i] = speakerAsn;
        b.Route.Path.CopyTo(path, 1 + prepend);
        return new AsRoute(path, communities);
    }

    public static RouteOrigin OriginOf(BgpRelation relation) => relation switch
    {
        BgpRelation.Customer => RouteOrigin.Customer,
        BgpRelation.Peer => RouteOrigin.Peer,
        _ => RouteOrigin.Provider,
    };
}
