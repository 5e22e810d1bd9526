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
    public static Dictionary<int, double> NormalUsers(NetworkTopology t)
    {
        var dataCenters = Of(t);
        var users = dataCenters.ToDictionary(d => d.Node, _ => 0.0);
        foreach (var c in t.Clients)
        {
            var balancer = Balancer(dataCenters, c.Region);
            foreach (var s in t.Services.Where(s => !s.ThirdParty))
                foreach (var (dc, share) in balancer.Normal(s)) users[dc] += c.Users * s.UsersShare * share;
        }
        return users;
    }

    public static DataCenterBalancer Balancer(IEnumerable<FrontEndDataCenter> dataCenters, string region) =>
        new(dataCenters.ToDictionary(d => d.Node, d => (d.Site, d.PeakMw, d.Region)), region);
}
