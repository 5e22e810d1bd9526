using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>
/// The finishing stage every way of describing a network shares: turns a <see cref="TopologyLayout"/> into a
/// <see cref="NetworkTopology"/>. It numbers the nodes (the scenario driver, routers, DNS servers, external ASes,
/// public and ISP resolver cohorts, client cohorts, data centers, the backbone traffic node, the responders),
/// resolves names to node indices, gives routers their sites' tags, and derives what follows from the layout: who
/// uses the network (<see cref="Population"/>), each data center's node behind its first border router, and the
/// iBGP sessions (<see cref="IbgpSessions"/>). Purely a function of its input, so every silo gets the same nodes.
/// The layout must be valid (names resolve): the readers check it first.
/// </summary>
public static class NetworkAssembler
{
    public const string ScenarioDriverName = "scenario";
    public const string ResponderName = "responders";
    public const string TrafficName = "backbone";

    public static NetworkTopology Assemble(TopologyLayout layout)
    {
        var names = new List<string> { ScenarioDriverName };
        var siteByName = layout.Sites.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var nodeOf = new Dictionary<string, int>(StringComparer.Ordinal);

        var routers = new List<RouterSpec>(layout.Routers.Count);
        foreach (var r in layout.Routers)
        {
            var site = siteByName[r.Site];
            var node = Add(names, nodeOf, r.Name);
            routers.Add(new RouterSpec(node, r.Name, r.Role, site.Name, site.Region) { Tags = site.Tags.Concat(r.Tags).Distinct(StringComparer.Ordinal).ToList() });
        }
        var links = layout.Links.Select((l, i) => new LinkSpec(i, $"{l.A}~{l.B}", nodeOf[l.A], nodeOf[l.B], l.Kind, l.LatencyMs, l.CapacityGbps, l.Metric)).ToList();

        var dns = new List<DnsServerSpec>(layout.DnsServers.Count);
        foreach (var d in layout.DnsServers)
            dns.Add(new DnsServerSpec(Add(names, nodeOf, d.Name), d.Name, d.Site, nodeOf[d.Gateway], d.AnnounceVia.Select(v => nodeOf[v]).ToArray(), d.Prefixes.ToArray())
                { WithdrawWhenUnhealthy = d.WithdrawWhenUnhealthy });

        var ases = new List<ExternalAsSpec>(layout.ExternalAses.Count);
        var asNode = new Dictionary<long, int>();
        foreach (var a in layout.ExternalAses)
        {
            var name = $"as{a.Asn}";
            asNode[a.Asn] = names.Count;
            ases.Add(new ExternalAsSpec(Add(names, nodeOf, name), name, a.Asn, a.Label, a.Tier, a.Region) { Prefixes = a.Prefixes });
        }
        var asLinks = layout.AsLinks.Select(l => new AsLinkSpec(asNode[l.A], asNode[l.B], l.LatencyMs, l.Kind, l.CapacityGbps)).ToList();
        var peerings = layout.Peerings.Select(p => new PeeringSpec(asNode[p.Asn], nodeOf[p.Router], p.LatencyMs, p.Kind, p.CapacityGbps)).ToList();
        var asPolicies = layout.AsPolicies.Select(p => new AsPolicySpec(asNode[p.Asn],
            long.TryParse(p.With, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var neighbour) && asNode.TryGetValue(neighbour, out var n) ? n : nodeOf[p.With],
            p.Import, p.Export)).ToList();

        // Edge routers by site, in router order: a site's first one is its gateway for users and the responders.
        var edgeBySite = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var r in routers.Where(r => r.Role == RouterRole.Edge))
        {
            if (!edgeBySite.TryGetValue(r.Site, out var list)) edgeBySite[r.Site] = list = [];
            list.Add(r.Node);
        }
        var (resolvers, clients) = Population(layout, names, ases, peerings, edgeBySite, OperatorResolverRouters(routers, dns, peerings));
        ases = InternetAggregates.Assign(ases, clients.Select(c => c.AsNode).ToHashSet(),
            layout.DnsPrefixes.Concat(layout.StaticPrefixes).Concat(resolvers.Where(r => r.OperatorRun is not null).Select(r => r.OperatorRun!.Prefix)));

