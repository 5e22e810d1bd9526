using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Route flap damping (RFC 2439) at one external AS, as FRR's bgpd runs it (bgpd/bgp_damp.c, <c>bgp dampening</c>):
/// a figure of merit per (neighbour, prefix) for the routes that neighbour sends.
/// <list type="bullet">
/// <item>A withdrawal of a route the neighbour had sent adds 1,000 (FRR's <c>DEFAULT_PENALTY</c>); a route replaced by a
/// different one (another AS path or communities) adds 500 (its half: FRR's <c>attr_change</c>, RFC 2439 §4.3). A
/// re-announcement after a withdrawal adds nothing. The figure is capped at reuse × 2^(max-suppress ÷ half-life)
/// (FRR's ceiling), so no route stays suppressed longer than max-suppress after its last flap.</item>
/// <item>Between changes the figure decays exponentially, halving every half-life. FRR decays in 5 s steps
/// (<c>DELTA_T</c>); the model decays continuously (RFC 2439 §4.8's formula without the table).</item>
/// <item>A flap that leaves the figure at or above suppress suppresses the route (FRR: <c>penalty &gt;= suppress_value</c>):
/// while suppressed, what the neighbour sends for the prefix is kept but not used in the decision.</item>
/// <item>The route is reused when the figure has decayed to reuse, at the exact time
/// half-life × log2(figure ÷ reuse) after the last flap (a timer, re-set by every flap). FRR checks its reuse lists
/// every 10 s (<c>DELTA_REUSE</c>), so it reuses up to about 10 s later. A re-announcement that finds the figure
/// already below reuse reuses it at once, as FRR's <c>bgp_damp_update</c> does.</item>
/// <item>A figure that has decayed to half the reuse limit or less when the route is re-announced is forgotten (FRR frees
/// its damping information then; RFC 2439 §4.8.6's "no longer needed"): the next withdrawal starts again from 1,000.</item>
/// </list>
/// It decides whether a route is used and when that changes; the AS re-runs its decision when told.
/// </summary>
public sealed class RouteDamping
{
    /// <summary>Timer: a suppressed route's figure of merit should have decayed to the reuse limit.</summary>
    public sealed record ReuseDue(int Neighbor, string Prefix, int Generation);

    /// <summary>What a withdrawal costs, and a change of a route that stays (FRR bgpd/bgp_damp.h, RFC 2439 §4.3).</summary>
    public const double WithdrawalPenalty = 1000, AttributeChangePenalty = 500;

    private sealed class Figure
    {
        public double Penalty;
        /// <summary>When <see cref="Penalty"/> was last brought up to date.</summary>
        public long Updated;
        public bool Suppressed;
        public TimerId Reuse = TimerId.None;
        public int Generation;
    }

    private readonly double _halfLifeMs;
    private readonly double _reuse;
    private readonly double _suppress;
    private readonly double _ceiling;
    private readonly Dictionary<(int Neighbor, string Prefix), Figure> _figures = new();
    /// <summary>Per prefix, how many neighbours' routes are suppressed now: the decision filters only those prefixes.</summary>
    private readonly Dictionary<string, int> _suppressedPerPrefix = new(StringComparer.Ordinal);
    private int _generation;

    public RouteDamping(ModelParameters p)
    {
        _halfLifeMs = p.BgpDampingHalfLifeMs;
        _reuse = p.BgpDampingReuse;
        _suppress = p.BgpDampingSuppress;
        _ceiling = _reuse * Math.Pow(2, (double)p.BgpDampingMaxSuppressMs / p.BgpDampingHalfLifeMs);
    }

    /// <summary>Damping as the parameters set it: null when <c>bgp_damping</c> is off.</summary>
    public static RouteDamping? For(ModelParameters p) => p.BgpDamping == "on" ? new RouteDamping(p) : null;

    /// <summary>The figure of merit <paramref name="ms"/> later: halved every half-life.</summary>
    public double Decayed(double penalty, long ms) => ms <= 0 ? penalty : penalty * Math.Pow(2, -ms / _halfLifeMs);

