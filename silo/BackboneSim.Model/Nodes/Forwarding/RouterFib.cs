using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// One router's forwarding hardware: the loopback routes programmed into its FIB (per router ordinal, the next hops),
/// the data-center prefix entries resolved over them (per site, the routers to send to: a hierarchical FIB),
/// whether they are stale (fail-static after its control plane died) and whether the router forwards at all (dark:
/// crashed or without power). It changes only by what the hardware does: programmed batches, local repair when a line
/// card loses signal, the stale mark and the flush (<see cref="Fib"/> has the same rules for a prefix-keyed table).
/// </summary>
public sealed class RouterFib : IForwardingTable
{
    private readonly int _ordinal;
    private readonly Func<int, NextHop[]?> _startRoute;
    private readonly Func<NextHopTable> _startTable;
    /// <summary>The entries by router ordinal; null while the router still forwards by the routes the run started with,
    /// which are then looked up per destination (<see cref="StartRoutes"/>), so a router traffic only crosses holds no
    /// table of its own.</summary>
    private NextHopTable? _table;
    private readonly Dictionary<int, FibEntry> _entries = new();
    private readonly Func<int, int[]> _startSite;
    /// <summary>The data-center prefix entries by site index: the routers traffic to the site's prefix is sent to, over
    /// their loopback entries (recursive; <see cref="DataCenterPrefixes"/>); null while the start entries hold.</summary>
    private int[][]? _sites;
    private readonly int _siteCount;

    /// <param name="ordinal">The router's ordinal.</param>
    /// <param name="startRoute">The start route towards a router ordinal (null: none).</param>
    /// <param name="startTable">The whole start table, built the first time anything changes it.</param>
    /// <param name="startSite">The start entry for a data-center prefix, by site index.</param>
    /// <param name="siteCount">How many data-center prefixes there are.</param>
    public RouterFib(int node, int ordinal, Func<int, NextHop[]?> startRoute, Func<NextHopTable> startTable, Func<int, int[]>? startSite = null, int siteCount = 0)
    {
        (Node, _ordinal, _startRoute, _startTable) = (node, ordinal, startRoute, startTable);
        (_startSite, _siteCount) = (startSite ?? (_ => []), siteCount);
    }

    /// <param name="start">The converged routes the run starts with, by router ordinal.</param>
    public RouterFib(int node, SpfTree start) : this(node, -1, _ => null, start.FirstHopTable) => _table = _startTable();

    /// <summary>The routers traffic to data-center site <paramref name="site"/>'s prefix is sent to (empty: no route, or
    /// the router forwards nothing).</summary>
    public int[] SiteRoute(int site) => Dark || site < 0 || site >= _siteCount ? [] : _sites is null ? StartSite(site) : _sites[site];

    /// <summary>The start entries looked up so far (the walks ask for them at every step until the table is written out).</summary>
    private int[]?[]? _startSites;

    private int[] StartSite(int site) => (_startSites ??= new int[]?[_siteCount])[site] ??= _startSite(site);

    private int[][] Sites() => _sites ??= Enumerable.Range(0, _siteCount).Select(StartSite).ToArray();

    public int Node { get; }
    /// <summary>Entries kept by fail-static since the control plane died, not yet reprogrammed.</summary>
    public bool Stale { get; private set; }
    /// <summary>Crashed or without power: forwards nothing.</summary>
    public bool Dark { get; private set; }
    /// <summary>The control-plane life whose batches are programmed; earlier lives' batches are dropped.</summary>
    public int Epoch { get; private set; }
    /// <summary>Entries held: loopback routes and data-center prefixes with a route.</summary>
    public int Count => Table().Count + (_sites is null ? Enumerable.Range(0, _siteCount).Count(s => StartSite(s).Length > 0) : _sites.Count(h => h.Length > 0));

    public FibEntry? Lookup(Prefix destination)
    {
        if (Dark) return null;
        var o = Loopbacks.OrdinalOf(destination);
        if (o < 0 || o == _ordinal) return null;
        if (_entries.TryGetValue(o, out var known)) return known;
        if (_table is not null && o >= _table.Length) return null;
        if ((_table is null ? _startRoute(o) : _table[o]) is not { } hops) return null;
        return _entries[o] = new FibEntry(destination, hops, Stale);
    }

    /// <summary>The next hops towards router ordinal <paramref name="ordinal"/>; empty when there is no entry.</summary>
    public IReadOnlyList<NextHop> NextHopsTo(int ordinal) => (_table is null ? ordinal == _ordinal ? null : _startRoute(ordinal) : _table[ordinal]) ?? [];

    /// <summary>The table to change: the start routes written out the first time.</summary>
    private NextHopTable Table() => _table ??= _startTable();

    /// <summary>Programs a batch; returns the entries it changed, or -1 when it belongs to a control-plane life that ended.</summary>
    public int Program(FibUpdate batch)
    {
        if (batch.Epoch != Epoch || Dark) return -1;
        // The control plane's first batch brings the start table it diffed against (a copy: this one changes).
        if (_table is null && batch.StartTable is { } start) _table = start.Clone();
        var table = Table();
        var changed = 0;
        for (var k = 0; k < batch.Ordinals.Length; k++)
        {
            var o = batch.Ordinals[k];
            var hops = batch.HopsAt(k);
            if (NextHop.SameSet(table[o], hops) && !Stale) continue;
            table[o] = hops;
            changed++;
        }
        if (_sites is null && batch.StartSites is { } startSites) _sites = startSites.ToArray();
        if (batch.Sites.Length > 0)
        {
            var sites = Sites();
            for (var k = 0; k < batch.Sites.Length; k++)
            {
                var s = batch.Sites[k];
                if (DataCenterPrefixes.Same(sites[s], batch.SiteHops[k]) && !Stale) continue;
                sites[s] = batch.SiteHops[k];
                changed++;
            }
        }
        if (batch.Full) Stale = false;
        _entries.Clear();
        return changed;
    }

    /// <summary>Local repair: every entry drops its next hops through <paramref name="link"/> (an entry left with none
    /// is removed). Returns the entries changed.</summary>
    public int LocalRepair(int link)
    {
        var changed = Table().RemoveInterface(link);
        if (changed > 0) _entries.Clear();
        return changed;
    }

    /// <summary>The control plane died: entries stay and go stale; batches of the life that ended are dropped.</summary>
    public int GoStale(int epoch)
    {
        Epoch = epoch;
        Stale = true;
        _entries.Clear();
        return Count;
    }

    /// <summary>The control plane is back, in life <paramref name="epoch"/>.</summary>
    public void ControlPlaneBack(int epoch) => Epoch = epoch;

    /// <summary>Removes every entry (the fail-static time ran out, or the router went dark); returns how many there were.</summary>
    public int Flush()
    {
        var n = Count;
        Table().Clear();
        _sites = Enumerable.Range(0, _siteCount).Select(_ => Array.Empty<int>()).ToArray();
        _entries.Clear();
        Stale = false;
        return n;
    }

    /// <summary>The router went dark (<paramref name="dark"/>) or got power back, in life <paramref name="epoch"/>.</summary>
    public int SetDark(bool dark, int epoch)
    {
        Epoch = epoch;
        if (Dark == dark) return 0;
        Dark = dark;
        return dark ? Flush() : 0;
    }
}
