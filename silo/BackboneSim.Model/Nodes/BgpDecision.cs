namespace BackboneSim.Model.Nodes;

/// <summary>
/// The best-path rule shared by the live protocol and the steady state it starts from: shortest AS path, then the
/// lowest neighbour node index (a stand-in for the lowest router id).
/// </summary>
public static class BgpDecision
{
    public static (int From, long[] Path)? Best(SortedDictionary<int, long[]> candidates)
    {
        (int From, long[] Path)? best = null;
        foreach (var (from, path) in candidates)
            if (best is null || path.Length < best.Value.Path.Length) best = (from, path);
        return best;
    }

    /// <summary>What <paramref name="speakerAsn"/> advertises for its best path; null when it has none.</summary>
    public static long[]? Advertised(long speakerAsn, (int From, long[] Path)? best)
        => best is { } b ? [speakerAsn, .. b.Path] : null;
}
