using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Build;

/// <summary>
/// Anycast catchment for zone content: which DNS server each resolver cohort's queries land on. Real catchments
/// follow BGP; the model fixes one "home" server per cohort at build time, from a server in its AS's region when
/// there is one: the i-th cohort of a region (by name) gets the (i mod n)-th of the region's n servers (by name),
/// so cohorts spread over the servers. Ordinal sorting keeps it the same in every process.
/// </summary>
public static class DnsCatchment
{
    /// <summary>Home DNS server node per resolver cohort node; empty when the topology has no DNS servers.</summary>
    public static IReadOnlyDictionary<int, int> Homes(NetworkTopology t)
    {
        var homes = new Dictionary<int, int>();
        var servers = t.DnsServers.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        if (servers.Count == 0) return homes;
        var siteRegion = t.Sites.ToDictionary(s => s.Name, s => s.Region, StringComparer.Ordinal);
        var asRegion = t.ExternalAses.ToDictionary(a => a.Node, a => a.Region);
        foreach (var region in t.Resolvers.GroupBy(r => asRegion.GetValueOrDefault(r.AsNode, "")).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var local = servers.Where(d => siteRegion.GetValueOrDefault(d.Site) == region.Key).ToList();
            if (local.Count == 0) local = servers;
            var i = 0;
            foreach (var resolver in region.OrderBy(r => r.Name, StringComparer.Ordinal)) homes[resolver.Node] = local[i++ % local.Count].Node;
        }
        return homes;
    }
}
