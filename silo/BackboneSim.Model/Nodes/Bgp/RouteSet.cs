namespace BackboneSim.Model.Nodes;

/// <summary>
/// One route class as a session carries it: how many routes, their local preference (carried inside the operator's
/// network) and the router they lead to (the iBGP next hop: the router that brought them in; -1 outside).
/// </summary>
public readonly record struct RouteClass(long Count, int LocalPref, int NextHop)
{
    /// <summary>The BGP order between two copies of the same routes: higher local preference, then more routes,
    /// then the lower next hop (a stand-in for the lower router id), so every run picks the same one.</summary>
    public bool BetterThan(RouteClass other)
        => LocalPref != other.LocalPref ? LocalPref > other.LocalPref : Count != other.Count ? Count > other.Count : NextHop < other.NextHop;
}

/// <summary>
/// Routes as counts per route class (see <see cref="Topology.BgpPolicySpec"/>): what a session carries. Sorted so
/// every message and event built from one is the same on every run.
/// </summary>
public sealed class RouteSet
{
    private readonly SortedDictionary<string, RouteClass> _classes = new(StringComparer.Ordinal);

    public static RouteSet Empty => new();

    public IEnumerable<KeyValuePair<string, RouteClass>> Entries => _classes;
    public IEnumerable<(string Class, long Count)> Classes => _classes.Select(kv => (kv.Key, kv.Value.Count));
    private long _total;

    public long Total => _total;
    public bool IsEmpty => _classes.Count == 0;
    public RouteClass? Get(string cls) => _classes.TryGetValue(cls, out var c) ? c : null;

    /// <summary>Adds a class, keeping the better copy when it is there already: the same routes from two sessions
    /// are one set of prefixes, not two.</summary>
    public void Union(string cls, long count, int localPref = BgpPolicy.DefaultLocalPref, int nextHop = -1)
        => Union(cls, new RouteClass(count, localPref, nextHop));

    public void Union(string cls, RouteClass route)
    {
        if (route.Count <= 0) return;
        if (_classes.TryGetValue(cls, out var before) && !route.BetterThan(before)) return;
        _classes[cls] = route;
        _total += route.Count - before.Count;
    }

    public RouteSet Where(Func<string, bool> keep)
    {
        var result = new RouteSet();
        foreach (var (cls, c) in _classes) if (keep(cls)) result.Union(cls, c);
        return result;
    }

    /// <summary>The same classes with their local preference set to <paramref name="localPref"/> and no next hop:
    /// what an eBGP session's import policy makes of what the neighbour sent.</summary>
    public RouteSet Imported(Func<string, bool> keep, int localPref)
    {
        var result = new RouteSet();
        foreach (var (cls, c) in _classes) if (keep(cls)) result.Union(cls, c with { LocalPref = localPref, NextHop = -1 });
        return result;
    }

    public bool SameAs(RouteSet other) => _classes.Count == other._classes.Count && _classes.All(kv => other._classes.TryGetValue(kv.Key, out var c) && c == kv.Value);

    public RouteVolume ToMessage() => new()
    {
        Classes = _classes.Keys.ToArray(), Counts = _classes.Values.Select(c => c.Count).ToArray(),
        LocalPrefs = _classes.Values.Select(c => c.LocalPref).ToArray(), NextHops = _classes.Values.Select(c => c.NextHop).ToArray(),
    };

    public static RouteSet From(RouteVolume message)
    {
        var set = new RouteSet();
        for (var i = 0; i < message.Classes.Length && i < message.Counts.Length; i++)
            set.Union(message.Classes[i], message.Counts[i], i < message.LocalPrefs.Length ? message.LocalPrefs[i] : BgpPolicy.DefaultLocalPref,
                i < message.NextHops.Length ? message.NextHops[i] : -1);
        return set;
    }

    public override string ToString() => string.Join(", ", _classes.Select(kv => $"{kv.Key} {kv.Value.Count:N0}"));
}

/// <summary>A route filter of a session's policy: which route classes (or operator prefixes) it lets through.</summary>
public static class RouteFilter
{
    public const string Operator = "operator", Internet = "internet", Peers = "peers", Servers = "servers", Any = "*";

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
