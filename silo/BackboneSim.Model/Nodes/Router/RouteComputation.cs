using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// What a router does with an SPF run's result: programs the FIB (<see cref="FibProgrammer"/>), tells iBGP which
/// peers it can reach, works out the traffic path, and tells the DNS servers, data centers and users behind it (its subscribers) whether a data center and the
/// edge can be reached, with the share of traffic delivered.
/// </summary>
public sealed class RouteComputation(RouterSpec spec, IgpProcess igp, BgpSpeaker bgp, TrafficPath traffic, FibProgrammer fib, ModelParameters parameters,
    int[] subscribers)
{
    public bool DataCenterReachable { get; private set; } = true;
    public bool EdgeReachable { get; private set; } = true;
    /// <summary>Whether anything behind the router listens to its reachability (DNS servers, data centers, users).</summary>
    public bool HasSubscribers => subscribers.Length > 0;

    public void Run(NodeContext ctx, long cause, bool reportAlways)
    {
        var domain = igp.Domain;
        double[]? dist = null;
        // Until the IGP changes, the FIB holds the start tree already: only a new BGP exit has something to program.
        // A router in graceful restart installs nothing (RFC 3623 §2.2): its stale entries forward until it exits.
        if (fib.Enabled && !igp.Graceful.Restarting)
        {
            var egress = bgp.PreferredEgress(spec.Node);
            if (!igp.AtStart)
            {
                var tree = igp.Tree();
                fib.Program(ctx, tree, egress, cause);
                dist = tree.Distances;
            }
            else if (fib.EgressChanged(egress)) fib.Program(ctx, null, egress, cause);
        }
        if (subscribers.Length == 0)
        {
            // Only iBGP needs the result, and only whether each peer can be reached: without a FIB to program, a
            // breadth-first search will do.
            if (!bgp.HasIbgp) return;
            if (dist is not null) { var d = dist; bgp.OnReachability(ctx, peer => !double.IsPositiveInfinity(d[domain.Ordinal(peer)]), cause); return; }
            var canReach = igp.Reachable();
            bgp.OnReachability(ctx, peer => canReach[domain.Ordinal(peer)], cause);
            return;
        }
        dist ??= igp.Distances();
        if (bgp.HasIbgp) bgp.OnReachability(ctx, peer => !double.IsPositiveInfinity(dist[domain.Ordinal(peer)]), cause);
        var (nearest, best) = DataCenters.Nearest(igp.Lsdb, dist);
        traffic.Update(ctx, dist, nearest, cause);
        var reachable = nearest is not null;
        var edges = 0;
        for (var i = 0; i < dist.Length; i++)
            if (igp.Lsdb[i] is { Edge: true } && !double.IsPositiveInfinity(dist[i])) edges++;
        var edgeReachable = edges > 0;
        if (reachable == DataCenterReachable && edgeReachable == EdgeReachable && !reportAlways) return;
        long e;
        if (reachable != DataCenterReachable || reportAlways)
            e = ctx.Emit(new IgpDcReachability(spec.Name, reachable, nearest, reachable ? (long)best : null), cause);
        else
            e = ctx.Emit(new IgpEdgeReachability(spec.Name, edgeReachable, edges), cause);
        (DataCenterReachable, EdgeReachable) = (reachable, edgeReachable);
        TellSubscribers(ctx, e);
    }

    /// <summary>The control plane stopped: nothing behind the router reaches anything through it.</summary>
    public void Lose() => (DataCenterReachable, EdgeReachable) = (false, false);

    public void TellSubscribers(NodeContext ctx, long cause)
    {
        var (sites, delivered) = traffic.SiteDelivered();
        var report = new ReachabilityReport
        {
            DataCenterReachable = DataCenterReachable, EdgeReachable = EdgeReachable, Delivered = traffic.Delivered, Sites = sites, SiteDelivered = delivered,
        };
        foreach (var subscriber in subscribers) ctx.Send(subscriber, Math.Max(ctx.Lookahead, parameters.LocalHopMs), report, cause);
    }
}
