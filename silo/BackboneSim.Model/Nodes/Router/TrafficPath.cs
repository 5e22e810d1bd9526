using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The traffic of the front-ends behind a PoP gateway router: demand per client cohort, where the control plane sends
/// it (the nearest data center's border routers, or first to the router a preferred server route names) and the
/// share the backbone delivers. It reports that to the data-plane node, which carries the traffic hop by hop by every
/// router's FIB (<see cref="DataPlaneModel"/>) and works out utilisation and what is delivered.
/// </summary>
public sealed class TrafficPath(RouterSpec spec, IgpProcess igp, BgpSpeaker bgp, ModelParameters parameters, int trafficNode, bool isGateway)
{
    private readonly SortedDictionary<int, double> _demand = new();
    private FlowLegs _legs = FlowLegs.None;
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
        (_legs, _egress, _offeredEgress) = (FlowLegs.None, -1, -1);
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
        var legs = FlowLegs.None;
        if (egress >= 0)
        {
            var via = domain.Ordinal(egress);
            var fromVia = igp.DistancesFrom(via);
            (dataCenter, best) = DataCenters.Nearest(lsdb, fromVia);
            if (dataCenter is not null)
                legs = new FlowLegs(Nodes(roots), egress, Nodes(DataCenters.RoutersOf(lsdb, fromVia, dataCenter, best)), dataCenter);
        }
        else if (dataCenter is not null)
        {
            legs = new FlowLegs(Nodes(roots), -1, Nodes(DataCenters.RoutersOf(lsdb, dist, dataCenter, best)), dataCenter);
        }
        if (legs == _legs) return;
        _legs = legs;
        ReportFlow(ctx, cause);
    }

    private int[] Nodes(IEnumerable<int> ordinals) => ordinals.Order().Select(o => o + igp.Domain.FirstRouterNode).ToArray();

    /// <summary>Where the control plane sends the traffic: the ingress edge routers, the BGP exit (or -1), the data
    /// center's border routers.</summary>
    private sealed record FlowLegs(int[] Ingress, int Via, int[] Targets, string? DataCenter)
    {
        public static readonly FlowLegs None = new([], -1, [], null);
        public bool Equals(FlowLegs? o) => o is not null && Via == o.Via && DataCenter == o.DataCenter && Ingress.SequenceEqual(o.Ingress) && Targets.SequenceEqual(o.Targets);
        public override int GetHashCode() => HashCode.Combine(Via, DataCenter, Ingress.Length, Targets.Length);
    }

    private void ReportFlow(NodeContext ctx, long cause)
    {
        if (trafficNode < 0) return;
        var gbps = _legs.Targets.Length == 0 ? 0 : _demand.Values.Sum();
        if (gbps <= 0 && !_flowReported) return;
        _flowReported = gbps > 0;
        ctx.Send(trafficNode, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new FlowReport
        {
            Gbps = gbps, Ingress = _legs.Ingress, Via = _legs.Via, Targets = _legs.Targets, DataCenter = _legs.DataCenter,
        }, cause);
    }
}
