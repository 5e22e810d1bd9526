namespace BackboneSim.Model.Topology;

/// <summary>
/// Expands a <see cref="HyperscalerSpec"/> into routers, links, DNS servers and the external Internet. Purely a
/// function of its input, so every silo that expands the same scenario gets the same node indices.
/// </summary>
public static class HyperscalerGenerator
{
    public static NetworkTopology Generate(HyperscalerSpec spec)
    {
        var names = new List<string> { ScenarioDriverName };
        var sites = new List<Site>();
        var routers = new List<RouterSpec>();
        var routersBySite = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var links = new List<LinkSpec>();
        var siteByName = new Dictionary<string, Site>(StringComparer.Ordinal);

        int AddRouter(Site site, RouterRole role, string suffix)
        {
            var node = names.Count;
            var name = $"{site.Name}-{suffix}";
            names.Add(name);
            routers.Add(new RouterSpec(node, name, role, site.Name, site.Region));
            if (!routersBySite.TryGetValue(site.Name, out var list)) routersBySite[site.Name] = list = new List<int>();
            list.Add(node);
            return node;
        }

        void AddLink(int a, int b, string kind, double latencyMs, double capacityGbps)
        {
            // Metric follows latency (tenths of a ms), the usual choice for a latency-optimised backbone.
            var metric = Math.Max(1, (int)Math.Round(latencyMs * 10));
            links.Add(new LinkSpec(links.Count, $"{names[a]}~{names[b]}", a, b, kind, latencyMs, capacityGbps, metric));
        }

        foreach (var s in spec.DataCenters.Concat(spec.Hubs).Concat(spec.Pops)) { sites.Add(s); siteByName[s.Name] = s; }

        // Routers, site by site.
        var backboneRoutersBySite = new Dictionary<string, List<int>>(StringComparer.Ordinal);
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
        var edgeBySite = new Dictionary<string, List<int>>(StringComparer.Ordinal);
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
        var dns = new List<DnsServerSpec>();
        foreach (var pop in spec.Pops)
        {
            var er = edgeBySite[pop.Name];
            for (var i = 0; i < spec.DnsPerPop; i++)
            {
                var node = names.Count;
                var name = $"{pop.Name}-dns{i + 1}";
                names.Add(name);
                dns.Add(new DnsServerSpec(node, name, pop.Name, er[i % er.Count], er.ToArray(), spec.DnsPrefixes.ToArray()) { WithdrawWhenUnhealthy = spec.DnsWithdrawWhenUnhealthy });
            }
        }

        // The external Internet: tier-1s peer in a full mesh, regional ISPs buy transit from tier-1s, every regional
        // ISP of a region is a member of the region's exchanges; each PoP peers with regional ISPs of its region,
        // the region's exchange route servers, and buys transit from one tier-1.
        var ases = new List<ExternalAsSpec>();
        foreach (var a in spec.ExternalAses)
        {
            var node = names.Count;
            var name = $"as{a.Asn}";
            names.Add(name);
            ases.Add(new ExternalAsSpec(node, name, a.Asn, a.Label, a.Tier, a.Region));
        }
        var tier1 = ases.Where(a => a.Tier == AsTier.Tier1).ToList();
        var regional = ases.Where(a => a.Tier == AsTier.Regional).ToList();
        var exchanges = ases.Where(a => a.Tier == AsTier.Ixp).ToList();
        const double InterAsLatencyMs = 5; // a typical hand-off inside an IXP or private interconnect metro
        var asLinks = new List<AsLinkSpec>();
        for (var i = 0; i < tier1.Count; i++)
            for (var j = i + 1; j < tier1.Count; j++)
                asLinks.Add(new AsLinkSpec(tier1[i].Node, tier1[j].Node, InterAsLatencyMs, AsLinkKind.Peer));
        for (var r = 0; r < regional.Count; r++)
            for (var k = 0; k < Math.Min(spec.TransitPerRegional, tier1.Count); k++)
                asLinks.Add(new AsLinkSpec(regional[r].Node, tier1[(r + k) % tier1.Count].Node, InterAsLatencyMs, AsLinkKind.CustomerOf));
        foreach (var ix in exchanges)
            foreach (var member in regional.Where(a => a.Region == ix.Region))
                asLinks.Add(new AsLinkSpec(member.Node, ix.Node, InterAsLatencyMs, AsLinkKind.RouteServer));

        var peerings = new List<PeeringSpec>();
        var transitKind = spec.OperatorBuysTransit ? AsLinkKind.CustomerOf : AsLinkKind.Peer;
        for (var p = 0; p < spec.Pops.Count; p++)
        {
            var pop = spec.Pops[p];
            var er = edgeBySite[pop.Name];
            var local = regional.Where(a => a.Region == pop.Region).ToList();
            for (var k = 0; k < Math.Min(spec.PopRegionalPeers, local.Count); k++)
                peerings.Add(new PeeringSpec(local[(p + k) % local.Count].Node, er[k % er.Count], 1.0, AsLinkKind.Peer));
            var regionalExchanges = exchanges.Where(a => a.Region == pop.Region).ToList();
            for (var k = 0; k < regionalExchanges.Count; k++)
                peerings.Add(new PeeringSpec(regionalExchanges[k].Node, er[(k + 1) % er.Count], 1.0, AsLinkKind.RouteServer));
            if (tier1.Count > 0)
                peerings.Add(new PeeringSpec(tier1[p % tier1.Count].Node, er[er.Count - 1], 1.0, transitKind));
        }

        var (resolvers, clients) = Population(spec, names, regional, ases, peerings, edgeBySite);
        var dataCenters = new List<DataCenterSpec>();
        var firstBorder = routers.Where(r => r.Role == RouterRole.DataCenterBorder).GroupBy(r => r.Site).ToDictionary(g => g.Key, g => g.First().Node);
        foreach (var dc in spec.DataCenters)
        {
            var node = names.Count;
            names.Add($"{dc.Name}-dc");
            var border = firstBorder[dc.Name];
            dataCenters.Add(new DataCenterSpec(node, $"{dc.Name}-dc", dc.Name, border, spec.DcPowerMw.GetValueOrDefault(dc.Name, spec.DefaultDcPowerMw)));
        }
        var traffic = names.Count;
        names.Add(TrafficName);
        var responders = names.Count;
        names.Add(ResponderName);
        var ibgp = IbgpSessions(spec, routers, siteByName, backboneRoutersBySite);

        return new NetworkTopology
        {
            OperatorName = spec.OperatorName, OperatorAsn = spec.OperatorAsn, Sites = sites, Routers = routers, Links = links,
            DnsServers = dns, ExternalAses = ases, Peerings = peerings, AsLinks = asLinks, NodeNames = names,
            StaticPrefixes = spec.StaticPrefixes, Services = spec.Services, Resolvers = resolvers, Clients = clients, DataCenters = dataCenters, ResponderNode = responders,
            Bgp = spec.Bgp, IbgpSessions = ibgp, TrafficNode = traffic, DnsPrefixes = spec.DnsPrefixes.ToArray(),
        };
    }

