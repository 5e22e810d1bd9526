namespace BackboneSim.Model.DataPlane;

/// <summary>A change offered to a <see cref="Rib"/>: a source's route to a prefix, or its withdrawal.</summary>
public abstract record RibUpdate
{
    public sealed record Announce(RibRoute Route) : RibUpdate;
    public sealed record Withdraw(Prefix Prefix, RouteSource Source) : RibUpdate;
}

/// <summary>
/// A router's RIB: per prefix, at most one candidate route from each source, and the best of them, which is what the
/// FIB is programmed with. Best is the lowest administrative distance, then the lowest metric, then the lower
/// <see cref="RouteSource"/> (only sources configured to the same distance tie; zebra, like Cisco's RIB, installs one
/// source's route per prefix and never balances across protocols). Its next hops are the winning route's equal-cost
/// set, the first <see cref="MaxPaths"/> in <see cref="NextHop"/> order (FRR's ECMP limit, <c>zebra -e</c>, and
/// vendors' <c>maximum-paths</c> cap the set the same way; which ones a real router keeps depends on its
/// implementation, the model keeps the lowest).
/// </summary>
/// <remarks>
/// Every update returns a <see cref="RibDiff"/>: the prefixes whose best route (source, distance, metric or capped
/// next hops) changed, comparing before and after the whole update, so a batch that withdraws and re-announces the
/// same route changes nothing.
/// </remarks>
public sealed class Rib
{
    private sealed class Candidates
    {
        public readonly SortedDictionary<RouteSource, RibRoute> BySource = new();
        public RibRoute? Best;
    }

    private readonly PrefixTrie<Candidates> _prefixes = new();

    /// <param name="maxPaths">The most next hops a best route keeps (ECMP width), at least 1.</param>
    public Rib(int maxPaths)
    {
        if (maxPaths < 1) throw new ArgumentOutOfRangeException(nameof(maxPaths), maxPaths, "at least one path");
        MaxPaths = maxPaths;
    }

    public int MaxPaths { get; }

    /// <summary>Number of prefixes with at least one candidate route.</summary>
    public int Count => _prefixes.Count;

    /// <summary>The best route to exactly <paramref name="prefix"/>, with its next hops capped; null when none.</summary>
    public RibRoute? Best(Prefix prefix) => _prefixes.TryGet(prefix, out var c) ? c.Best : null;

    /// <summary>Every source's candidate for <paramref name="prefix"/>, in <see cref="RouteSource"/> order.</summary>
    public IReadOnlyList<RibRoute> CandidatesOf(Prefix prefix) =>
        _prefixes.TryGet(prefix, out var c) ? c.BySource.Values.ToList() : [];

    /// <summary>Every prefix's best route, in <see cref="Prefix"/> order.</summary>
    public IEnumerable<RibRoute> BestRoutes() => _prefixes.Entries().Select(e => e.Value.Best!);

    public RibDiff Announce(RibRoute route) => Apply([new RibUpdate.Announce(route)]);

    public RibDiff Withdraw(Prefix prefix, RouteSource source) => Apply([new RibUpdate.Withdraw(prefix, source)]);

    /// <summary>
    /// A protocol's whole new table at once (an SPF run's result): its routes are these and no others; prefixes it
    /// no longer offers are withdrawn from it.
    /// </summary>
    public RibDiff ReplaceSource(RouteSource source, IEnumerable<RibRoute> routes)
    {
        var updates = new List<RibUpdate>();
        var offered = new HashSet<Prefix>();
        foreach (var r in routes)
        {
            if (r.Source != source) throw new ArgumentException($"{r} is not from {source}", nameof(routes));
            if (!offered.Add(r.Prefix)) throw new ArgumentException($"{source} offers {r.Prefix} twice", nameof(routes));
            updates.Add(new RibUpdate.Announce(r));
        }
        foreach (var (prefix, c) in _prefixes.Entries())
            if (c.BySource.ContainsKey(source) && !offered.Contains(prefix)) updates.Add(new RibUpdate.Withdraw(prefix, source));
        return Apply(updates);
    }

    /// <summary>Applies updates in order; the diff compares each touched prefix's best route before and after all of them.</summary>
    public RibDiff Apply(IEnumerable<RibUpdate> updates)
    {
        var before = new SortedDictionary<Prefix, RibRoute?>();
        foreach (var u in updates)
        {
            var prefix = u switch { RibUpdate.Announce a => a.Route.Prefix, RibUpdate.Withdraw w => w.Prefix, _ => throw new ArgumentException(u.ToString()) };
            _prefixes.TryGet(prefix, out var c);
            before.TryAdd(prefix, c?.Best);
            switch (u)
            {
                case RibUpdate.Announce a:
                    if (c is null) _prefixes.Set(prefix, c = new Candidates());
                    c.BySource[a.Route.Source] = a.Route;
                    c.Best = Select(c);
                    break;
                case RibUpdate.Withdraw w when c is not null && c.BySource.Remove(w.Source):
                    if (c.BySource.Count == 0) _prefixes.Remove(prefix);
                    else c.Best = Select(c);
                    break;
            }
        }
        var changes = new List<RibChange>();
        foreach (var (prefix, old) in before)
        {
            var now = Best(prefix);
            if (!Equals(old, now)) changes.Add(new RibChange(prefix, old, now));
        }
        return changes.Count == 0 ? RibDiff.Empty : new RibDiff(changes);
    }

    private RibRoute Select(Candidates c)
    {
        var best = c.BySource.Values.OrderBy(r => r.Distance).ThenBy(r => r.Metric).ThenBy(r => r.Source).First();
        return best.NextHops.Count <= MaxPaths ? best
            : new RibRoute(best.Prefix, best.Source, best.NextHops.Take(MaxPaths), best.Metric, best.Distance);
    }
}
