using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>A data center as a client cohort's front-ends know it: its node, site, size (peak power) and region.</summary>
public sealed record FrontEndDataCenter(int Node, string Site, double PeakMw, string Region)
{
    /// <summary>Every data center of a topology, in topology order, with its site's region.</summary>
    public static IReadOnlyList<FrontEndDataCenter> Of(NetworkTopology t)
    {
        var region = t.Sites.ToDictionary(s => s.Name, s => s.Region, StringComparer.Ordinal);
        return t.DataCenters.Select(d => new FrontEndDataCenter(d.Node, d.Site, d.PeakPowerMw, region.GetValueOrDefault(d.Site, ""))).ToList();
    }

    /// <summary>
    /// The users the front-ends of every cohort normally send each data center (by node): each service's users of
    /// each cohort spread as the service's placement says for the cohort's region. What users moved there from a
    /// failed data center are measured against, and what its spare capacity is a share of.
    /// </summary>
    public static Dictionary<int, double> NormalUsers(NetworkTopology t, IReadOnlyDictionary<int, Dictionary<int, double>> distances)
    {
        var dataCenters = Of(t);
        var users = dataCenters.ToDictionary(d => d.Node, _ => 0.0);
        foreach (var c in t.Clients)
        {
            var balancer = Balancer(dataCenters, c.Region, distances.GetValueOrDefault(c.Node));
            foreach (var s in t.Services.Where(s => !s.ThirdParty))
                foreach (var (dc, share) in balancer.Normal(s)) users[dc] += c.Users * s.UsersShare * share;
        }
        return users;
    }

    public static DataCenterBalancer Balancer(IEnumerable<FrontEndDataCenter> dataCenters, string region, IReadOnlyDictionary<int, double>? distance = null) =>
        new(dataCenters.ToDictionary(d => d.Node, d => (d.Site, d.PeakMw, d.Region)), region, distance);

    /// <summary>
    /// Per client cohort, how far each data center is from the nearest of its PoP gateways in the IGP as the network is
    /// designed (the base configuration's metrics, every link up): the distance to the data center's nearest border
    /// router, infinite when none is reachable. One reverse SPF per border router (<see cref="StartRoutes"/>), not one
    /// per gateway: there are few data centers and many PoPs.
    /// </summary>
    /// <param name="to">Per data center, a router ordinal's distance to it (<see cref="BorderDistances"/>).</param>
    public static Dictionary<int, Dictionary<int, double>> Distances(NetworkTopology t, IgpDomain igp, IReadOnlyDictionary<int, Func<int, double>> to)
    {
        var result = new Dictionary<int, Dictionary<int, double>>();
        foreach (var c in t.Clients)
            result[c.Node] = t.DataCenters.ToDictionary(d => d.Node,
                d => c.ServingGateways.Where(igp.IsRouter).Select(g => to[d.Node](igp.Ordinal(g))).DefaultIfEmpty(double.PositiveInfinity).Min());
        return result;
    }

    /// <summary>Per data center (by node), a router ordinal's distance to its nearest border router as designed.</summary>
    public static Dictionary<int, Func<int, double>> BorderDistances(NetworkTopology t, IgpDomain igp)
    {
        var routes = new StartRoutes(igp, _ => [], maxPaths: 1);
        return t.DataCenters.ToDictionary(d => d.Node, d =>
        {
            var borders = t.Routers.Where(r => r.Role == RouterRole.DataCenterBorder && r.Site == d.Site).Select(r => routes.DistanceTo(igp.Ordinal(r.Node))).ToList();
            return (Func<int, double>)(o => borders.Select(b => b[o]).DefaultIfEmpty(double.PositiveInfinity).Min());
        });
    }
}
