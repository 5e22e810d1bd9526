using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// OSPF graceful restart (RFC 3623; FRR ospfd's <c>graceful-restart</c> and <c>graceful-restart helper enable</c>),
/// on when <c>igp_graceful_restart</c> (the grace period) is set: both roles, on every router.
/// <para>
/// Restarting router (§2): when its control plane comes back from a restart that left its forwarding plane running
/// (a lost control-plane job or a control-plane failure; not a crash or power loss, whose FIB went dark) it sends a
/// grace-LSA on every link whose adjacency was full when it died, before any hello: FRR's unplanned restart, the
/// grace-LSA sent as the process comes back (§2.1). Until it exits it originates no LSA of its own (§2.2 (1)) and
/// installs no route: its FIB goes on forwarding on the stale entries it had. It exits (§2.3) when every one of those
/// adjacencies is full again (<c>completed</c> if every neighbour helped throughout, else <c>topology change</c>: the
/// database exchange brought a router-LSA that no longer lists it), when the grace period runs out (<c>timed out</c>),
/// or when such a router-LSA reaches it by flooding (<c>topology change</c>, §2.2); then it flushes its grace-LSAs,
/// originates its LSA and reprograms its FIB from a fresh SPF run, which clears the stale entries. Whether a
/// neighbour's LSA lists it the helper tells it directly (<see cref="GraceHelp"/>): the model has no Loading state in
/// which it would read that LSA.
/// </para>
/// <para>
/// Helper (§3): a neighbour with a full adjacency on the link enters helper mode and keeps listing the restarting
/// router in its LSA: the restarting router's hellos that no longer list it do not bring the adjacency down (no
/// 1-WayReceived), and it answers them with its own hello, which lists the restarting router (its next steady hello:
/// a phase uniform over one <c>igp_hello_interval</c>, as <see cref="AdjacencyFormation.FarEndRestarted"/>); the
/// restarting router then reaches two-way and sends its Database Description, which tells the helper the two are
/// synchronising again. The helper stops helping when the grace-LSA is flushed (<c>completed</c>), when the grace
/// period it was given runs out (<c>timed out</c>), or, with strict LSA checking (FRR's default), as soon as an LSA
/// whose content changed enters its database (<c>topology change</c>, §3.1). If the restarting router had not yet
/// described its database when helping ends, the adjacency is dropped as it would have been (and forms again by
/// hellos).
/// </para>
/// </summary>
public sealed class OspfGracefulRestart(RouterSpec spec, IgpDomain domain, ModelParameters parameters, PhysicalLayer physical, IgpProcess igp)
{
    /// <summary>Timer: the restarting router's grace period ran out.</summary>
    public sealed record GraceTimer;
    /// <summary>Timer: the grace period a helper was given for the neighbour on a link ran out.</summary>
    public sealed record HelperTimer(int Link);
    /// <summary>Timer: a helper's hello to the restarting neighbour on a link, which lists it.</summary>
    public sealed record HelperHello(int Link);

    private sealed class Helping(long gracePeriodMs)
    {
        public long GracePeriodMs { get; } = gracePeriodMs;
        public TimerGroup Timers { get; } = new();
        /// <summary>The helper's hello answering the restarting router's is on its way.</summary>
        public bool Answered { get; set; }
        /// <summary>The restarting router reached two-way and described its database: the adjacency is being re-formed.</summary>
        public bool Synchronising { get; set; }
    }

    private readonly TimerGroup _grace = new();
    /// <summary>Links whose adjacency was full when the control plane died (null: no restart to be graceful about).</summary>
    private int[]? _preRestart;
    /// <summary>Restarting router: the links whose neighbour said it helps (and has not stopped).</summary>
    private readonly SortedSet<int> _helped = new();
    /// <summary>Restarting neighbours being helped, by link.</summary>
    private readonly SortedDictionary<int, Helping> _helping = new();

    public bool Enabled => parameters.IgpGracefulRestartMs > 0;
    /// <summary>In graceful restart as the restarting router: no LSA is originated and no route installed.</summary>
    public bool Restarting { get; private set; }
    /// <summary>Whether this router helps a restarting neighbour now (only then does strict LSA checking compare LSAs).</summary>
    public bool IsHelping => _helping.Count > 0;

    /// <summary>
    /// The control plane stopped: helping ends with it (silently: nothing is left to announce anything), and if the
    /// forwarding plane survives, the links whose adjacencies were full are remembered for the restart.
    /// </summary>
    public void ControlPlaneStopped(NodeContext ctx, bool forwardingSurvives)
    {
        foreach (var h in _helping.Values) h.Timers.CancelAll(ctx);
        _helping.Clear();
        _grace.CancelAll(ctx);
        Restarting = false;
        // A restart during a restart keeps the first restart's adjacencies to wait for.
        if (_preRestart is not null && forwardingSurvives) return;
        _preRestart = Enabled && forwardingSurvives
            ? physical.Interfaces.Where(i => i.AdjacencyUp).Select(i => i.Link).ToArray()
            : null;
    }

