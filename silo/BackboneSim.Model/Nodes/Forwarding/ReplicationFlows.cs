using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The data centers' replication traffic: every data center sends <c>dc_replication_gbps</c> to the others, in equal
/// shares, from its border routers to theirs (equal shares again), queued as bulk (RFC 4594 "Low-Priority Data", so a
/// congested link drops it before any user traffic). It is the backbone's machine-to-machine traffic, which at a
/// hyperscaler is larger than what users send (Roy et al., "Inside the Social Network's (Datacenter) Network",
/// SIGCOMM 2015); how much a network has is the operator's own figure, so it is 0 unless the scenario sets it.
/// </summary>
public static class ReplicationFlows
{
    /// <summary>One flow per ordered pair of data centers with border routers, by source data center node and a number
    /// from 1 (0 is a gateway's front-end flow).</summary>
    public static IEnumerable<(int Node, int Id, FlowReport Flow)> Of(NetworkTopology topology, double gbpsPerDataCenter)
    {
        if (gbpsPerDataCenter <= 0) yield break;
        var borders = topology.DataCenters.ToDictionary(d => d.Name, d => topology.Routers
            .Where(r => r.Role == RouterRole.DataCenterBorder && r.Site == d.Site).Select(r => r.Node).Order().ToArray());
        var sending = topology.DataCenters.Where(d => borders[d.Name].Length > 0).ToList();
        if (sending.Count < 2) yield break;
        var perPeer = gbpsPerDataCenter / (sending.Count - 1);
        foreach (var from in sending)
        {
            var id = 1;
            foreach (var to in sending.Where(d => d != from))
                yield return (from.Node, id++, new FlowReport
                {
                    Gbps = perPeer, Ingress = borders[from.Name], DataCenter = to.Site, Class = TrafficClass.Bulk,
                });
        }
    }
}