        var dataCenters = new List<DataCenterSpec>();
        var firstBorder = routers.Where(r => r.Role == RouterRole.DataCenterBorder).GroupBy(r => r.Site).ToDictionary(g => g.Key, g => g.First().Node);
        foreach (var dc in layout.Sites.Where(s => s.Kind == SiteKind.DataCenter && firstBorder.ContainsKey(s.Name)))
        {
            var name = $"{dc.Name}-dc";
            var node = names.Count;
            names.Add(name);
            dataCenters.Add(new DataCenterSpec(node, name, dc.Name, firstBorder[dc.Name], layout.DcPowerMw.GetValueOrDefault(dc.Name, layout.DefaultDcPowerMw))
            {
                Physics = layout.DcPhysics.GetValueOrDefault(dc.Name) ?? DataCenterPhysics.None,
            });
        }
        // A region whose feed has a limit: each of its data centers hears the others' draws.
        var regionOf = layout.Sites.Where(x => x.Kind == SiteKind.DataCenter).ToDictionary(x => x.Name, x => x.Region, StringComparer.Ordinal);
        for (var i = 0; i < dataCenters.Count; i++)
            if (layout.DcRegionPower.TryGetValue(regionOf[dataCenters[i].Site], out var limit))
            {
                var region = regionOf[dataCenters[i].Site];
                var peers = dataCenters.Where(d => d.Node != dataCenters[i].Node && regionOf[d.Site] == region).Select(d => (d.Node, d.PeakPowerMw)).ToList();
                dataCenters[i] = dataCenters[i] with { RegionPower = new RegionPowerLimit(region, limit.StepLimitMw, limit.SettleMs, peers) };
            }
        var traffic = names.Count;
        names.Add(TrafficName);
        var responders = names.Count;
        names.Add(ResponderName);

