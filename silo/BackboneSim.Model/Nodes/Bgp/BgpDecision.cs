namespace BackboneSim.Model.Nodes;

/// <summary>
/// The best-path rule shared by the live protocol and the steady state it starts from: highest local preference
/// (from the neighbour's relationship), then shortest AS path, then the lowest neighbour node index (a stand-in for
/// the lowest router id).
/// </summary>
public static class BgpDecision
{
    public static (int From, long[] Path)? Best(SortedDictionary<int, long[]> candidates, Func<int, BgpRelation> relationOf)
    {
        (int From, long[] Path)? best = null;
        var bestPref = int.MinValue;
        foreach (var (from, path) in candidates)
        {
            var pref = BgpPolicy.LocalPreference(relationOf(from));
            if (best is null || pref > bestPref || (pref == bestPref && path.Length < best.Value.Path.Length))
                (best, bestPref) = ((from, path), pref);
        }
        return best;
    }

    /// <summary>
    /// What <paramref name="speakerAsn"/> advertises to a neighbour of relation <paramref name="to"/> for its best
    /// path; null when it has none or policy keeps it from that neighbour. A route server passes paths unchanged.
    /// </summary>
    public static long[]? Advertised(long speakerAsn, (int From, long[] Path)? best, Func<int, BgpRelation> relationOf, BgpRelation to, bool routeServer)
    {
        if (best is not { } b || !BgpPolicy.Exports(relationOf(b.From), to, routeServer)) return null;
        return routeServer ? b.Path : [speakerAsn, .. b.Path];
    }
}