    public const string ScenarioDriverName = "scenario";
    public const string ResponderName = "responders";
    public const string TrafficName = "backbone";

    /// <summary>
    /// Resolver and client cohorts. Every access ISP (regional AS) runs resolvers for its users; public resolvers
    /// live in their own AS (which must be listed among the ASes) and take a share of every cohort's users.
    /// A cohort is served by the front-ends of the PoPs its ISP peers with (or of its region when none).
    /// </summary>
    private static (List<ResolverSpec>, List<ClientCohortSpec>) Population(HyperscalerSpec spec, List<string> names,
        List<ExternalAsSpec> regional, List<ExternalAsSpec> ases, List<PeeringSpec> peerings, Dictionary<string, List<int>> edgeBySite)
    {
        var resolvers = new List<ResolverSpec>();
        var clients = new List<ClientCohortSpec>();
        if (spec.UsersPerRegion.Count == 0) return (resolvers, clients);
        var publicNodes = new List<(int Node, double Share)>();
        var publicAsns = spec.PublicResolvers.Select(p => p.Asn).ToHashSet();
        foreach (var p in spec.PublicResolvers)
        {
            var host = ases.First(a => a.Asn == p.Asn);
            var node = names.Count;
            names.Add(p.Name);
            resolvers.Add(new ResolverSpec(node, p.Name, host.Node, true, p.ServeStale, p.Instances));
            publicNodes.Add((node, p.Share));
        }
        var publicShare = publicNodes.Sum(p => p.Share);
        var access = regional.Where(a => !publicAsns.Contains(a.Asn)).ToList();
        var gatewayOf = edgeBySite.Values.SelectMany(er => er.Select(r => (Router: r, Gateway: er[0]))).ToDictionary(x => x.Router, x => x.Gateway);
        var ispResolver = new Dictionary<int, int>();
        var peeringsOf = peerings.ToLookup(p => p.AsNode);
        foreach (var isp in access)
        {
            var node = names.Count;
            names.Add($"{isp.Name}-resolvers");
            resolvers.Add(new ResolverSpec(node, $"{isp.Name}-resolvers", isp.Node, false, spec.IspServeStale, spec.IspResolverInstances));
            ispResolver[isp.Node] = node;
        }
        foreach (var region in spec.UsersPerRegion.Keys.OrderBy(r => r, StringComparer.Ordinal))
        {
            var isps = access.Where(a => a.Region == region).ToList();
            for (var k = 0; k < isps.Count; k++)
            {
                var isp = isps[k];
                var node = names.Count;
                names.Add($"{isp.Name}-users");
                // Spread evenly; the first ISPs take the remainder so no user is lost to rounding.
                var users = spec.UsersPerRegion[region] / isps.Count + (k < spec.UsersPerRegion[region] % isps.Count ? 1 : 0);
                var chosen = new List<(int, double)> { (ispResolver[isp.Node], 1 - publicShare) };
                chosen.AddRange(publicNodes);
                var gateways = peeringsOf[isp.Node].Select(p => gatewayOf[p.RouterNode]).Distinct().OrderBy(g => g).ToList();
                if (gateways.Count == 0) // no direct peering: served through transit by the region's PoPs
                    gateways = spec.Pops.Where(p => p.Region == region).Take(2).Select(p => edgeBySite[p.Name][0]).ToList();
                clients.Add(new ClientCohortSpec(node, $"{isp.Name}-users", isp.Node, region, users, chosen, gateways));
            }
        }
        return (resolvers, clients);
    }

