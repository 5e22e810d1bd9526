using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Topology;

/// <summary>
/// The Internet's own destinations: aggregate prefixes each external AS originates, enough to carry traffic to and from
/// every user cohort (traffic goes to a cohort's users at its AS's first aggregate). A topology may list an AS's
/// aggregates (<c>prefixes:</c>); an AS that lists none and has users gets one numbered here. The full table's size
/// stays a count (<c>full_table_routes</c>, <c>routes_per_as</c>) for what acts on counts: max-prefix limits and
/// control-plane memory.
/// </summary>
/// <remarks>
/// Numbered aggregates are /24s out of 100.64.0.0/10 (RFC 6598's shared address space: never routed on the public
/// Internet, so they cannot be mistaken for a real network's space, and they stay clear of the loopbacks in 10.0.0.0/8
/// and the data-center prefixes in 172.16.0.0/12), given in AS order, skipping any that overlaps a prefix the topology
/// lists. 16,384 of them, more than <c>TopologyLoader.MaxAses</c>.
/// </remarks>
public static class InternetAggregates
{
    private static readonly Prefix Space = Prefix.Parse("100.64.0.0/10");
    private const int Length = 24;

    /// <summary>The ASes with their aggregates: those listed kept, one numbered for each AS that lists none and has users.</summary>
    /// <param name="usersIn">AS nodes where client cohorts live.</param>
    /// <param name="taken">Prefixes the topology uses otherwise (the operator's): numbered ones stay clear of them.</param>
    public static List<ExternalAsSpec> Assign(IReadOnlyList<ExternalAsSpec> ases, ISet<int> usersIn, IEnumerable<string> taken)
    {
        var listed = new List<Prefix>();
        foreach (var text in ases.SelectMany(a => a.Prefixes).Concat(taken))
            if (Prefix.TryParse(text, out var p, out _)) listed.Add(p);
        var next = 0;
        var result = new List<ExternalAsSpec>(ases.Count);
        foreach (var a in ases)
        {
            if (a.Prefixes.Count > 0 || !usersIn.Contains(a.Node)) { result.Add(a); continue; }
            Prefix candidate;
            do candidate = Numbered(next++);
            while (listed.Any(p => p.Contains(candidate) || candidate.Contains(p)));
            result.Add(a with { Prefixes = [candidate.ToString()] });
        }
        return result;
    }

    /// <summary>The <paramref name="index"/>-th /24 of 100.64.0.0/10.</summary>
    public static Prefix Numbered(int index)
    {
        if (index < 0 || index >= 1 << (Length - Space.Length))
            throw new ArgumentOutOfRangeException(nameof(index), $"100.64.0.0/10 holds {1 << (Length - Space.Length):N0} aggregates of /{Length}; index {index} is past them");
        var host = (uint)(0x64400000 + (index << (32 - Length)));
        return Prefix.Of(new System.Net.IPAddress([(byte)(host >> 24), (byte)(host >> 16), (byte)(host >> 8), (byte)host]), Length);
    }
}
