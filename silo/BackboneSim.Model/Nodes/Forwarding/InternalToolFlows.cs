using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The operator's own traffic to its internal tools: from each PoP (the engineers' VPN enters there, and the tools
/// they reach behind it) to the data center nearest that PoP in the IGP as the network is designed, from the PoP's
/// edge routers (equal shares) to that data center's border routers (equal shares), queued as standard: below the
/// users' interactive traffic on a congested link. The responders' remote access rides on it
/// (<see cref="ResponderModel"/>): it works while at least half of some PoP's traffic arrives, and slowly below 1.
/// </summary>
public static class InternalToolFlows
{
    /// <summary>One flow per PoP, by its gateway (the PoP's first edge router), in gateway order; none without data
    /// centers or with <c>internal_tools_gbps</c> 0.</summary>
    /// <param name="distanceTo">Per data center, a router ordinal's distance to it as designed (<see cref="FrontEndDataCenter.BorderDistances"/>).</param>
    public static IReadOnlyList<(int Gateway, FlowReport Flow)> Of(NetworkTopology topology, IgpDomain igp, double gbpsPerPop,
        IReadOnlyDictionary<int, Func<int, double>> distanceTo)
    {
        if (gbpsPerPop <= 0 || topology.DataCenters.Count == 0) return [];
        var borders = topology.DataCenters.ToDictionary(d => d.Site, d => topology.Routers
            .Where(r => r.Role == RouterRole.DataCenterBorder && r.Site == d.Site).Select(r => r.Node).Order().ToArray(), StringComparer.Ordinal);
        var flows = new List<(int, FlowReport)>();
        foreach (var pop in topology.Routers.Where(r => r.Role == RouterRole.Edge).GroupBy(r => r.Site).OrderBy(g => g.Min(r => r.Node)))
        {
            var gateway = pop.Min(r => r.Node);
            var from = igp.Ordinal(gateway);
            // The nearest data center with border routers as designed (ties: the first in topology order).
            var (site, best) = ((string?)null, double.PositiveInfinity);
            foreach (var dc in topology.DataCenters.Where(d => borders[d.Site].Length > 0))
                if (distanceTo[dc.Node](from) < best) (site, best) = (dc.Site, distanceTo[dc.Node](from));
            if (site is null) continue;
            flows.Add((gateway, new FlowReport
            {
                Gbps = gbpsPerPop, Ingress = pop.Select(r => r.Node).Order().ToArray(), DataCenter = site, Class = TrafficClass.Standard,
            }));
        }
        return flows;
    }
}
