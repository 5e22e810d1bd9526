namespace BackboneSim.Model.Nodes;

/// <summary>Data centers as the link-state database shows them: which is nearest, and which routers front it.</summary>
public static class DataCenters
{
    /// <summary>The nearest data center by <paramref name="dist"/> (ties: the first router in order), or null.</summary>
    public static (string? DataCenter, double Distance) Nearest(IReadOnlyList<Lsa?> lsdb, double[] dist)
    {
        string? nearest = null;
        var best = double.PositiveInfinity;
        for (var i = 0; i < dist.Length; i++)
            if (lsdb[i]?.DataCenter is { } dc && dist[i] < best) { best = dist[i]; nearest = dc; }
        return (nearest, best);
    }

    /// <summary>How far the nearest router of <paramref name="dataCenter"/> is by <paramref name="dist"/> (infinite: unreachable).</summary>
    public static double DistanceTo(IReadOnlyList<Lsa?> lsdb, double[] dist, string dataCenter)
    {
        var best = double.PositiveInfinity;
        for (var i = 0; i < dist.Length; i++)
            if (lsdb[i]?.DataCenter == dataCenter && dist[i] < best) best = dist[i];
        return best;
    }

    /// <summary>The routers (by ordinal) fronting <paramref name="dataCenter"/> at the nearest distance.</summary>
    public static HashSet<int> RoutersOf(IReadOnlyList<Lsa?> lsdb, double[] dist, string dataCenter, double best)
    {
        var destinations = new HashSet<int>();
        for (var i = 0; i < dist.Length; i++)
            if (lsdb[i]?.DataCenter == dataCenter && Math.Abs(dist[i] - best) < 1e-9) destinations.Add(i);
        return destinations;
    }
}
