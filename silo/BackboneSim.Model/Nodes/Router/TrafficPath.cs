using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The traffic of the front-ends behind a PoP gateway router: demand per client cohort, split over the data-center
/// sites the cohorts' users are assigned to (demand that names none goes to the data center nearest the gateway, or
/// nearest the exit a preferred server route names); the ingress routers each part enters by; and the share the
/// backbone delivers of each. It reports one flow per site to the data-plane node, which carries them hop by hop by
/// every router's FIB (the site's prefix entry, then the loopback routes: <see cref="DataPlaneModel"/>) and works out
/// utilisation and what is delivered.
/// </summary>
/// <remarks>
/// Demand that names no site (a cohort that knows no data centers) goes to the gateway's nearest data center, the
/// slot keyed "" here. A site the IGP cannot reach still gets its flow: the front-ends send it until their health
/// checks move the users, and the data plane drops it at the ingress (no route, once the ingress programmed that).
/// </remarks>
public sealed class TrafficPath(RouterSpec spec, IgpProcess igp, BgpSpeaker bgp, ModelParameters parameters, int trafficNode, bool isGateway)
{
    private const string Nearest = "";
    /// <summary>Per cohort: its Gbps and how it splits over sites (empty: the nearest data center).</summary>
    private readonly SortedDictionary<int, TrafficDemand> _demand = new();
    /// <summary>Per site (or <see cref="Nearest"/>): where the control plane sends it, as last worked out.</summary>
    private SortedDictionary<string, FlowLegs> _legs = new(StringComparer.Ordinal);
    /// <summary>Per site: the Gbps and legs last reported to the data plane.</summary>
    private readonly SortedDictionary<string, (double Gbps, FlowLegs Legs)> _reported = new(StringComparer.Ordinal);
    /// <summary>Per site: the share of its traffic the data plane last said arrives.</summary>
    private readonly SortedDictionary<string, double> _delivered = new(StringComparer.Ordinal);
    /// <summary>The router a preferred server route draws this gateway's traffic to, or -1 (the nearest data center).</summary>
    private int _egress = -1;
    /// <summary>The next hop BGP offered when the path was last worked out (the egress above unless the IGP cannot reach it).</summary>
    private int _offeredEgress = -1;

    /// <summary>A gateway router with users behind it: the only kind that carries front-end traffic.</summary>
    public bool IsGateway => isGateway;

    /// <summary>Share of the demand the backbone delivers, over every site by the Gbps sent there (1 with no demand).</summary>
    public double Delivered
    {
        get
        {
            double sent = 0, arrived = 0;
            foreach (var (slot, gbps) in SlotDemand())
            {
                sent += gbps;
                arrived += gbps * _delivered.GetValueOrDefault(slot, 1);
            }
            return sent <= 0 ? _delivered.GetValueOrDefault(Nearest, 1) : arrived / sent;
        }
    }

    /// <summary>The share delivered per assigned site (what users sent there get), in site order.</summary>
    public (string[] Sites, double[] Delivered) SiteDelivered()
    {
        var sites = _delivered.Keys.Where(k => k != Nearest).ToArray();
        return (sites, sites.Select(s => _delivered[s]).ToArray());
    }

    /// <summary>No path is worked out while there is no demand; set until the next SPF works one out.</summary>
    public bool Stale { get; private set; } = true;

    /// <summary>Whether BGP now offers another egress than the path was worked out for (an SPF run will redo it).</summary>
    public bool EgressOffersChanged => IsGateway && Egress() != _offeredEgress;

    /// <summary>A cohort's demand changed; true when the path must be worked out first (an SPF run).</summary>
    public bool OnDemand(NodeContext ctx, int cohort, TrafficDemand demand)
    {
        _demand[cohort] = demand;
        if (Stale && demand.Gbps > 0) return true;
        // A site no leg was worked out for yet needs an SPF run's distances.
        if (SlotDemand().Any(d => d.Gbps > 0 && !_legs.ContainsKey(d.Slot))) return true;
        ReportFlows(ctx, ctx.CurrentCause);
        return false;
    }

    /// <summary>While the control plane is down demand is only remembered; the path is worked out after the reboot.</summary>
    public void RememberDemand(int cohort, TrafficDemand demand)
    {
        _demand[cohort] = demand;
        Stale = true;
    }

    public void OnDelivery(FlowDelivery delivery) => _delivered[delivery.DataCenter ?? Nearest] = delivery.Delivered;

