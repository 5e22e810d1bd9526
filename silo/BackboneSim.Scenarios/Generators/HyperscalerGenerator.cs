using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>
/// Lays out a hyperscaler network from a <see cref="HyperscalerSpec"/>: routers per site, rings, the long-haul mesh,
/// PoP uplinks, DNS servers at every PoP, and an external Internet of tier-1s, regional ISPs and exchanges. The
/// <see cref="NetworkAssembler"/> finishes it (node indices, cohorts, data centers, iBGP). Purely a function of its
/// input, so every silo that expands the same scenario gets the same node indices.
/// </summary>
public static class HyperscalerGenerator
{
    public static NetworkTopology Generate(HyperscalerSpec spec) => NetworkAssembler.Assemble(Layout(spec));

    public static TopologyLayout Layout(HyperscalerSpec spec)
    {
        var layout = new TopologyLayout
        {
            OperatorName = spec.OperatorName, OperatorAsn = spec.OperatorAsn, StaticPrefixes = spec.StaticPrefixes, DnsPrefixes = spec.DnsPrefixes.ToArray(),
            Bgp = spec.Bgp, DcPowerMw = spec.DcPowerMw, DefaultDcPowerMw = spec.DefaultDcPowerMw, DcPhysics = spec.DcPhysics, DcRegionPower = spec.DcRegionPower, Population = spec.Population,
        };
        var routers = layout.Routers;
        var links = layout.Links;

        string AddRouter(Site site, RouterRole role, string suffix)
        {
            var name = $"{site.Name}-{suffix}";
            routers.Add(new LayoutRouter(name, role, site.Name));
            return name;
        }

        void AddLink(string a, string b, string kind, double latencyMs, double capacityGbps)
            => links.Add(new LayoutLink(a, b, kind, latencyMs, capacityGbps, TopologyLayout.MetricFor(latencyMs)));

        layout.Sites.AddRange(spec.DataCenters.Concat(spec.Hubs).Concat(spec.Pops));

        // Routers, site by site.
        var backboneRoutersBySite = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var dc in spec.DataCenters)
        {
            var bb = Enumerable.Range(1, spec.BackbonePerDataCenter).Select(i => AddRouter(dc, RouterRole.Backbone, $"bb{i}")).ToList();
            var border = Enumerable.Range(1, spec.BorderPerDataCenter).Select(i => AddRouter(dc, RouterRole.DataCenterBorder, $"dr{i}")).ToList();
            backboneRoutersBySite[dc.Name] = bb;
            foreach (var d in border) foreach (var b in bb) AddLink(d, b, LinkKinds.Fabric, 0.1, spec.BackboneCapacityGbps);
            Ring(bb, (a, b) => AddLink(a, b, LinkKinds.Metro, 0.1, spec.BackboneCapacityGbps));
        }
        foreach (var hub in spec.Hubs)
        {
            var bb = Enumerable.Range(1, spec.BackbonePerHub).Select(i => AddRouter(hub, RouterRole.Backbone, $"bb{i}")).ToList();
            backboneRoutersBySite[hub.Name] = bb;
            Ring(bb, (a, b) => AddLink(a, b, LinkKinds.Metro, 0.1, spec.BackboneCapacityGbps));
        }
        var edgeBySite = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pop in spec.Pops)
        {
            var er = Enumerable.Range(1, spec.EdgePerPop).Select(i => AddRouter(pop, RouterRole.Edge, $"er{i}")).ToList();
            edgeBySite[pop.Name] = er;
            Ring(er, (a, b) => AddLink(a, b, LinkKinds.Metro, 0.1, spec.BackboneCapacityGbps));
        }

        // Long-haul mesh: k nearest backbone sites, then join any islands so the backbone is one piece.
        var backboneSites = spec.DataCenters.Concat(spec.Hubs).ToList();
        var pairs = new SortedSet<(int, int)>();
        for (var i = 0; i < backboneSites.Count; i++)
            foreach (var j in Nearest(backboneSites, backboneSites[i], spec.HubNeighbors, exclude: i))
                pairs.Add((Math.Min(i, j), Math.Max(i, j)));
        JoinComponents(backboneSites, pairs);
        foreach (var (i, j) in pairs)
        {
            var a = backboneSites[i]; var b = backboneSites[j];
            var ra = backboneRoutersBySite[a.Name]; var rb = backboneRoutersBySite[b.Name];
            for (var p = 0; p < spec.ParallelLinks; p++)
                AddLink(ra[p % ra.Count], rb[p % rb.Count], LinkKinds.Backbone, GeoMath.FibreLatencyMs(a, b), spec.BackboneCapacityGbps);
        }

        // PoP uplinks: edge router j goes to the (j mod uplinks)-th nearest backbone site.
        foreach (var pop in spec.Pops)
        {
            var nearest = Nearest(backboneSites, pop, Math.Max(1, spec.PopUplinks), exclude: -1);
            var er = edgeBySite[pop.Name];
            for (var j = 0; j < er.Count; j++)
            {
                var hub = backboneSites[nearest[j % nearest.Count]];
                var bb = backboneRoutersBySite[hub.Name];
                AddLink(er[j], bb[j % bb.Count], LinkKinds.Backbone, GeoMath.FibreLatencyMs(pop, hub), spec.BackboneCapacityGbps / 4);
            }
        }

        // Authoritative DNS servers at every PoP, each checking health through one of the PoP's edge routers.
        foreach (var pop in spec.Pops)
        {
            var er = edgeBySite[pop.Name];
            for (var i = 0; i < spec.DnsPerPop; i++)
                layout.DnsServers.Add(new LayoutDnsServer($"{pop.Name}-dns{i + 1}", pop.Name, er[i % er.Count], er, spec.DnsPrefixes, spec.DnsWithdrawWhenUnhealthy));
        }

        // The external Internet: tier-1s peer in a full mesh, regional ISPs buy transit from tier-1s, every regional
        // ISP of a region is a member of the region's exchanges; each PoP peers with regional ISPs of its region,
        // the region's exchange route servers, and buys transit from one tier-1.
        layout.ExternalAses.AddRange(spec.ExternalAses);
        InternetGenerator.AddAsLinks(layout, spec.ExternalAses, spec.TransitPerRegional);
        var tier1 = spec.ExternalAses.Where(a => a.Tier == AsTier.Tier1).ToList();
        var regional = spec.ExternalAses.Where(a => a.Tier == AsTier.Regional).ToList();
        var exchanges = spec.ExternalAses.Where(a => a.Tier == AsTier.Ixp).ToList();

        var peerings = layout.Peerings;
        var transitKind = spec.OperatorBuysTransit ? AsLinkKind.CustomerOf : AsLinkKind.Peer;
        for (var p = 0; p < spec.Pops.Count; p++)
        {
            var pop = spec.Pops[p];
            var er = edgeBySite[pop.Name];
            var local = regional.Where(a => a.Region == pop.Region).ToList();
            for (var k = 0; k < Math.Min(spec.PopRegionalPeers, local.Count); k++)
                peerings.Add(new LayoutPeering(local[(p + k) % local.Count].Asn, er[k % er.Count], PeeringLatencyMs, AsLinkKind.Peer));
            var regionalExchanges = exchanges.Where(a => a.Region == pop.Region).ToList();
            for (var k = 0; k < regionalExchanges.Count; k++)
                peerings.Add(new LayoutPeering(regionalExchanges[k].Asn, er[(k + 1) % er.Count], PeeringLatencyMs, AsLinkKind.RouteServer));
            if (tier1.Count > 0)
                peerings.Add(new LayoutPeering(tier1[p % tier1.Count].Asn, er[er.Count - 1], PeeringLatencyMs, transitKind));
        }
        return layout;
    }

    public const double InterAsLatencyMs = InternetGenerator.InterAsLatencyMs;
    public const double PeeringLatencyMs = InternetGenerator.PeeringLatencyMs;

    internal static void Ring(List<string> nodes, Action<string, string> link)
    {
        if (nodes.Count < 2) return;
        if (nodes.Count == 2) { link(nodes[0], nodes[1]); return; }
        for (var i = 0; i < nodes.Count; i++) link(nodes[i], nodes[(i + 1) % nodes.Count]);
    }

    /// <summary>Indices of the <paramref name="k"/> sites nearest to <paramref name="from"/>, ties broken by list order.</summary>
    internal static List<int> Nearest(List<Site> sites, Site from, int k, int exclude)
        => NetworkAssembler.Smallest(sites.Count, i => GeoMath.DistanceKm(from, sites[i]), k, exclude);

    /// <summary>
    /// Links the backbone into one piece: while there are several, add the shortest site pair between two of them (ties
    /// to the lowest pair of indices). That greedy choice is Kruskal's algorithm with the given pairs taken first, so it
    /// adds exactly the cross-piece edges of the minimum spanning tree, under the order (given first, then distance,
    /// then indices), which is unique. Prim's algorithm finds that tree in O(n²) rather than O(n²) per join.
    /// </summary>
    private static void JoinComponents(List<Site> sites, SortedSet<(int, int)> pairs)
    {
        var n = sites.Count;
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var (a, b) in pairs) parent[Find(a)] = Find(b);
        var piece = Enumerable.Range(0, n).Select(Find).ToArray();
        if (piece.Distinct().Count() <= 1) return;

        // An edge's rank: pairs inside one piece first (as if given), then by distance, then by (lower, higher) index.
        (bool Across, double Km, int Lo, int Hi) Rank(int u, int v)
        {
            var (lo, hi) = u < v ? (u, v) : (v, u);
            return piece[lo] == piece[hi] ? (false, 0, lo, hi) : (true, GeoMath.DistanceKm(sites[lo], sites[hi]), lo, hi);
        }
        static bool Before((bool Across, double Km, int Lo, int Hi) a, (bool Across, double Km, int Lo, int Hi) b)
            => a.Across != b.Across ? !a.Across : a.Km != b.Km ? a.Km < b.Km : a.Lo != b.Lo ? a.Lo < b.Lo : a.Hi < b.Hi;

        var inTree = new bool[n];
        var best = new (bool Across, double Km, int Lo, int Hi)[n];
        inTree[0] = true;
        for (var v = 1; v < n; v++) best[v] = Rank(0, v);
        for (var added = 1; added < n; added++)
        {
            var next = -1;
            for (var v = 0; v < n; v++)
                if (!inTree[v] && (next < 0 || Before(best[v], best[next]))) next = v;
            inTree[next] = true;
            if (best[next].Across) pairs.Add((best[next].Lo, best[next].Hi));
            for (var v = 0; v < n; v++)
                if (!inTree[v] && Rank(next, v) is var r && Before(r, best[v])) best[v] = r;
        }
    }
}
