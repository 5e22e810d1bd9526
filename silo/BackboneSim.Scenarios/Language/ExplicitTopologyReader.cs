using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Generators;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Reads <c>generator: explicit</c>: a network written out by hand, site by site, router by router and link by link
/// (docs/scenario-format.md#explicit-topology), into a <see cref="TopologyLayout"/> that
/// <see cref="NetworkAssembler"/> finishes like a generated one. Checks every reference (with a suggestion when a
/// name is misspelt), duplicates, and that the routers form one network.
/// </summary>
public static class ExplicitTopologyReader
{
    public const string Generator = "explicit";

    private static readonly string[] TopKeys = ["include", "generator", "operator", "sites", "routers", "links", "dns", "internet", "route_reflectors",
        "services", "resolvers", "users", "frontend_catchment", "frontend_prefix", "bgp", DataCenterPhysicsReader.TopologyKey];

    /// <summary>Site kinds as written, and the suffix of the routers <c>count:</c> stamps per role.</summary>
    public static readonly IReadOnlyDictionary<string, SiteKind> SiteKinds = new Dictionary<string, SiteKind>
    {
        ["datacenter"] = SiteKind.DataCenter, ["hub"] = SiteKind.Hub, ["pop"] = SiteKind.Pop,
    };
    private static readonly Dictionary<RouterRole, string> StampSuffix = new()
    {
        [RouterRole.Backbone] = "bb", [RouterRole.DataCenterBorder] = "dr", [RouterRole.Edge] = "er",
    };
    private static readonly (string Key, AsLinkKind Kind)[] AsLinkKinds =
        [("customer_of", AsLinkKind.CustomerOf), ("peer", AsLinkKind.Peer), ("route_server", AsLinkKind.RouteServer)];
    private static readonly (string Key, AsLinkKind Kind)[] PeeringKinds =
        [("transit", AsLinkKind.CustomerOf), ("peer", AsLinkKind.Peer), ("route_server", AsLinkKind.RouteServer)];

    /// <summary>Names the finishing stage gives its own nodes, which a router or DNS server may not take.</summary>
    private static readonly string[] Reserved = [NetworkAssembler.ScenarioDriverName, NetworkAssembler.TrafficName, NetworkAssembler.ResponderName];

    /// <summary>Capacity of a link that does not give one (Gb/s).</summary>
    public const double DefaultCapacityGbps = 100;

    /// <summary>Latency of a link inside one site, and the least a link may have (ms).</summary>
    public const double InSiteLatencyMs = 0.1;