    /// <summary>The control plane stopped: no path, no egress; the traffic node hears that nothing is carried.</summary>
    public void Stop(NodeContext ctx, long cause)
    {
        (_legs, _egress, _offeredEgress) = (new SortedDictionary<string, FlowLegs>(StringComparer.Ordinal), -1, -1);
        ReportFlows(ctx, cause);
    }

    /// <summary>Where a server route with a higher local preference than the default draws traffic: its next hop.</summary>
    private int Egress() => bgp.PreferredEgress(spec.Node);

    /// <summary>The Gbps per site (or <see cref="Nearest"/>) over every cohort, in slot order.</summary>
    private IEnumerable<(string Slot, double Gbps)> SlotDemand()
    {
        var bySlot = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var d in _demand.Values)
        {
            if (d.Sites.Length == 0) { bySlot[Nearest] = bySlot.GetValueOrDefault(Nearest) + d.Gbps; continue; }
            for (var i = 0; i < d.Sites.Length; i++) bySlot[d.Sites[i]] = bySlot.GetValueOrDefault(d.Sites[i]) + d.Gbps * d.Shares[i];
        }
        return bySlot.Select(kv => (kv.Key, kv.Value));
    }

    /// <summary>
    /// Works out which data center the demand that names none goes to (the nearest to the gateway, or to the exit a
    /// server route with a higher local preference names) and the ingress routers; the routers on the way decide the
    /// rest by their FIBs.
    /// </summary>
    public void Update(NodeContext ctx, double[] dist, string? dataCenter, long cause)
    {
        if (!IsGateway) return;
        var domain = igp.Domain;
        _offeredEgress = Egress();
        var demand = SlotDemand().Where(d => d.Gbps > 0).ToList();
        // Only a gateway with front-end traffic needs the split; the others just remember to work it out later.
        Stale = demand.Count == 0;
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
        if (egress >= 0) dataCenter = DataCenters.Nearest(igp.Lsdb, igp.DistancesFrom(domain.Ordinal(egress))).DataCenter;
        var ingress = Nodes(roots);
        var legs = new SortedDictionary<string, FlowLegs>(StringComparer.Ordinal);
        foreach (var (slot, _) in demand)
            legs[slot] = slot != Nearest ? new FlowLegs(ingress, slot, true) : dataCenter is null ? FlowLegs.None : new FlowLegs(ingress, dataCenter, false);
        _legs = legs;
        ReportFlows(ctx, cause);
    }

    private int[] Nodes(IEnumerable<int> ordinals) => ordinals.Order().Select(o => o + igp.Domain.FirstRouterNode).ToArray();

    /// <summary>Where one site's traffic enters (the ingress edge routers) and the data center it is sent to.</summary>
    private sealed record FlowLegs(int[] Ingress, string? DataCenter, bool Placed)
    {
        public static readonly FlowLegs None = new([], null, false);
        public bool Equals(FlowLegs? o) => o is not null && DataCenter == o.DataCenter && Placed == o.Placed && Ingress.SequenceEqual(o.Ingress);
        public override int GetHashCode() => HashCode.Combine(DataCenter, Ingress.Length);
    }

    /// <summary>Tells the data plane every site's flow whose Gbps or legs changed (0 Gbps: it stopped).</summary>
    private void ReportFlows(NodeContext ctx, long cause)
    {
        if (trafficNode < 0) return;
        var gbpsOf = SlotDemand().ToDictionary(d => d.Slot, d => d.Gbps, StringComparer.Ordinal);
        foreach (var slot in _legs.Keys.Union(_reported.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList())
        {
            var legs = _legs.GetValueOrDefault(slot) ?? FlowLegs.None;
            // The nearest data center's flow needs a data center to go to; an assigned site's is sent even unreachable.
            var gbps = slot == Nearest && legs.DataCenter is null || legs.Ingress.Length == 0 ? 0 : gbpsOf.GetValueOrDefault(slot);
            var before = _reported.GetValueOrDefault(slot);
            if (gbps <= 0 && before.Gbps <= 0) continue;
            if (gbps == before.Gbps && legs.Equals(before.Legs)) continue;
            if (gbps <= 0) _reported.Remove(slot); else _reported[slot] = (gbps, legs);
            ctx.Send(trafficNode, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new FlowReport
            {
                Gbps = gbps, Ingress = legs.Ingress, DataCenter = slot == Nearest ? legs.DataCenter : slot,
                Placed = slot != Nearest,
            }, cause);
        }
    }
}
