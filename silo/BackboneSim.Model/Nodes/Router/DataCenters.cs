namespace BackboneSim.Model.Nodes;

/// <summary>Data centers as the link-state database shows them: which is nearest.</summary>
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
}
