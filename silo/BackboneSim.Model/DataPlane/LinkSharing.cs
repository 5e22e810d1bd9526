namespace BackboneSim.Model.DataPlane;

/// <summary>
/// A link a flow crosses and how much of the flow's rate crosses it: 1 for a path through it, a fraction where ECMP
/// splits the flow before it, more than 1 where the flow loops through it (<see cref="FlowWalk"/>).
/// </summary>
public readonly record struct LinkUse(int Link, double Share);

/// <summary>One flow aggregate to be carried: its class, the rate it offers (Gbps) and the links it uses, each once.</summary>
public sealed record FlowDemand(TrafficClass Class, double Gbps, IReadOnlyList<LinkUse> Links)
{
    /// <summary>A flow along one path: the whole rate crosses each link.</summary>
    public static FlowDemand Through(TrafficClass @class, double gbps, params int[] links)
        => new(@class, gbps, links.Select(l => new LinkUse(l, 1)).ToArray());
}

/// <summary>How a set of flows came out on the links: the rate each gets, and each link's offered and carried load.</summary>
public sealed class SharedLinks(double[] rates, Dictionary<int, double> offered, Dictionary<int, double> carried)
{
    /// <summary>The rate each flow gets (Gbps), in the order the flows were given.</summary>
    public IReadOnlyList<double> Rates { get; } = rates;
    /// <summary>Per link, what the flows crossing it offer (Gbps): above its capacity, it is congested.</summary>
    public IReadOnlyDictionary<int, double> Offered { get; } = offered;
    /// <summary>Per link, what it carries (Gbps): at most its capacity.</summary>
    public IReadOnlyDictionary<int, double> Carried { get; } = carried;
}

/// <summary>
/// Shares link capacity between flows at the flow level: strict priority between classes (a class gets what the
/// classes above it leave on each link, as a priority queue serves them), and max-min fairness within a class,
/// computed by progressive filling (Bertsekas and Gallager, <i>Data Networks</i>, 2nd ed., 1992, §6.5.2): every
/// unfrozen flow's rate grows at the same pace until it reaches its demand or a link it uses is full, which freezes
/// every flow through that link. A flow uses each link by its <see cref="LinkUse.Share"/> of its rate (an ECMP-split
/// or looping aggregate stays one flow, so paths are never enumerated). This is the bandwidth-sharing model of SimGrid's flow-level network model,
/// validated against packet-level simulation of TCP (Velho, Schnorr, Casanova and Legrand, "On the validity of
/// flow-level TCP network models for grid and cloud simulations", ACM TOMACS 23(4), 2013), without its RTT weighting.
/// </summary>
/// <remarks>
/// Limits, stated: flows are fluid (no packets, no queueing delay here, no TCP dynamics); a flow's rate is capped by its
/// offered demand, so loss = 1 − rate ÷ demand; every flow in a class is served alike whatever its path's length or
/// round-trip time. The result depends only on the flows and capacities given (ties broken by the order of the flows,
/// so the same input gives the same output, bit for bit).
/// </remarks>
public static class LinkSharing
{
    /// <summary>Below this a link counts as full and a demand as met (Gbps): floating-point dust, far below any real rate.</summary>
    private const double Epsilon = 1e-9;

    /// <param name="flows">The flows, in a fixed order.</param>
    /// <param name="capacityGbps">Each link's capacity; a link not listed, or with 0, carries nothing (it is down).</param>
    public static SharedLinks Share(IReadOnlyList<FlowDemand> flows, IReadOnlyDictionary<int, double> capacityGbps)
    {
        var rates = new double[flows.Count];
        var offered = new Dictionary<int, double>();
        var carried = new Dictionary<int, double>();
        var remaining = new Dictionary<int, double>();
        for (var i = 0; i < flows.Count; i++)
        {
            if (flows[i].Gbps < 0 || double.IsNaN(flows[i].Gbps)) throw new ArgumentOutOfRangeException(nameof(flows), flows[i].Gbps, $"flow {i} offers a negative rate");
            if (flows[i].Links.Select(u => u.Link).Distinct().Count() != flows[i].Links.Count) throw new ArgumentException($"flow {i} lists a link twice", nameof(flows));
            foreach (var (l, share) in flows[i].Links)
            {
                if (!(share > 0)) throw new ArgumentOutOfRangeException(nameof(flows), share, $"flow {i} uses link {l} by a share that is not positive");
                offered[l] = offered.GetValueOrDefault(l) + flows[i].Gbps * share;
                remaining.TryAdd(l, Math.Max(0, capacityGbps.GetValueOrDefault(l)));
            }
        }

        foreach (var cls in flows.Select(f => f.Class).Distinct().Order())
        {
            var members = Enumerable.Range(0, flows.Count).Where(i => flows[i].Class == cls).ToList();
            Fill(flows, members, rates, remaining);
        }

        for (var i = 0; i < flows.Count; i++)
            foreach (var (l, share) in flows[i].Links)
                carried[l] = carried.GetValueOrDefault(l) + rates[i] * share;
        return new SharedLinks(rates, offered, carried);
    }

    /// <summary>Progressive filling of one class over what the classes above it left.</summary>
    private static void Fill(IReadOnlyList<FlowDemand> flows, List<int> members, double[] rates, Dictionary<int, double> remaining)
    {
        // A flow with no demand, or through a link with nothing left, gets nothing; a flow through no link gets its demand.
        var active = new List<int>();
        foreach (var i in members)
        {
            if (flows[i].Gbps <= Epsilon) continue;
            if (flows[i].Links.Count == 0) { rates[i] = flows[i].Gbps; continue; }
            if (flows[i].Links.All(u => remaining[u.Link] > Epsilon)) active.Add(i);
        }
        // Per link, how fast it fills as every active flow's rate grows by one: the sum of their shares on it.
        var pace = new Dictionary<int, double>();
        while (active.Count > 0)
        {
            pace.Clear();
            foreach (var i in active)
                foreach (var (l, share) in flows[i].Links)
                    pace[l] = pace.GetValueOrDefault(l) + share;
            // The largest equal step every active flow can take: no link overfills, no flow passes its demand.
            var step = double.MaxValue;
            foreach (var (l, p) in pace) step = Math.Min(step, remaining[l] / p);
            foreach (var i in active) step = Math.Min(step, flows[i].Gbps - rates[i]);
            foreach (var i in active) rates[i] += step;
            foreach (var (l, p) in pace) remaining[l] = Math.Max(0, remaining[l] - step * p);
            active.RemoveAll(i => flows[i].Gbps - rates[i] <= Epsilon || flows[i].Links.Any(u => remaining[u.Link] <= Epsilon));
        }
    }
}