    /// <summary>
    /// The control plane is back (<paramref name="forwardingKept"/>: its FIB kept forwarding meanwhile). With graceful
    /// restart on and adjacencies to re-form, it enters graceful restart and sends its grace-LSAs (before any hello, so
    /// the neighbours hear them first).
    /// </summary>
    public void ControlPlaneBack(NodeContext ctx, bool forwardingKept, long cause)
    {
        var links = _preRestart;
        if (!forwardingKept || links is null || links.Length == 0) { _preRestart = null; return; }
        Restarting = true;
        _helped.Clear();
        var period = parameters.IgpGracefulRestartMs;
        var e = ctx.Emit(new IgpGracefulRestart(spec.Name, IgpGracefulRestart.Begin, null, null, null, period), cause);
        foreach (var link in links)
        {
            var iface = physical.On(link);
            if (iface.LightUp) ctx.Send(iface.Peer, OneWayMs(ctx, iface), new GraceLsa { Link = link, SentMs = ctx.Now, GracePeriodMs = period }, e);
        }
        _grace.Set(ctx, ctx.Now + period, new GraceTimer(), e);
    }

    /// <summary>
    /// An adjacency came up: once every adjacency it had is full again the restart is over: <c>completed</c> if every
    /// neighbour helped throughout; otherwise the database exchange brought a neighbour's router-LSA that no longer
    /// lists this router, which ends it as a topology change (§2.2).
    /// </summary>
    public void AdjacencyUp(NodeContext ctx, long cause)
    {
        if (!Restarting || _preRestart is null) return;
        foreach (var link in _preRestart) if (!physical.On(link).AdjacencyUp) return;
        var helped = _preRestart.All(_helped.Contains);
        Exit(ctx, helped ? IgpGracefulRestart.Completed : IgpGracefulRestart.TopologyChange, cause);
    }

    /// <summary>A neighbour's router-LSA says whether it still lists this router as fully adjacent (<see cref="GraceHelp"/>).</summary>
    public void OnGraceHelp(GraceHelp help)
    {
        if (!Restarting) return;
        if (help.Helping) _helped.Add(help.Link); else _helped.Remove(help.Link);
    }

    public void OnGraceTimer(NodeContext ctx)
    {
        if (Restarting) Exit(ctx, IgpGracefulRestart.TimedOut, ctx.CurrentCause);
    }

    /// <summary>
    /// An LSA newer than the one held arrived. A restarting router exits if a neighbour it is waiting for no longer
    /// lists it (§2.2: the helper gave up on it). A helper with strict LSA checking stops helping if the content
    /// changed (§3.1); <paramref name="before"/> is what it held.
    /// </summary>
    public void OnNewerLsa(NodeContext ctx, Lsa? before, Lsa lsa, long cause)
    {
        if (Restarting && _preRestart is not null && !lsa.Neighbors.Contains(spec.Node)
            && _preRestart.Any(link => physical.On(link).Peer == lsa.Origin))
            Exit(ctx, IgpGracefulRestart.TopologyChange, cause);
        if (IsHelping && (before is null || !SameContent(before, lsa))) TopologyChanged(ctx, cause);
    }

    /// <summary>This router originated an LSA: if a helper's own LSA changed (its own adjacency went down), that is a
    /// topology change too.</summary>
    public void OnOwnLsa(NodeContext ctx, Lsa before, Lsa lsa, long cause)
    {
        if (IsHelping && !SameContent(before, lsa)) TopologyChanged(ctx, cause);
    }

    private void Exit(NodeContext ctx, string reason, long cause)
    {
        Restarting = false;
        _grace.CancelAll(ctx);
        var e = ctx.Emit(new IgpGracefulRestart(spec.Name, IgpGracefulRestart.Exit, null, null, reason, parameters.IgpGracefulRestartMs), cause);
        foreach (var link in _preRestart!)
        {
            var iface = physical.On(link);
            if (iface.LightUp) ctx.Send(iface.Peer, OneWayMs(ctx, iface), new GraceLsaFlush { Link = link }, e);
        }
        _preRestart = null;
        // §2.3: re-originate the router-LSA, then SPF, which reprograms the whole FIB (the stale entries go with it).
        igp.ScheduleLsa(ctx, e);
    }

    // ---- helper (§3) -------------------------------------------------------------------------------------

