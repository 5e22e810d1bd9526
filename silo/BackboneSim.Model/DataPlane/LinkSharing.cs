namespace BackboneSim.Model.DataPlane;

/// <summary>One flow to be carried: its class, the rate it offers (Gbps) and the links it crosses, each once.</summary>
/// <remarks>
/// An aggregate that ECMP splits over several paths is given as one flow per path, each with its share of the
/// demand; the caller adds their rates back up.
/// </remarks>
public sealed record FlowDemand(TrafficClass Class, double Gbps, IReadOnlyList<int> Links);

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
/// unfrozen flow's rate grows at the same pace until it reaches its demand or a link it crosses is full, which
/// freezes every flow through that link. This is the bandwidth-sharing model of SimGrid's flow-level network model,
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
            if (flows[i].Links.Distinct().Count() != flows[i].Links.Count) throw new ArgumentException($"flow {i} crosses a link twice", nameof(flows));
            foreach (var l in flows[i].Links)
            {
                offered[l] = offered.GetValueOrDefault(l) + flows[i].Gbps;
                remaining.TryAdd(l, Math.Max(0, capacityGbps.GetValueOrDefault(l)));
            }
        }

        foreach (var cls in flows.Select(f => f.Class).Distinct().Order())
        {
            var members = Enumerable.Range(0, flows.Count).Where(i => flows[i].Class == cls).ToList();
            Fill(flows, members, rates, remaining);
        }

        for (var i = 0; i < flows.Count; i++)
            foreach (var l in flows[i].Links)
                carried[l] = carried.GetValueOrDefault(l) + rates[i];
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
            if (flows[i].Links.All(l => remaining[l] > Epsilon)) active.Add(i);
        }
        var crossing = new Dictionary<int, int>();
        while (active.Count > 0)
        {
            crossing.Clear();
            foreach (var i in active)
                foreach (var l in flows[i].Links)
                    crossing[l] = crossing.GetValueOrDefault(l) + 1;
            // The largest equal step every active flow can take: no link overfills, no flow passes its demand.
            var step = double.MaxValue;
            foreach (var (l, n) in crossing) step = Math.Min(step, remaining[l] / n);
            foreach (var i in active) step = Math.Min(step, flows[i].Gbps - rates[i]);
            foreach (var i in active) rates[i] += step;
            foreach (var (l, n) in crossing) remaining[l] = Math.Max(0, remaining[l] - step * n);
            active.RemoveAll(i => flows[i].Gbps - rates[i] <= Epsilon || flows[i].Links.Any(l => remaining[l] <= Epsilon));
        }
    }
}