    public static NetworkTopology? Read(YamlReader r, YamlMappingNode node)
    {
        var errorsBefore = r.Errors.Errors.Count;
        if (r.AsMap(node, "topology", TopKeys) is not { } map) return null;
        map.Choice("generator", TopologyLoader.Generators, required: true);
        var (operatorName, operatorAsn, staticPrefixes) = TopologyParts.Operator(map);

        var dnsPrefixes = new List<string>();
        var dns = map.SubMap("dns", false, "prefixes", "unhealthy", "per_pop", "servers");
        if (dns is not null) TopologyParts.Prefixes(dns, "prefixes", dnsPrefixes, "129.134.30.0/23");
        var internet = map.SubMap("internet", false, "ases", "as_links", "peerings", "policies");
        var (ases, asAt) = internet is null ? (new List<ExternalAsInput>(), new Dictionary<long, YamlNode>()) : TopologyParts.Ases(internet, "ases", operatorAsn);

        var bgp = new BgpDesign();
        BgpDesignReader.Read(map, bgp, staticPrefixes.Concat(dnsPrefixes).ToList());
        var population = new PopulationSpec();
        var references = PopulationReader.Read(r, map, population, ases, dnsPrefixes, staticPrefixes);

        var power = new Dictionary<string, double>(StringComparer.Ordinal);
        var physics = new Dictionary<string, DataCenterPhysics>(StringComparer.Ordinal);
        var regionPower = new Dictionary<string, (double, long?)>(StringComparer.Ordinal);
        var layout = new TopologyLayout
        {
            OperatorName = operatorName, OperatorAsn = operatorAsn, StaticPrefixes = staticPrefixes, DnsPrefixes = dnsPrefixes, Bgp = bgp,
            DcPowerMw = power, Population = population, RouteReflectors = RouteReflectors(map), DcPhysics = physics, DcRegionPower = regionPower,
        };
        layout.ExternalAses.AddRange(ases);
        var ownPhysics = new Dictionary<string, DataCenterPhysics>(StringComparer.Ordinal);
        var sites = Sites(map, layout, power, ownPhysics);
        foreach (var (dc, merged) in DataCenterPhysicsReader.Merge(DataCenterPhysicsReader.Read(map, DataCenterPhysicsReader.TopologyKey), ownPhysics,
                     layout.Sites.Where(x => x.Kind == SiteKind.DataCenter).Select(x => x.Name)))
            physics[dc] = merged;
        foreach (var (region, limit) in DataCenterPhysicsReader.Regions(map, layout.Sites.Where(x => x.Kind == SiteKind.DataCenter).Select(x => x.Region)))
            regionPower[region] = limit;
        var routers = Routers(map, layout, sites);
        Links(map, layout, sites, routers);
        if (dns is not null) DnsServers(dns, layout, sites, routers, dnsPrefixes);
        if (internet is not null) Internet(internet, layout, asAt, routers);

        if (layout.RouteReflectors is { } reflectors)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (n, name) in map.Sequence("route_reflectors")!.Zip(reflectors))
                if (name.Length > 0 && Known(r, n, name, "router", routers) && !seen.Add(name)) r.Error(n, $"route reflector '{name}' is listed twice");
        }
        CheckServiceHosts(map, layout, references.ServiceHosts);
        OperatorResolverReader.Check(r, references.OperatorResolvers, layout);
        CheckLimits(map, layout);
        if (r.Errors.Errors.Count == errorsBefore) CheckConnected(map, layout);
        return r.Errors.Errors.Count > errorsBefore ? null : NetworkAssembler.Assemble(layout);
    }

    private static List<string>? RouteReflectors(YamlReader.Map map)
    {
        if (map.Sequence("route_reflectors") is not { } list) return null;
        return list.Select(n => map.Reader.AsString(n, "a route reflector") ?? "").ToList();
    }

    /// <summary><c>sites:</c>, by name, with where each was written.</summary>
    private static Dictionary<string, (Site Site, YamlNode At)> Sites(YamlReader.Map map, TopologyLayout layout, Dictionary<string, double> power,
        Dictionary<string, DataCenterPhysics> physics)
    {
        var r = map.Reader;
        var byName = new Dictionary<string, (Site, YamlNode)>(StringComparer.Ordinal);
        var list = map.Sequence("sites", required: true) ?? [];
        if (list.Count > TopologyLoader.MaxSites) { r.Error(map.Get("sites")!, $"{list.Count} sites; the limit is {TopologyLoader.MaxSites}"); return byName; }
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var n in list)
        {
            if (r.AsMap(n, "a site", "name", "kind", "city", "lat", "lon", "region", "tags", "power_mw", DataCenterPhysicsReader.SiteKey) is not { } s) continue;
            var kind = s.Choice("kind", [.. SiteKinds.Keys], required: true);
            var mw = s.Number("power_mw", 0.001, 10_000);
            if (mw is not null && kind is not null and not "datacenter") r.Error(s.Get("power_mw")!, "'power_mw' is for data centers (kind: datacenter)");
            var own = DataCenterPhysicsReader.Read(s, DataCenterPhysicsReader.SiteKey);
            if (own is not null && kind is not null and not "datacenter")
                r.Error(s.Get(DataCenterPhysicsReader.SiteKey)!, "'physics' is for data centers (kind: datacenter)");
            if (kind is null || TopologyParts.Site(s, SiteKinds[kind], names) is not { } site) continue;
            layout.Sites.Add(site);
            byName[site.Name] = (site, n);
            if (mw is { } ok && site.Kind == SiteKind.DataCenter) power[site.Name] = ok;
            if (own is not null && site.Kind == SiteKind.DataCenter) physics[site.Name] = own;
        }
        if (list.Count == 0 && map.Get("sites") is { } empty) r.Error(empty, "'sites' must list at least one site");
        return byName;
    }

    /// <summary><c>routers:</c>, each <c>{ name, site, role, tags }</c> or <c>{ site, role, count, tags }</c>; by name, with where each was written.</summary>
    private static Dictionary<string, (LayoutRouter Router, YamlNode At)> Routers(YamlReader.Map map, TopologyLayout layout,
        Dictionary<string, (Site Site, YamlNode At)> sites)
    {
        var r = map.Reader;
        var byName = new Dictionary<string, (LayoutRouter, YamlNode)>(StringComparer.Ordinal);
        var perSite = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in map.Sequence("routers", required: true) ?? [])
        {
            if (r.AsMap(n, "a router", "name", "site", "role", "tags", "count") is not { } ro) continue;
            var name = ro.String("name");
            var siteName = ro.String("site", required: true);
            var roleText = ro.Choice("role", [.. TargetSelector.Roles.Keys], required: true);
            var tags = TopologyParts.Tags(ro);
            var count = ro.Integer("count", 1, TopologyLoader.MaxPerSite);
            if (name is null && count is null && !ro.Has("count")) r.Error(n, "a router needs a 'name' (or a 'count' to stamp several: <site>-bb1, -dr1 or -er1 and on)");
            if (siteName is null || roleText is null || (name is null && count is null)) continue;
            if (!sites.ContainsKey(siteName)) { r.Error(ro.Get("site")!, $"no site named '{siteName}'{Suggestions.DidYouMean(siteName, sites.Keys)}"); continue; }
            var role = TargetSelector.Roles[roleText];
            var names = count is { } c
                ? Enumerable.Range(1, (int)c).Select(i => $"{name ?? $"{siteName}-{StampSuffix[role]}"}{i}").ToList()
                : [name!];
            if (perSite.GetValueOrDefault(siteName) + names.Count > TopologyLoader.MaxPerSite)
            {
                r.Error(n, $"site '{siteName}' would have more than {TopologyLoader.MaxPerSite} routers");
                continue;
            }
            perSite[siteName] = perSite.GetValueOrDefault(siteName) + names.Count;
            foreach (var routerName in names)
            {
                var at = ro.Get(count is null ? "name" : "count")!;
                if (!CheckNodeName(r, at, routerName, "router")) continue;
                if (byName.TryGetValue(routerName, out var first)) { r.Error(at, $"router '{routerName}' is already defined at {r.At(first.Item2)}"); continue; }
                var router = new LayoutRouter(routerName, role, siteName) { Tags = tags };
                layout.Routers.Add(router);
                byName[routerName] = (router, n);
            }
        }
        return byName;
    }

    private static bool CheckNodeName(YamlReader r, YamlNode at, string name, string what)
    {
        if (!TopologyLoader.IsPlainName(name)) { r.Error(at, $"{what} name '{name}' may use only letters, digits, '-' and '_' (at most 64)"); return false; }
        if (Reserved.Contains(name) || (name.Length > 2 && name.StartsWith("as", StringComparison.Ordinal) && name[2..].All(char.IsAsciiDigit)))
        { r.Error(at, $"{what} name '{name}' is taken by a node the simulator adds itself ({string.Join(", ", Reserved)}, as<N> for an AS)"); return false; }
        return true;
    }

    /// <summary>A name that must be one of <paramref name="known"/>: an error with a suggestion otherwise.</summary>
    private static bool Known<T>(YamlReader r, YamlNode at, string name, string what, IReadOnlyDictionary<string, T> known)
    {
        if (known.ContainsKey(name)) return true;
        r.Error(at, $"no {what} named '{name}'{Suggestions.DidYouMean(name, known.Keys)}");
        return false;
    }

    /// <summary>
    /// <c>links:</c>, each <c>{ a, b, kind, capacity_gbps, latency_ms, metric }</c>. Kind defaults to backbone between
    /// sites, fabric from a data-center border router to another router of its site, metro otherwise; latency to
    /// the fibre delay between the two sites' coordinates (<see cref="GeoMath.FibreLatencyMs"/>), 0.1 ms inside a
    /// site; metric to the latency in tenths of a ms (as the generator sets it).
    /// </summary>
    private static void Links(YamlReader.Map map, TopologyLayout layout, Dictionary<string, (Site Site, YamlNode At)> sites,
        Dictionary<string, (LayoutRouter Router, YamlNode At)> routers)
    {
        var r = map.Reader;
        var list = map.Sequence("links") ?? [];
        if (list.Count > TopologyLoader.MaxConnections) { r.Error(map.Get("links")!, $"{list.Count:N0} links; the limit is {TopologyLoader.MaxConnections:N0}"); return; }
        foreach (var n in list)
        {
            if (r.AsMap(n, "a link", "a", "b", "kind", "capacity_gbps", "latency_ms", "metric") is not { } l) continue;
            var a = l.String("a", required: true);
            var b = l.String("b", required: true);
            var kind = l.Choice("kind", LinkKinds.All);
            var capacity = l.Number("capacity_gbps", 0.001, 1e6) ?? DefaultCapacityGbps;
            var latency = l.Number("latency_ms", InSiteLatencyMs, 1_000);
            var metric = l.Integer("metric", 1, 16_777_215);
            if (a is null || b is null) continue;
            var known = Known(r, l.Get("a")!, a, "router", routers) & Known(r, l.Get("b")!, b, "router", routers);
            if (!known) continue;
            if (a == b) { r.Error(l.Get("b")!, $"a link from router '{a}' to itself"); continue; }
            var (ra, rb) = (routers[a].Router, routers[b].Router);
            var (sa, sb) = (sites[ra.Site].Site, sites[rb.Site].Site);
            kind ??= sa.Name != sb.Name ? LinkKinds.Backbone
                : ra.Role == RouterRole.DataCenterBorder || rb.Role == RouterRole.DataCenterBorder ? LinkKinds.Fabric : LinkKinds.Metro;
            var ms = latency ?? (sa.Name == sb.Name ? InSiteLatencyMs : GeoMath.FibreLatencyMs(sa, sb));
            layout.Links.Add(new LayoutLink(a, b, kind, ms, capacity, (int)(metric ?? TopologyLayout.MetricFor(ms))));
        }
    }

    /// <summary>
    /// <c>dns:</c> servers: listed under <c>servers:</c>, each <c>{ name, site, gateway, announce_via, prefixes }</c>, or
    /// stamped <c>per_pop</c> at every pop site with edge routers as the generator does (default 1 when there is no
    /// <c>servers:</c> list, else 0).
    /// </summary>
    private static void DnsServers(YamlReader.Map dns, TopologyLayout layout, Dictionary<string, (Site Site, YamlNode At)> sites,
        Dictionary<string, (LayoutRouter Router, YamlNode At)> routers, List<string> dnsPrefixes)
    {
        var r = dns.Reader;
        var withdraw = (dns.Choice("unhealthy", ["withdraw", "keep_answering"]) ?? "withdraw") == "withdraw";
        var listed = dns.Sequence("servers");
        var perPop = (int)(dns.Integer("per_pop", 0, TopologyLoader.MaxPerSite) ?? (listed is null ? 1 : 0));
        var edgeBySite = layout.Routers.Where(x => x.Role == RouterRole.Edge).GroupBy(x => x.Site).ToDictionary(g => g.Key, g => g.Select(x => x.Name).ToList());
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        void Add(LayoutDnsServer server, YamlNode at)
        {
            if (!CheckNodeName(r, at, server.Name, "DNS server")) return;
            if (routers.ContainsKey(server.Name)) { r.Error(at, $"DNS server '{server.Name}' has the name of a router (defined at {r.At(routers[server.Name].At)})"); return; }
            if (!names.TryAdd(server.Name, at)) { r.Error(at, $"DNS server '{server.Name}' is already defined at {r.At(names[server.Name])}"); return; }
            layout.DnsServers.Add(server);
        }
        foreach (var pop in layout.Sites.Where(s => s.Kind == SiteKind.Pop && edgeBySite.ContainsKey(s.Name)))
        {
            var er = edgeBySite[pop.Name];
            for (var i = 0; i < perPop; i++)
                Add(new LayoutDnsServer($"{pop.Name}-dns{i + 1}", pop.Name, er[i % er.Count], er, dnsPrefixes, withdraw), dns.Get("per_pop") ?? dns.Node);
        }
        foreach (var n in listed ?? [])
        {
            if (r.AsMap(n, "a DNS server", "name", "site", "gateway", "announce_via", "prefixes") is not { } s) continue;
            var name = s.String("name", required: true);
            var siteName = s.String("site", required: true);
            var gateway = s.String("gateway");
            var via = s.Sequence("announce_via")?.Select(v => (Node: v, Name: r.AsString(v, "a router"))).ToList();
            var prefixes = new List<string>();
            TopologyParts.Prefixes(s, "prefixes", prefixes, "129.134.30.0/23");
            foreach (var p in s.Sequence("prefixes") ?? [])
                if (p is YamlScalarNode { Value: { } text } && prefixes.Contains(text) && !dnsPrefixes.Contains(text))
                    r.Error(p, $"prefix {text} is not among dns.prefixes{Suggestions.DidYouMean(text, dnsPrefixes)}");
            if (name is null || siteName is null || !Known(r, s.Get("site")!, siteName, "site", sites)) continue;
            var edges = edgeBySite.GetValueOrDefault(siteName) ?? [];
            if (gateway is not null && Known(r, s.Get("gateway")!, gateway, "router", routers) && routers[gateway].Router.Site != siteName)
            { r.Error(s.Get("gateway")!, $"gateway '{gateway}' is at site '{routers[gateway].Router.Site}', not at the DNS server's site '{siteName}'"); continue; }
            if (gateway is null && edges.Count == 0)
            { r.Error(s.Get("site")!, $"site '{siteName}' has no edge router to be the DNS server's gateway; name one with 'gateway:'"); continue; }
            var announce = via?.Where(v => v.Name is not null && Known(r, v.Node, v.Name, "router", routers)).Select(v => v.Name!).ToList() ?? edges;
            if (gateway is not null && !routers.ContainsKey(gateway)) continue;
            Add(new LayoutDnsServer(name, siteName, gateway ?? edges[0], announce, prefixes.Count > 0 ? prefixes : dnsPrefixes, withdraw), s.Get("name")!);
        }
    }

    /// <summary><c>internet:</c>'s <c>as_links</c> (between ASes) and <c>peerings</c> (an AS with an edge router).</summary>
    private static void Internet(YamlReader.Map internet, TopologyLayout layout, Dictionary<long, YamlNode> asAt,
        Dictionary<string, (LayoutRouter Router, YamlNode At)> routers)
    {
        var r = internet.Reader;
        var asnNames = asAt.Keys.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        bool KnownAs(YamlReader.Map m, string key, out long asn)
        {
            asn = m.Integer(key, 1, 4_294_967_295, required: true) ?? -1;
            if (asn < 0) return false;
            if (asAt.ContainsKey(asn)) return true;
            var text = asn.ToString(System.Globalization.CultureInfo.InvariantCulture);
            r.Error(m.Get(key)!, $"AS {asn} is not listed under internet.ases{Suggestions.DidYouMean(text, asnNames)}");
            return false;
        }
        var asLinks = internet.Sequence("as_links") ?? [];
        var peerings = internet.Sequence("peerings") ?? [];
        if (asLinks.Count + peerings.Count > TopologyLoader.MaxConnections)
        { r.Error(internet.Node, $"{asLinks.Count + peerings.Count:N0} AS links and peerings; the limit is {TopologyLoader.MaxConnections:N0}"); return; }
        var asPairs = new HashSet<(long, long)>();
        var peeringPairs = new HashSet<(long, string)>();
        foreach (var n in asLinks)
        {
            if (r.AsMap(n, "an AS link", "a", "b", "kind", "latency_ms", "capacity_gbps") is not { } l) continue;
            var okA = KnownAs(l, "a", out var a);
            var okB = KnownAs(l, "b", out var b);
            var kind = l.Choice("kind", [.. AsLinkKinds.Select(k => k.Key)], required: true);
            var latency = l.Number("latency_ms", InSiteLatencyMs, 1_000) ?? HyperscalerGenerator.InterAsLatencyMs;
            var capacity = l.Number("capacity_gbps", 0.001, 1e6) ?? 0;
            if (okA && okB && a == b) { r.Error(l.Get("b")!, $"an AS link from AS {a} to itself"); continue; }
            if (okA && okB && !asPairs.Add((Math.Min(a, b), Math.Max(a, b)))) { r.Error(n, $"ASes {a} and {b} are already linked (one session per pair)"); continue; }
            if (okA && okB && kind is not null) layout.AsLinks.Add(new LayoutAsLink(a, b, latency, AsLinkKinds.First(k => k.Key == kind).Kind, capacity));
        }
        foreach (var n in peerings)
        {
            if (r.AsMap(n, "a peering", "as", "router", "kind", "latency_ms", "capacity_gbps") is not { } p) continue;
            var okAs = KnownAs(p, "as", out var asn);
            var router = p.String("router", required: true);
            var kind = p.Choice("kind", [.. PeeringKinds.Select(k => k.Key)], required: true);
            var latency = p.Number("latency_ms", InSiteLatencyMs, 1_000) ?? HyperscalerGenerator.PeeringLatencyMs;
            var peeringCapacity = p.Number("capacity_gbps", 0.001, 1e6) ?? 0;
            if (router is null || !Known(r, p.Get("router")!, router, "router", routers)) continue;
            if (routers[router].Router.Role != RouterRole.Edge)
            { r.Error(p.Get("router")!, $"router '{router}' is not an edge router: the operator meets other networks at its edge (role: edge)"); continue; }
            if (okAs && !peeringPairs.Add((asn, router))) { r.Error(n, $"AS {asn} already has a session with router '{router}'"); continue; }
            if (okAs && kind is not null) layout.Peerings.Add(new LayoutPeering(asn, router, latency, PeeringKinds.First(k => k.Key == kind).Kind, peeringCapacity));
        }
        Policies(internet, layout, KnownAs);
    }

    /// <summary>
    /// <c>internet.policies</c>: each <c>{ as, with, import, export }</c>, an AS's route maps on one of its sessions as the
    /// run starts (<c>with</c>: a neighbouring AS by number, or an edge router it peers with), at most one entry per session.
    /// </summary>
    private static void Policies(YamlReader.Map internet, TopologyLayout layout, KnownAsCheck knownAs)
    {
        var r = internet.Reader;
        var seen = new HashSet<(long, string)>();
        foreach (var n in internet.Sequence("policies") ?? [])
        {
            if (r.AsMap(n, "a policy", "as", "with", "import", "export") is not { } p) continue;
            var errors = r.Errors.Errors.Count;
            var ok = knownAs(p, "as", out var asn);
            var with = p.String("with", required: true);
            var import = RouteMapReader.Read(r, p, "import", out _);
            var export = RouteMapReader.Read(r, p, "export", out _);
            if (!ok || with is null || r.Errors.Errors.Count > errors) continue;
            var text = asn.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sessions = layout.AsLinks.Where(l => l.A == asn || l.B == asn).Select(l => (l.A == asn ? l.B : l.A).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Concat(layout.Peerings.Where(x => x.Asn == asn).Select(x => x.Router)).ToList();
            if (!sessions.Contains(with))
                r.Error(p.Get("with")!, $"AS {text} has no session with '{with}'{Suggestions.DidYouMean(with, sessions)}" +
                                        (sessions.Count > 0 ? $" (its sessions: {string.Join(", ", sessions)})" : " (it has no sessions)"));
            else if (import is null && export is null) r.Error(n, "a policy sets 'import', 'export' or both");
            else if (!seen.Add((asn, with))) r.Error(n, $"AS {text}'s session with '{with}' already has a policy");
            else layout.AsPolicies.Add(new LayoutAsPolicy(asn, with, import, export));
        }
    }

    private delegate bool KnownAsCheck(YamlReader.Map m, string key, out long asn);

    /// <summary>A service's <c>datacenters:</c> must be data-center sites, and a data center that hosts services needs a border router.</summary>
    private static void CheckServiceHosts(YamlReader.Map map, TopologyLayout layout, List<(YamlNode Node, string Name)> serviceHosts)
    {
        var r = map.Reader;
        var dataCenters = layout.Sites.Where(s => s.Kind == SiteKind.DataCenter).Select(s => s.Name).ToList();
        foreach (var (node, dc) in serviceHosts.Where(h => !dataCenters.Contains(h.Name)))
            r.Error(node, $"no data center named '{dc}'{Suggestions.DidYouMean(dc, dataCenters)}");
        var withBorder = layout.Routers.Where(x => x.Role == RouterRole.DataCenterBorder).Select(x => x.Site).ToHashSet(StringComparer.Ordinal);
        var operatorServices = layout.Population.Services.Where(s => !s.ThirdParty).ToList();
        foreach (var site in layout.Sites.Where(s => s.Kind == SiteKind.DataCenter && !withBorder.Contains(s.Name)))
        {
            var hosted = operatorServices.Where(s => s.DataCenters.Count == 0 || s.DataCenters.Contains(site.Name)).Select(s => s.Name).ToList();
            if (hosted.Count > 0)
                r.Error(map.Get("sites") ?? map.Node, $"data center '{site.Name}' hosts {string.Join(", ", hosted)} but has no datacenter-border router to reach its servers");
        }
    }

    private static void CheckLimits(YamlReader.Map map, TopologyLayout layout)
    {
        var nodes = 1 + layout.Routers.Count + layout.DnsServers.Count + layout.ExternalAses.Count + layout.Sites.Count;
        if (nodes > TopologyLoader.MaxNodes) { map.Reader.Error(map.Node, $"the topology would have {nodes:N0} nodes; the limit is {TopologyLoader.MaxNodes:N0}"); return; }
        long reflectors = layout.RouteReflectors?.Count ?? layout.Routers.Count(x => x.Role == RouterRole.Backbone);
        long clients = layout.Routers.Count(x => x.Role != RouterRole.Backbone);
        var ibgp = layout.Bgp.ReflectorsPerClient <= 0 ? 0 : clients * Math.Min(layout.Bgp.ReflectorsPerClient, reflectors) + reflectors * (reflectors - 1) / 2;
        var connections = layout.Links.Count + layout.AsLinks.Count + layout.Peerings.Count + ibgp;
        if (connections > TopologyLoader.MaxConnections)
            map.Reader.Error(map.Node, $"the topology would have up to {connections:N0} links and BGP sessions; the limit is {TopologyLoader.MaxConnections:N0} " +
                                       "(the route reflectors' full mesh grows with the square)");
    }

    /// <summary>
    /// The routers must form one network at the start. A network that starts in pieces is almost always a missing
    /// link; and a run starts converged from a healthy network, so a split belongs in the timeline (a <c>fail:</c>
    /// or a <c>push:</c>), where its effect is seen. An error, then, not a warning: there is no warning channel a
    /// person running a scenario would notice.
    /// </summary>
    private static void CheckConnected(YamlReader.Map map, TopologyLayout layout)
    {
        if (layout.Routers.Count == 0) return;
        var index = layout.Routers.Select((x, i) => (x.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var parent = Enumerable.Range(0, layout.Routers.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var l in layout.Links) parent[Find(index[l.A])] = Find(index[l.B]);
        var pieces = layout.Routers.Select((x, i) => (x.Name, Piece: Find(i))).GroupBy(x => x.Piece).Select(g => g.Select(x => x.Name).ToList()).ToList();
        if (pieces.Count <= 1) return;
        static string Describe(List<string> piece) => piece.Count <= 3 ? string.Join(", ", piece) : $"{string.Join(", ", piece.Take(3))} and {piece.Count - 3} more";
        map.Reader.Error(map.Get("links") ?? map.Node,
            $"the routers form {pieces.Count} separate networks ({string.Join("; ", pieces.Select(Describe))}); link them, " +
            "and cut the network in the timeline (fail: or push:) if that is the scenario");
    }
}
