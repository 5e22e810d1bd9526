using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The traffic of the front-ends behind a PoP gateway router: demand per client cohort, the path it takes to the
/// nearest data center (every equal-cost shortest path, or first to the router a preferred server route names),
/// and the share the backbone delivers. It reports the path to the backbone traffic node, which works out
/// utilisation and what is delivered. Today the path is worked out from the IGP's distances directly; the next
/// model puts a forwarding table between the two (<see cref="IForwardingTable"/>).
/// </summary>
public sealed class TrafficPath(RouterSpec spec, IgpProcess igp, BgpSpeaker bgp, ModelParameters parameters, int trafficNode, bool isGateway)
{
    private readonly SortedDictionary<int, double> _demand = new();
    private (int From, int To, int Links, double Share)[] _path = [];
    private string? _pathDataCenter;
    private bool _flowReported;
    /// <summary>The router a preferred server route draws this gateway's traffic to, or -1 (the nearest data center).</summary>
    private int _egress = -1;
    /// <summary>The next hop BGP offered when the path was last worked out (the egress above unless the IGP cannot reach it).</summary>
    private int _offeredEgress = -1;

    /// <summary>A gateway router with users behind it: the only kind that carries front-end traffic.</summary>
    public bool IsGateway => isGateway;
    /// <summary>Share of the demand the backbone delivers, as the traffic node last said.</summary>
    public double Delivered { get; private set; } = 1;
    /// <summary>No path is worked out while there is no demand; set until the next SPF works one out.</summary>
    public bool Stale { get; private set; } = true;

    /// <summary>Whether BGP now offers another egress than the path was worked out for (an SPF run will redo it).</summary>
    public bool EgressOffersChanged => IsGateway && Egress() != _offeredEgress;

    /// <summary>A cohort's demand changed; true when the path must be worked out first (an SPF run).</summary>
    public bool OnDemand(NodeContext ctx, int cohort, double gbps)
    {
        _demand[cohort] = gbps;
        if (Stale && gbps > 0) return true;
        ReportFlow(ctx, ctx.CurrentCause);
        return false;
    }

    /// <summary>While the control plane is down demand is only remembered; the path is worked out after the reboot.</summary>
    public void RememberDemand(int cohort, double gbps)
    {
        _demand[cohort] = gbps;
        Stale = true;
    }

    public void OnDelivery(FlowDelivery delivery) => Delivered = delivery.Delivered;

    /// <summary>The control plane stopped: no path, no egress; the traffic node hears that nothing is carried.</summary>
    public void Stop(NodeContext ctx, long cause)
    {
        (_path, _pathDataCenter, _egress, _offeredEgress) = ([], null, -1, -1);
        ReportFlow(ctx, cause);
    }

    /// <summary>Where a server route with a higher local preference than the default draws traffic: its next hop.</summary>
    private int Egress() => bgp.BestServerRoute() is { LocalPref: > BgpPolicy.DefaultLocalPref, NextHop: >= 0 } r && r.NextHop != spec.Node ? r.NextHop : -1;

    /// <summary>
    /// The front-ends' traffic goes to the nearest data center over every equal-cost shortest path, unless a server
    /// route with a higher local preference names another router: then it goes there first (BGP picks the exit, the
    /// IGP the way), and on from that router to the data center nearest to it.
    /// </summary>
    public void Update(NodeContext ctx, double[] dist, string? dataCenter, double best, long cause)
    {
        if (!IsGateway) return;
        var domain = igp.Domain;
        _offeredEgress = Egress();
        // Only a gateway with front-end traffic needs the split; the others just remember to work it out later.
        Stale = _demand.Values.Sum() <= 0;
        if (Stale) return;
        // The front-ends hand traffic to every edge router of the PoP this one can still reach.
        var roots = domain.SiteRouters(spec.Node).Select(domain.Ordinal).Where(o => !double.IsPositiveInfinity(dist[o])).ToList();
        var egress = _offeredEgress;
        if (egress >= 0 && double.IsPositiveInfinity(dist[domain.Ordinal(egress)])) egress = -1; // a next hop the IGP cannot reach is unusable
        if (egress != _egress)
        {
            var pref = bgp.BestServerRoute()?.LocalPref ?? BgpPolicy.DefaultLocalPref;
            cause = ctx.Emit(new TrafficEgress(spec.Name, egress >= 0 ? domain.NameOf(egress) : null, egress >= 0 ? pref : null,
                egress >= 0 ? "a server route with a higher local preference" : "nearest data center"), cause);
            _egress = egress;
        }
        var lsdb = igp.Lsdb;
        IEnumerable<(int From, int To, int Links, double Share)> hops = [];
        if (egress >= 0)
        {
            var via = domain.Ordinal(egress);
            var fromVia = igp.DistancesFrom(via);
            (dataCenter, best) = DataCenters.Nearest(lsdb, fromVia);
            hops = EcmpSplit.Compute(lsdb, domain.FirstRouterNode, roots, new HashSet<int> { via });
            if (dataCenter is not null) hops = hops.Concat(EcmpSplit.Compute(lsdb, domain.FirstRouterNode, [via], DataCenters.RoutersOf(lsdb, fromVia, dataCenter, best)));
            else hops = [];
        }
        else if (dataCenter is not null)
        {
            hops = EcmpSplit.Compute(lsdb, domain.FirstRouterNode, roots, DataCenters.RoutersOf(lsdb, dist, dataCenter, best));
        }
        // A link both legs use carries both shares.
        var path = hops.GroupBy(h => (h.From, h.To)).OrderBy(g => g.Key)
            .Select(g => (g.Key.From, g.Key.To, g.Max(h => h.Links), g.Sum(h => h.Share))).ToArray();
        if (path.SequenceEqual(_path) && dataCenter == _pathDataCenter) return;
        (_path, _pathDataCenter) = (path, dataCenter);
        ReportFlow(ctx, cause);
    }

    private void ReportFlow(NodeContext ctx, long cause)
    {
        if (trafficNode < 0) return;
        var gbps = _path.Length == 0 && _pathDataCenter is null ? 0 : _demand.Values.Sum();
        if (gbps <= 0 && !_flowReported) return;
        _flowReported = gbps > 0;
        ctx.Send(trafficNode, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new FlowReport
        {
            Gbps = gbps, From = _path.Select(h => h.From).ToArray(), To = _path.Select(h => h.To).ToArray(),
            UpLinks = _path.Select(h => h.Links).ToArray(), Shares = _path.Select(h => h.Share).ToArray(), DataCenter = _pathDataCenter,
        }, cause);
    }
}