    /// <summary>A neighbour's grace-LSA: help it if the adjacency with it is full and its grace period has not run out.</summary>
    public void OnGraceLsa(NodeContext ctx, GraceLsa grace)
    {
        var iface = physical.On(grace.Link);
        var ends = grace.SentMs + grace.GracePeriodMs;
        if (!Enabled || Restarting || !iface.AdjacencyUp || !iface.CarrierUp || ends <= ctx.Now || _helping.ContainsKey(grace.Link)) return;
        var h = new Helping(grace.GracePeriodMs);
        _helping.Add(grace.Link, h);
        var e = ctx.Emit(new IgpGracefulRestart(spec.Name, IgpGracefulRestart.Helping, domain.NameOf(iface.Peer), iface.LinkName, null, grace.GracePeriodMs),
            ctx.CurrentCause);
        h.Timers.Set(ctx, ends, new HelperTimer(grace.Link), e);
        ctx.Send(iface.Peer, OneWayMs(ctx, iface), new GraceHelp { Link = grace.Link, Helping = true }, e);
    }

    public void OnGraceLsaFlush(NodeContext ctx, GraceLsaFlush flush)
    {
        if (_helping.ContainsKey(flush.Link)) StopHelping(ctx, flush.Link, IgpGracefulRestart.Completed, ctx.CurrentCause);
    }

    public void OnHelperTimer(NodeContext ctx, HelperTimer timer)
    {
        if (_helping.ContainsKey(timer.Link)) StopHelping(ctx, timer.Link, IgpGracefulRestart.TimedOut, ctx.CurrentCause);
    }

    /// <summary>
    /// A hello (or Database Description) on a link whose neighbour is being helped; true when helping handled it. A
    /// hello that does not list this router is answered once with one that does; a Database Description says the
    /// restarting router reached two-way.
    /// </summary>
    public bool OnHello(NodeContext ctx, RouterInterface iface, IgpHello hello)
    {
        if (!_helping.TryGetValue(iface.Link, out var h)) return false;
        if (hello.DatabaseDescription) { h.Synchronising = true; return true; }
        if (hello.SeenYou || h.Answered) return true;
        h.Answered = true;
        var interval = Math.Max(1, parameters.IgpHelloIntervalMs);
        h.Timers.Set(ctx, ctx.Now + 1 + ctx.Random.NextLong(0, interval), new HelperHello(iface.Link), ctx.CurrentCause);
        return true;
    }

    public void OnHelperHello(NodeContext ctx, HelperHello timer)
    {
        if (!_helping.ContainsKey(timer.Link)) return;
        var iface = physical.On(timer.Link);
        ctx.Send(iface.Peer, OneWayMs(ctx, iface), new IgpHello { Link = iface.Link, SeenYou = true }, ctx.CurrentCause);
    }

    /// <summary>The link to a helped neighbour lost carrier (or BFD declared it down): helping on it ends; the
    /// adjacency goes down as it always does.</summary>
    public void LinkLost(NodeContext ctx, RouterInterface iface, long cause)
    {
        if (!_helping.TryGetValue(iface.Link, out var h)) return;
        h.Timers.CancelAll(ctx);
        _helping.Remove(iface.Link);
        ctx.Emit(new IgpGracefulRestart(spec.Name, IgpGracefulRestart.Exit, domain.NameOf(iface.Peer), iface.LinkName, IgpGracefulRestart.TopologyChange,
            h.GracePeriodMs), cause);
    }

    private void TopologyChanged(NodeContext ctx, long cause)
    {
        foreach (var link in _helping.Keys.ToArray())
            if (_helping.ContainsKey(link)) StopHelping(ctx, link, IgpGracefulRestart.TopologyChange, cause);
    }

    /// <summary>Helping on a link ends (§3.2). An adjacency the restarting router has not begun to re-form goes down as
    /// it would have without graceful restart, and forms again by hellos.</summary>
    private void StopHelping(NodeContext ctx, int link, string reason, long cause)
    {
        var h = _helping[link];
        h.Timers.CancelAll(ctx);
        _helping.Remove(link);
        var iface = physical.On(link);
        var e = ctx.Emit(new IgpGracefulRestart(spec.Name, IgpGracefulRestart.Exit, domain.NameOf(iface.Peer), iface.LinkName, reason, h.GracePeriodMs), cause);
        if (h.Synchronising) return;
        igp.DropAfterGrace(ctx, iface, $"graceful restart ended ({reason}) before the neighbour resynchronised", e);
        ctx.Send(iface.Peer, OneWayMs(ctx, iface), new GraceHelp { Link = link, Helping = false }, e);
    }

    /// <summary>Whether two LSAs of one router say the same (a refresh, not a topology change).</summary>
    public static bool SameContent(Lsa a, Lsa b) =>
        a.Overload == b.Overload && a.Edge == b.Edge && a.DataCenter == b.DataCenter
        && a.Neighbors.AsSpan().SequenceEqual(b.Neighbors) && a.Metrics.AsSpan().SequenceEqual(b.Metrics);

    private static long OneWayMs(NodeContext ctx, RouterInterface iface) => Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs));
}