        return new NetworkTopology
        {
            OperatorName = layout.OperatorName, OperatorAsn = layout.OperatorAsn, Sites = layout.Sites.ToList(), Routers = routers, Links = links,
            DnsServers = dns, ExternalAses = ases, Peerings = peerings, AsLinks = asLinks, NodeNames = names,
            StaticPrefixes = layout.StaticPrefixes, Services = layout.Population.Services, Resolvers = resolvers, Clients = clients, DataCenters = dataCenters,
            ResponderNode = responders, Bgp = layout.Bgp, IbgpSessions = IbgpSessions(layout, routers, siteByName), TrafficNode = traffic,
            DnsPrefixes = layout.DnsPrefixes.ToArray(), AsPolicies = asPolicies,
            FrontEndPrefix = layout.Population.FrontEndCatchmentByBgp ? layout.Population.FrontEndPrefix ?? layout.StaticPrefixes[0] : null,
        };
    }

    private static int Add(List<string> names, Dictionary<string, int> nodeOf, string name)
    {
        var node = names.Count;
        names.Add(name);
        nodeOf[name] = node;
        return node;
    }

    /// <summary>
    /// The edge routers that announce a public resolver the operator runs, given its sites: those of the sites' edge
    /// routers that have eBGP sessions, in node order. With no sites, the sites of the routers that announce the
    /// operator's DNS prefixes (its resolvers sit where its authoritative servers do).
    /// </summary>
    private static Func<IReadOnlyList<string>, int[]> OperatorResolverRouters(List<RouterSpec> routers, List<DnsServerSpec> dns, List<PeeringSpec> peerings)
    {
        var ebgp = peerings.Select(p => p.RouterNode).ToHashSet();
        var siteOf = routers.ToDictionary(r => r.Node, r => r.Site);
        var dnsSites = dns.SelectMany(d => d.AnnounceVia).Select(r => siteOf[r]).ToHashSet(StringComparer.Ordinal);
        return sites =>
        {
            var chosen = sites.Count == 0 ? dnsSites : sites.ToHashSet(StringComparer.Ordinal);
            return routers.Where(r => r.Role == RouterRole.Edge && ebgp.Contains(r.Node) && chosen.Contains(r.Site)).Select(r => r.Node).ToArray();
        };
    }

    /// <summary>
    /// Resolver and client cohorts. Every access ISP (regional AS) runs resolvers for its users; public resolvers
    /// live in their own AS (which must be listed among the ASes), or the operator runs them at its sites behind an
    /// anycast prefix of its own, and take a share of every cohort's users.
    /// A cohort is served by the front-ends of the sites its ISP peers with (or of the first two sites of its region
    /// that have edge routers, when none).
    /// </summary>
    private static (List<ResolverSpec>, List<ClientCohortSpec>) Population(TopologyLayout layout, List<string> names,
        List<ExternalAsSpec> ases, List<PeeringSpec> peerings, Dictionary<string, List<int>> edgeBySite, Func<IReadOnlyList<string>, int[]> operatorResolverRouters)
    {
        var population = layout.Population;
        var resolvers = new List<ResolverSpec>();
        var clients = new List<ClientCohortSpec>();
        if (population.UsersPerRegion.Count == 0) return (resolvers, clients);
        var publicNodes = new List<(int Node, double Share)>();
        var publicAsns = population.PublicResolvers.Select(p => p.Asn).ToHashSet();
        foreach (var p in population.PublicResolvers)
        {
            var node = names.Count;
            names.Add(p.Name);
            if (p.OperatorPrefix is { } prefix)
                resolvers.Add(new ResolverSpec(node, p.Name, -1, true, p.ServeStale, p.Instances)
                    { OperatorRun = new OperatorResolverAnycast(prefix, operatorResolverRouters(p.Sites)), Settings = p.Settings });
            else
                resolvers.Add(new ResolverSpec(node, p.Name, ases.First(a => a.Asn == p.Asn).Node, true, p.ServeStale, p.Instances) { Settings = p.Settings });
            publicNodes.Add((node, p.Share));
        }
        var publicShare = publicNodes.Sum(p => p.Share);
        var access = ases.Where(a => a.Tier == AsTier.Regional && !publicAsns.Contains(a.Asn)).ToList();
        var gatewayOf = edgeBySite.Values.SelectMany(er => er.Select(r => (Router: r, Gateway: er[0]))).ToDictionary(x => x.Router, x => x.Gateway);
        var ispResolver = new Dictionary<int, int>();
        var peeringsOf = peerings.ToLookup(p => p.AsNode);
        foreach (var isp in access)
        {
            var node = names.Count;
            names.Add($"{isp.Name}-resolvers");
            resolvers.Add(new ResolverSpec(node, $"{isp.Name}-resolvers", isp.Node, false, population.IspServeStale, population.IspResolverInstances)
                { Settings = population.IspSettings });
            ispResolver[isp.Node] = node;
        }
        foreach (var region in population.UsersPerRegion.Keys.OrderBy(r => r, StringComparer.Ordinal))
        {
            var isps = access.Where(a => a.Region == region).ToList();
            for (var k = 0; k < isps.Count; k++)
            {
                var isp = isps[k];
                var node = names.Count;
                names.Add($"{isp.Name}-users");
                // Spread evenly; the first ISPs take the remainder so no user is lost to rounding.
                var users = population.UsersPerRegion[region] / isps.Count + (k < population.UsersPerRegion[region] % isps.Count ? 1 : 0);
                var chosen = new List<(int, double)> { (ispResolver[isp.Node], 1 - publicShare) };
                chosen.AddRange(publicNodes);
                var gateways = peeringsOf[isp.Node].Where(p => gatewayOf.ContainsKey(p.RouterNode)).Select(p => gatewayOf[p.RouterNode]).Distinct().OrderBy(g => g).ToList();
                if (gateways.Count == 0) // no direct peering: served through transit by the region's PoPs
                    gateways = layout.Sites.Where(s => s.Region == region && edgeBySite.ContainsKey(s.Name)).Take(2).Select(s => edgeBySite[s.Name][0]).ToList();
                clients.Add(new ClientCohortSpec(node, $"{isp.Name}-users", isp.Node, region, users, chosen, gateways));
            }
        }
        return (resolvers, clients);
    }

    /// <summary>
    /// iBGP: the route reflectors (by default the backbone routers of the data-center sites) in a full mesh; every other
    /// edge and data-center border router is a client of the <see cref="BgpDesign.ReflectorsPerClient"/> nearest
    /// reflectors: those of the nearest reflector site first (ties to the site whose reflectors come first in the
    /// list), in list order within a site.
    /// </summary>
    private static List<IbgpSessionSpec> IbgpSessions(TopologyLayout layout, List<RouterSpec> routers, Dictionary<string, Site> siteByName)
    {
        var sessions = new List<IbgpSessionSpec>();
        var perClient = layout.Bgp.ReflectorsPerClient;
        if (perClient <= 0) return sessions;
        var routerByName = routers.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var reflectors = (layout.RouteReflectors?.Select(n => routerByName[n])
                          ?? routers.Where(r => r.Role == RouterRole.Backbone && siteByName[r.Site].Kind == SiteKind.DataCenter))
            .Select(r => (r.Node, Site: siteByName[r.Site])).ToList();
        var isReflector = reflectors.Select(r => r.Node).ToHashSet();
        // Reflector sites in order of their first reflector, each with its reflectors in list order.
        var reflectorSites = reflectors.Select(r => r.Site).Distinct().ToList();
        var reflectorsAt = reflectors.ToLookup(r => r.Site.Name, r => r.Node);
        static double Latency(Site a, Site b) => Math.Max(0.1, GeoMath.FibreLatencyMs(a, b));
        // The choice depends only on the client's site. Each site has at least one reflector, so the k nearest sites
        // hold the k nearest reflectors.
        var chosenBySite = new Dictionary<string, List<(int Router, Site Site)>>(StringComparer.Ordinal);
        foreach (var client in routers.Where(r => r.Role is RouterRole.Edge or RouterRole.DataCenterBorder && !isReflector.Contains(r.Node)))
        {
            var site = siteByName[client.Site];
            if (!chosenBySite.TryGetValue(client.Site, out var chosen))
                chosenBySite[client.Site] = chosen = Smallest(reflectorSites.Count, i => GeoMath.DistanceKm(site, reflectorSites[i]), perClient, exclude: -1)
                    .SelectMany(i => reflectorsAt[reflectorSites[i].Name].Select(rr => (rr, reflectorSites[i]))).Take(perClient).ToList();
            foreach (var (rr, rrSite) in chosen) sessions.Add(new IbgpSessionSpec(client.Node, rr, Latency(site, rrSite), Mesh: false));
        }
        for (var i = 0; i < reflectors.Count; i++)
            for (var j = i + 1; j < reflectors.Count; j++)
                sessions.Add(new IbgpSessionSpec(reflectors[i].Node, reflectors[j].Node, Latency(reflectors[i].Site, reflectors[j].Site), Mesh: true));
        return sessions;
    }

    /// <summary>
    /// The <paramref name="k"/> indices below <paramref name="count"/> (but <paramref name="exclude"/>) with the smallest
    /// <paramref name="key"/>, in order of key then index: what sorting all of them would give first, in O(count k).
    /// </summary>
    public static List<int> Smallest(int count, Func<int, double> key, int k, int exclude)
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
}