    /// <summary>
    /// iBGP: the backbone routers of the data centers are route reflectors in a full mesh; every edge and
    /// data-center border router is a client of the reflectors of its nearest data centers.
    /// </summary>
    private static List<IbgpSessionSpec> IbgpSessions(HyperscalerSpec spec, List<RouterSpec> routers, Dictionary<string, Site> siteByName,
        Dictionary<string, List<int>> backboneRoutersBySite)
    {
        var sessions = new List<IbgpSessionSpec>();
        if (spec.Bgp.ReflectorsPerClient <= 0) return sessions;
        var reflectors = spec.DataCenters.SelectMany(dc => backboneRoutersBySite[dc.Name].Select(r => (Router: r, Site: dc))).ToList();
        static double Latency(Site a, Site b) => Math.Max(0.1, GeoMath.FibreLatencyMs(a, b));
        // A client's reflectors are the nearest ones, ties to the earlier in the list. They depend only on the client's
        // site, and the list holds each data center's reflectors together, in data-center order: so the nearest data
        // centers (ties to the earlier), their reflectors in order, give the same choice with a distance per data center.
        var chosenBySite = new Dictionary<string, List<(int Router, Site Site)>>(StringComparer.Ordinal);
        var perDataCenter = spec.BackbonePerDataCenter;
        foreach (var client in routers.Where(r => r.Role is RouterRole.Edge or RouterRole.DataCenterBorder))
        {
            var site = siteByName[client.Site];
            if (!chosenBySite.TryGetValue(client.Site, out var chosen))
                chosenBySite[client.Site] = chosen = Smallest(spec.DataCenters.Count, i => GeoMath.DistanceKm(site, spec.DataCenters[i]),
                        (spec.Bgp.ReflectorsPerClient + perDataCenter - 1) / perDataCenter, exclude: -1)
                    .SelectMany(dc => reflectors.GetRange(dc * perDataCenter, perDataCenter)).Take(spec.Bgp.ReflectorsPerClient).ToList();
            foreach (var (rr, rrSite) in chosen) sessions.Add(new IbgpSessionSpec(client.Node, rr, Latency(site, rrSite), Mesh: false));
        }
        for (var i = 0; i < reflectors.Count; i++)
            for (var j = i + 1; j < reflectors.Count; j++)
                sessions.Add(new IbgpSessionSpec(reflectors[i].Router, reflectors[j].Router, Latency(reflectors[i].Site, reflectors[j].Site), Mesh: true));
        return sessions;
    }

    private static void Ring(List<int> nodes, Action<int, int> link)
    {
        if (nodes.Count < 2) return;
        if (nodes.Count == 2) { link(nodes[0], nodes[1]); return; }
        for (var i = 0; i < nodes.Count; i++) link(nodes[i], nodes[(i + 1) % nodes.Count]);
    }

    /// <summary>Indices of the <paramref name="k"/> sites nearest to <paramref name="from"/>, ties broken by list order.</summary>
    private static List<int> Nearest(List<Site> sites, Site from, int k, int exclude)
        => Smallest(sites.Count, i => GeoMath.DistanceKm(from, sites[i]), k, exclude);

    /// <summary>
    /// The <paramref name="k"/> indices below <paramref name="count"/> (but <paramref name="exclude"/>) with the smallest
    /// <paramref name="key"/>, in order of key then index: what sorting all of them would give first, in O(count k).
    /// </summary>
    private static List<int> Smallest(int count, Func<int, double> key, int k, int exclude)
    {
        var best = new List<(double Key, int Index)>(Math.Max(0, k) + 1);
        if (k <= 0) return [];
        for (var i = 0; i < count; i++)
        {
            if (i == exclude) continue;
            var d = key(i);
            if (best.Count == k && d >= best[^1].Key) continue; // a tie goes to the lower index, which came first
            var at = best.Count;
            while (at > 0 && best[at - 1].Key > d) at--;
            best.Insert(at, (d, i));
            if (best.Count > k) best.RemoveAt(k);
        }
        return best.Select(b => b.Index).ToList();
    }

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
