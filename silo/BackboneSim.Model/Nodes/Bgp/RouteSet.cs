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
/// <remarks>
/// Two parallel lists in ordinal key order, found by binary search: sets are built on every export in key order
/// (so an insertion is an append), and are small. A sorted tree allocated a node per class and a stack per walk.
/// </remarks>
public sealed class RouteSet
{
    private readonly List<string> _classes = new();
    private readonly List<RouteClass> _routes = new();
    private long _total;

    public static RouteSet Empty => new();

    public IEnumerable<KeyValuePair<string, RouteClass>> Entries
    {
        get
        {
            for (var i = 0; i < _classes.Count; i++) yield return new(_classes[i], _routes[i]);
        }
    }

    public IEnumerable<(string Class, long Count)> Classes => Entries.Select(kv => (kv.Key, kv.Value.Count));

    public long Total => _total;
    public bool IsEmpty => _classes.Count == 0;
    public RouteClass? Get(string cls) => IndexOf(cls) is >= 0 and var i ? _routes[i] : null;

    private int IndexOf(string cls) => _classes.BinarySearch(cls, StringComparer.Ordinal);

    /// <summary>Adds a class, keeping the better copy when it is there already: the same routes from two sessions
    /// are one set of prefixes, not two.</summary>
    public void Union(string cls, long count, int localPref = BgpPolicy.DefaultLocalPref, int nextHop = -1)
        => Union(cls, new RouteClass(count, localPref, nextHop));

    public void Union(string cls, RouteClass route)
    {
        if (route.Count <= 0) return;
        // Most sets are built in key order: check the end before searching.
        var at = _classes.Count == 0 || string.CompareOrdinal(_classes[^1], cls) < 0 ? ~_classes.Count : IndexOf(cls);
        if (at >= 0)
        {
            var before = _routes[at];
            if (!route.BetterThan(before)) return;
            _routes[at] = route;
            _total += route.Count - before.Count;
            return;
        }
        _classes.Insert(~at, cls);
        _routes.Insert(~at, route);
        _total += route.Count;
    }

    public RouteSet Where(Func<string, bool> keep)
    {
        var result = new RouteSet();
        for (var i = 0; i < _classes.Count; i++) if (keep(_classes[i])) result.Union(_classes[i], _routes[i]);
        return result;
    }

    /// <summary>The same classes with their local preference set to <paramref name="localPref"/> and no next hop:
    /// what an eBGP session's import policy makes of what the neighbour sent.</summary>
    public RouteSet Imported(Func<string, bool> keep, int localPref)
    {
        var result = new RouteSet();
        for (var i = 0; i < _classes.Count; i++)
            if (keep(_classes[i])) result.Union(_classes[i], _routes[i] with { LocalPref = localPref, NextHop = -1 });
        return result;
    }

    public bool SameAs(RouteSet other)
    {
        if (_classes.Count != other._classes.Count) return false;
        for (var i = 0; i < _classes.Count; i++)
            if (!string.Equals(_classes[i], other._classes[i], StringComparison.Ordinal) || _routes[i] != other._routes[i]) return false;
        return true;
    }

    public RouteVolume ToMessage() => new()
    {
        Classes = _classes.ToArray(), Counts = _routes.Select(c => c.Count).ToArray(),
        LocalPrefs = _routes.Select(c => c.LocalPref).ToArray(), NextHops = _routes.Select(c => c.NextHop).ToArray(),
    };

    public static RouteSet From(RouteVolume message)
    {
        var set = new RouteSet();
        for (var i = 0; i < message.Classes.Length && i < message.Counts.Length; i++)
            set.Union(message.Classes[i], message.Counts[i], i < message.LocalPrefs.Length ? message.LocalPrefs[i] : BgpPolicy.DefaultLocalPref,
                i < message.NextHops.Length ? message.NextHops[i] : -1);
        return set;
    }

    public override string ToString() => string.Join(", ", Entries.Select(kv => $"{kv.Key} {kv.Value.Count:N0}"));
}

/// <summary>A route filter of a session's policy: which route classes (or operator prefixes) it lets through.</summary>
public static class RouteFilter
{
    public const string Operator = "operator", Internet = "internet", Peers = "peers", Servers = "servers", Any = "*";

    /// <summary>The class of one external AS's own routes.</summary>
    public static string AsClass(long asn) => $"as{asn}";

    public static bool AllowsClass(IReadOnlyList<string> filter, string cls)
    {
        for (var k = 0; k < filter.Count; k++) // indexed: asked for every class on every export, no enumerator each time
        {
            var entry = filter[k];
            if (entry == Any || entry == cls || (entry == Peers && cls.StartsWith("as", StringComparison.Ordinal))) return true;
        }
        return false;
    }

    /// <summary>Whether one of the operator's own prefixes passes: by the "operator" class or by the prefix itself.</summary>
    public static bool AllowsPrefix(IReadOnlyList<string> filter, string prefix)
        => filter.Any(e => e == Any || e == Operator || e == prefix);
}
