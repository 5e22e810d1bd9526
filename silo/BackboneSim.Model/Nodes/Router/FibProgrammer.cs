using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The control plane's side of a router's FIB: after every SPF run it compares the loopback routes the run gives (the
/// first hops towards every router, <see cref="SpfTree"/>) and the data-center prefix entries resolved over them
/// (<see cref="DataCenterPrefixes"/>) with what it last asked for, and hands the changed entries
/// to the forwarding hardware as one batch, which is programmed after <c>fib_programming_base</c> + entries ÷
/// <c>fib_entries_per_second</c>, behind any batch still being programmed (<see cref="FibProgramming.DelayMs"/>). The
/// batch travels to the data-plane node as a message that arrives when it is programmed, so until then the router
/// forwards by its old entries: routers that finish at different times disagree, which is where transient loops come
/// from. The hardware's own reactions (local repair, fail-static) are the data plane's (<see cref="ForwardingTables"/>);
/// this part only tells it about the line cards and the control plane's life.
/// </summary>
/// <remarks>
/// Until its first change a router forwards by the converged tables the run starts from, which the data plane works
/// out itself when it first needs them, so an unchanged network costs no SPF and no message.
/// </remarks>
public sealed class FibProgrammer(RouterSpec spec, IgpDomain domain, ModelParameters parameters, IReadOnlyList<RouterInterface> initialInterfaces, int dataPlaneNode)
{
    private readonly FibProgramming _delay = new(parameters);
    /// <summary>What the control plane last asked the hardware for, by router ordinal; null until the first change
    /// (the start tables) or after the control plane restarted (its first batch is full).</summary>
    private NextHopTable? _wanted;
    private bool _restarted;
    private long _readyAt = long.MinValue;
    private int _epoch;
    /// <summary>The controller that programs the router is gone: nothing is programmed until it is back.</summary>
    private bool _frozen;

    /// <summary>Whether there is a data plane to program (a network without traffic has none).</summary>
    public bool Enabled => dataPlaneNode >= 0;

    /// <summary>The loopback routes the run starts with: SPF over the converged start database.</summary>
    public static SpfTree StartTree(IgpDomain domain, int routerNode, IReadOnlyList<RouterInterface> interfaces, int maxPaths) =>
        SpfTree.Compute(domain.InitialLsdb, domain.FirstRouterNode, domain.Ordinal(routerNode), interfaces, maxPaths);

    /// <summary>The data-center prefix entries last asked for (<see cref="DataCenterPrefixes.Entries"/>), by site; null
    /// until the first change (the start entries) or after a restart.</summary>
    private int[][]? _wantedSites;
    /// <summary>The BGP exit the prefix entries were last worked out with (-1: none).</summary>
    private int _programmedEgress = -1;

    /// <summary>Whether BGP now offers another exit than the prefix entries were last worked out with: the router must
    /// program them again, even while its IGP is as it started.</summary>
    public bool EgressChanged(int offered) => Enabled && !_frozen && offered != _programmedEgress;

    /// <summary>
    /// Hands the entries that changed to the hardware: the loopback routes an SPF run gives (<paramref name="tree"/>;
    /// null while the IGP is as it started) and the data-center prefix entries, which follow the IGP's distances and
    /// the BGP exit <paramref name="egress"/> (-1: none). A prefix entry names routers, so it changes only when they do
    /// (<see cref="DataCenterPrefixes"/>).
    /// </summary>
    public void Program(NodeContext ctx, SpfTree? tree, int egress, long cause)
    {
        if (!Enabled || _frozen) return;
        var full = _wanted is null && _restarted;
        var first = _wanted is null && !full;
        var startTree = first || tree is null && _wanted is null ? StartTree(domain, spec.Node, initialInterfaces, parameters.EcmpMaxPaths) : null;
        var before = _wanted ?? (full ? null : startTree!.FirstHopTable());
        var now = tree?.FirstHopTable() ?? _wanted ?? startTree!.FirstHopTable();
        var ordinals = new List<int>();
        for (var i = 0; i < now.Length; i++)
            if (full || !NextHop.SameSet(before![i], now[i])) ordinals.Add(i);
        var prefixes = domain.DataCenterPrefixes;
        var beforeSites = _wantedSites ?? (full ? null : prefixes.Entries(spec.Node, startTree?.Distances ?? StartDistances(), -1));
        var nowSites = prefixes.Entries(spec.Node, tree?.Distances ?? startTree?.Distances ?? StartDistances(), egress);
        var sites = new List<int>();
        for (var s = 0; s < nowSites.Length; s++)
            if (full || !DataCenterPrefixes.Same(beforeSites![s], nowSites[s])) sites.Add(s);
        _wanted = now;
        _wantedSites = nowSites;
        _programmedEgress = egress;
        _restarted = false;
        if (ordinals.Count == 0 && sites.Count == 0) return;
        var start = Math.Max(ctx.Now, _readyAt);
        _readyAt = start + _delay.DelayMs(ordinals.Count + sites.Count);
        ctx.Send(dataPlaneNode, Math.Max(ctx.Lookahead, _readyAt - ctx.Now), new FibUpdate
        {
            Epoch = _epoch, Ordinals = [.. ordinals], SetNumbers = ordinals.Select(o => now.Index[o]).ToArray(), Sets = [.. now.Sets], Full = full,
            DelayMs = _readyAt - ctx.Now,
            StartTable = first ? before : null,
            Sites = [.. sites], SiteHops = sites.Select(x => nowSites[x]).ToArray(), StartSites = first ? beforeSites : null,
        }, cause);
    }

    /// <summary>The router's IGP distances as the run starts (only needed when nothing has been programmed yet).</summary>
    private double[] StartDistances() => StartTree(domain, spec.Node, initialInterfaces, parameters.EcmpMaxPaths).Distances;

    /// <summary>Links whose line card last told the hardware it had no signal.</summary>
    private readonly HashSet<int> _dark = new();
    /// <summary>Links whose ingress data filter the hardware last heard of.</summary>
    private readonly HashSet<int> _filtered = new();

    /// <summary>Tells the hardware of every line card that lost or regained signal, and of every data filter put on or
    /// taken off, since it last heard: it acts at once, whatever the control plane does. Called after every message; a
    /// router that is dark has no line cards running.</summary>
    public void SyncLineCards(NodeContext ctx, IReadOnlyList<RouterInterface> interfaces, bool routerDark, long cause)
    {
        // Indexed loops: this runs on every step of every router, and foreach over the interface would box an
        // enumerator each time.
        if (!Enabled || routerDark) { for (var k = 0; k < interfaces.Count; k++) interfaces[k].ChangeCause = 0; return; }
        for (var k = 0; k < interfaces.Count; k++)
        {
            var iface = interfaces[k];
            if (iface.LightUp == !_dark.Contains(iface.Link)) continue;
            if (iface.LightUp) _dark.Remove(iface.Link); else _dark.Add(iface.Link);
            ctx.Send(dataPlaneNode, ctx.Lookahead, new LineCardSignal { Link = iface.Link, Up = iface.LightUp }, iface.ChangeCause != 0 ? iface.ChangeCause : cause);
        }
        for (var k = 0; k < interfaces.Count; k++)
        {
            var iface = interfaces[k];
            if (iface.DenyData == _filtered.Contains(iface.Link)) continue;
            if (iface.DenyData) _filtered.Add(iface.Link); else _filtered.Remove(iface.Link);
            ctx.Send(dataPlaneNode, ctx.Lookahead, new DataFilter { Link = iface.Link, DenyData = iface.DenyData }, iface.ChangeCause != 0 ? iface.ChangeCause : cause);
        }
        for (var k = 0; k < interfaces.Count; k++) interfaces[k].ChangeCause = 0;
    }

    /// <summary>The control plane stopped (<paramref name="dark"/>: with the whole router). Batches not yet programmed
    /// are lost with it; what is programmed stays (fail-static) unless the router went dark.</summary>
    public void ControlPlaneDown(NodeContext ctx, bool dark, long cause)
    {
        if (!Enabled) return;
        _epoch++;
        (_wanted, _wantedSites, _restarted, _readyAt, _programmedEgress) = (null, null, true, long.MinValue, -1);
        ctx.Send(dataPlaneNode, ctx.Lookahead, new ForwardingControl { ControlPlaneAlive = false, Dark = dark, Epoch = _epoch }, cause);
    }

    /// <summary>The control plane is back: the flush is called off; its first SPF run reprograms the whole table. A
    /// rebooted router starts without a controller's frozen state.</summary>
    public void ControlPlaneUp(NodeContext ctx, long cause)
    {
        _frozen = false;
        if (Enabled) ctx.Send(dataPlaneNode, ctx.Lookahead, new ForwardingControl { ControlPlaneAlive = true, Epoch = _epoch }, cause);
    }

    /// <summary>The controller that programs the router is gone: the hardware keeps what it has, marked stale, and
    /// hears nothing more until <see cref="Thaw"/> (batches not yet programmed are lost, as with a dead control plane).</summary>
    public void Freeze(NodeContext ctx, long cause)
    {
        if (!Enabled || _frozen) return;
        _frozen = true;
        _epoch++;
        (_wanted, _wantedSites, _restarted, _readyAt, _programmedEgress) = (null, null, true, long.MinValue, -1);
        ctx.Send(dataPlaneNode, ctx.Lookahead, new ForwardingControl { Frozen = true, Epoch = _epoch }, cause);
    }

    /// <summary>The controller is back: the next SPF run reprograms the whole table, which clears the stale mark.</summary>
    public bool Thaw(NodeContext ctx, long cause)
    {
        if (!Enabled || !_frozen) return false;
        _frozen = false;
        ctx.Send(dataPlaneNode, ctx.Lookahead, new ForwardingControl { ControlPlaneAlive = true, Epoch = _epoch }, cause);
        return true;
    }

}