    /// <summary>
    /// The neighbour's route for <paramref name="prefix"/> went from <paramref name="before"/> to <paramref name="after"/>
    /// (null: none). Returns whether its suppression changed (the decision must run again); events name the neighbour
    /// as <paramref name="neighborName"/>.
    /// </summary>
    public bool Received(NodeContext ctx, int neighbor, string neighborName, string prefix, AsRoute? before, AsRoute? after, long cause)
    {
        if (before is null && after is null || before is not null && after is not null && before.Equals(after)) return false;
        var key = (neighbor, prefix);
        if (before is null) return Announced(ctx, key, neighborName, cause);
        return Flapped(ctx, key, neighborName, after is null ? WithdrawalPenalty : AttributeChangePenalty, cause);
    }

    /// <summary>Whether the neighbour's route for the prefix is suppressed now.</summary>
    public bool Suppressed(int neighbor, string prefix) => _figures.TryGetValue((neighbor, prefix), out var f) && f.Suppressed;

    /// <summary>The routes the decision may use for a prefix: <paramref name="routes"/> itself unless some are suppressed.</summary>
    public SortedDictionary<int, AsRoute> Usable(string prefix, SortedDictionary<int, AsRoute> routes)
    {
        if (!_suppressedPerPrefix.ContainsKey(prefix)) return routes;
        var usable = new SortedDictionary<int, AsRoute>();
        foreach (var (from, route) in routes)
            if (!Suppressed(from, prefix)) usable[from] = route;
        return usable;
    }

    /// <summary>The reuse timer fired: whether it is current (the route is reused now; the AS emits and re-decides).</summary>
    public bool OnReuseDue(NodeContext ctx, ReuseDue due, string neighborName, long cause, out long reusedEvent)
    {
        reusedEvent = 0;
        if (!_figures.TryGetValue((due.Neighbor, due.Prefix), out var f) || !f.Suppressed || f.Generation != due.Generation) return false;
        Bring(f, ctx.Now);
        reusedEvent = Unsuppress(ctx, (due.Neighbor, due.Prefix), f, neighborName, cause);
        return true;
    }

    private bool Flapped(NodeContext ctx, (int Neighbor, string Prefix) key, string neighborName, double penalty, long cause)
    {
        if (!_figures.TryGetValue(key, out var f))
            _figures[key] = f = new Figure { Updated = ctx.Now };
        Bring(f, ctx.Now);
        f.Penalty = Math.Min(f.Penalty + penalty, _ceiling);
        if (!f.Suppressed && f.Penalty < _suppress) return false;
        var newly = !f.Suppressed;
        if (newly)
        {
            f.Suppressed = true;
            _suppressedPerPrefix[key.Prefix] = _suppressedPerPrefix.GetValueOrDefault(key.Prefix) + 1;
        }
        // Every flap while suppressed pushes the reuse time out (FRR moves the entry to a later reuse list).
        ctx.Cancel(f.Reuse);
        var reuseAt = ctx.Now + (long)Math.Ceiling(_halfLifeMs * Math.Log2(f.Penalty / _reuse));
        f.Generation = ++_generation;
        if (newly)
            cause = ctx.Emit(new BgpRouteDamped(key.Prefix, neighborName, (long)Math.Round(f.Penalty), reuseAt), cause);
        f.Reuse = ctx.SetTimer(reuseAt, new ReuseDue(key.Neighbor, key.Prefix, f.Generation), cause);
        return newly;
    }

    private bool Announced(NodeContext ctx, (int Neighbor, string Prefix) key, string neighborName, long cause)
    {
        if (!_figures.TryGetValue(key, out var f)) return false;
        Bring(f, ctx.Now);
        var reused = false;
        if (f.Suppressed && f.Penalty < _reuse)
        {
            Unsuppress(ctx, key, f, neighborName, cause);
            reused = true;
        }
        if (!f.Suppressed && f.Penalty <= _reuse / 2) _figures.Remove(key);
        return reused;
    }

    private long Unsuppress(NodeContext ctx, (int Neighbor, string Prefix) key, Figure f, string neighborName, long cause)
    {
        f.Suppressed = false;
        ctx.Cancel(f.Reuse);
        f.Reuse = TimerId.None;
        if (--_suppressedPerPrefix[key.Prefix] == 0) _suppressedPerPrefix.Remove(key.Prefix);
        return ctx.Emit(new BgpRouteReused(key.Prefix, neighborName, (long)Math.Round(f.Penalty)), cause);
    }

    private void Bring(Figure f, long now)
    {
        f.Penalty = Decayed(f.Penalty, now - f.Updated);
        f.Updated = now;
    }
}
