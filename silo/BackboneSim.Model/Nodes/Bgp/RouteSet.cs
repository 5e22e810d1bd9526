namespace BackboneSim.Model.Nodes;

/// <summary>
/// Routes as counts per route class (see <see cref="Topology.BgpPolicySpec"/>): what a session carries. Sorted so
/// every message and event built from one is the same on every run.
/// </summary>
public sealed class RouteSet
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public static RouteSet Empty => new();

    public IEnumerable<KeyValuePair<string, long>> Classes => _counts;
    private long _total;

    public long Total => _total;
    public bool IsEmpty => _counts.Count == 0;

    /// <summary>Adds a class, keeping the larger count when it is there already: the same routes from two
    /// sessions are one set of prefixes, not two.</summary>
    public void Union(string cls, long count)
    {
        if (count <= 0) return;
        var before = _counts.GetValueOrDefault(cls);
        if (count <= before) return;
        _counts[cls] = count;
        _total += count - before;
    }

    public RouteSet Where(Func<string, bool> keep)
    {
        var result = new RouteSet();
        foreach (var (cls, n) in _counts) if (keep(cls)) result.Union(cls, n);
        return result;
    }

    public bool SameAs(RouteSet other) => _counts.Count == other._counts.Count && _counts.All(kv => other._counts.TryGetValue(kv.Key, out var n) && n == kv.Value);

    public RouteVolume ToMessage() => new() { Classes = _counts.Keys.ToArray(), Counts = _counts.Values.ToArray() };

    public static RouteSet From(RouteVolume message)
    {
        var set = new RouteSet();
        for (var i = 0; i < message.Classes.Length && i < message.Counts.Length; i++) set.Union(message.Classes[i], message.Counts[i]);
        return set;
    }

    public override string ToString() => string.Join(", ", _counts.Select(kv => $"{kv.Key} {kv.Value:N0}"));
}

/// <summary>A route filter of a session's policy: which route classes (or operator prefixes) it lets through.</summary>
public static class RouteFilter
{
    public const string Operator = "operator", Internet = "internet", Peers = "peers", Any = "*";

    /// <summary>The class of one external AS's own routes.</summary>
    public static string AsClass(long asn) => $"as{asn}";

    public static bool AllowsClass(IReadOnlyList<string> filter, string cls)
    {
        foreach (var entry in filter)
            if (entry == Any || entry == cls || (entry == Peers && cls.StartsWith("as", StringComparison.Ordinal))) return true;
        return false;
    }

    /// <summary>Whether one of the operator's own prefixes passes: by the "operator" class or by the prefix itself.</summary>
    public static bool AllowsPrefix(IReadOnlyList<string> filter, string prefix)
        => filter.Any(e => e == Any || e == Operator || e == prefix);
}
