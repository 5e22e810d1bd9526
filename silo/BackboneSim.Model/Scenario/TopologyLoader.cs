using BackboneSim.Model.Topology;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Model.Scenario;

/// <summary>Reads a topology (inline or an included file) into a <see cref="HyperscalerSpec"/> and expands it.</summary>
public static class TopologyLoader
{
    /// <summary>Generous limits that still keep a run inside one machine's memory (docs/scenario-format.md).</summary>
    public const int MaxSites = 5_000, MaxPerSite = 64, MaxAses = 5_000, MaxNodes = 200_000, MaxPublicResolvers = 100;

    /// <summary>Data centers and hubs: the long-haul mesh is built by comparing every pair of them.</summary>
    public const int MaxBackboneSites = 1_000;

    /// <summary>Links, links between ASes, PoP peerings and iBGP sessions together: full meshes grow with the square.</summary>
    public const long MaxConnections = 2_000_000;

    // 'include' is merged away before a topology is read (TopologyIncludes), but it is a key of this mapping: a typo
    // of it gets its suggestion.
    private static readonly string[] TopKeys = ["include", "generator", "operator", "routers", "links", "dns", "internet", "datacenters", "hubs", "pops",
        "services", "resolvers", "users", "bgp"];
    private static readonly string[] SiteKeys = ["name", "city", "lat", "lon", "region"];
    private static readonly string[] DataCenterKeys = [.. SiteKeys, "power_mw"];

    public static NetworkTopology? Read(YamlReader r, YamlNode node)
    {
        var errorsBefore = r.Errors.Errors.Count; // only this topology's own errors stop its expansion
        var map = r.AsMap(node, "topology", TopKeys);
        if (map is null) return null;
        map.Choice("generator", ["hyperscaler"], required: true);
        var spec = new HyperscalerSpec();
        if (map.SubMap("operator", true, "name", "asn", "prefixes") is { } op)
        {
            foreach (var p in op.Sequence("prefixes") ?? [])
                if (r.AsString(p, "a prefix") is { } text)
                {
                    if (!System.Net.IPNetwork.TryParse(text, out _)) r.Error(p, $"'{text}' is not a prefix like 157.240.0.0/16");
                    else if (spec.StaticPrefixes.Contains(text)) r.Error(p, $"prefix {text} is listed twice");
                    else spec.StaticPrefixes.Add(text);
                }
            spec.OperatorName = op.String("name", true) ?? spec.OperatorName;
            spec.OperatorAsn = (op.Integer("asn", 1, 4_294_967_295, true) ?? spec.OperatorAsn);
        }
        if (map.SubMap("routers", false, "backbone_per_datacenter", "border_per_datacenter", "backbone_per_hub", "edge_per_pop") is { } ro)
        {
            spec.BackbonePerDataCenter = (int)(ro.Integer("backbone_per_datacenter", 1, MaxPerSite) ?? spec.BackbonePerDataCenter);
            spec.BorderPerDataCenter = (int)(ro.Integer("border_per_datacenter", 1, MaxPerSite) ?? spec.BorderPerDataCenter);
            spec.BackbonePerHub = (int)(ro.Integer("backbone_per_hub", 1, MaxPerSite) ?? spec.BackbonePerHub);
            spec.EdgePerPop = (int)(ro.Integer("edge_per_pop", 1, MaxPerSite) ?? spec.EdgePerPop);
        }
        if (map.SubMap("links", false, "hub_neighbors", "parallel", "pop_uplinks", "backbone_capacity_gbps") is { } li)
        {
            spec.HubNeighbors = (int)(li.Integer("hub_neighbors", 1, 16) ?? spec.HubNeighbors);
            spec.ParallelLinks = (int)(li.Integer("parallel", 1, 16) ?? spec.ParallelLinks);
            spec.PopUplinks = (int)(li.Integer("pop_uplinks", 1, 16) ?? spec.PopUplinks);
            spec.BackboneCapacityGbps = li.Number("backbone_capacity_gbps", 0.001, 1e6) ?? spec.BackboneCapacityGbps;
        }
        if (map.SubMap("dns", false, "per_pop", "prefixes", "unhealthy") is { } dns)
        {
            spec.DnsWithdrawWhenUnhealthy = (dns.Choice("unhealthy", ["withdraw", "keep_answering"]) ?? "withdraw") == "withdraw";
            spec.DnsPerPop = (int)(dns.Integer("per_pop", 0, MaxPerSite) ?? spec.DnsPerPop);
            foreach (var p in dns.Sequence("prefixes") ?? [])
                if (r.AsString(p, "a prefix") is { } text)
                {
                    if (!System.Net.IPNetwork.TryParse(text, out _)) r.Error(p, $"'{text}' is not a prefix like 129.134.30.0/23");
                    else if (spec.DnsPrefixes.Contains(text)) r.Error(p, $"prefix {text} is listed twice");
                    else spec.DnsPrefixes.Add(text);
                }
        }
        if (map.SubMap("internet", false, "pop_regional_peers", "transit_per_regional", "operator_transit", "ases") is { } net)
        {
            spec.PopRegionalPeers = (int)(net.Integer("pop_regional_peers", 0, 16) ?? spec.PopRegionalPeers);
            spec.TransitPerRegional = (int)(net.Integer("transit_per_regional", 0, 16) ?? spec.TransitPerRegional);
            spec.OperatorBuysTransit = (net.Choice("operator_transit", ["true", "false"]) ?? "true") == "true";
            var seen = new HashSet<long>();
            var ases = net.Sequence("ases") ?? [];
            if (ases.Count > MaxAses) { r.Error(net.Get("ases")!, $"{ases.Count} ASes; the limit is {MaxAses}"); ases = []; }
            foreach (var a in ases)
            {
                if (r.AsMap(a, "an AS", "asn", "name", "tier", "region") is not { } am) continue;
                var asn = am.Integer("asn", 1, 4_294_967_295, true);
                var tier = am.Choice("tier", ["tier1", "regional", "ixp"], true);
                var region = am.String("region", true);
                if (asn is { } n && !seen.Add(n)) r.Error(a, $"AS {n} is listed twice");
                if (asn == spec.OperatorAsn) r.Error(a, $"AS {asn} is the operator's own AS");
                if (asn is { } ok && tier is not null && region is not null)
                    spec.ExternalAses.Add(new ExternalAsInput(ok, am.String("name") ?? $"AS{ok}", tier switch { "tier1" => AsTier.Tier1, "ixp" => AsTier.Ixp, _ => AsTier.Regional }, region));
            }
        }
        BgpDesignReader.Read(map, spec.Bgp, spec.StaticPrefixes.Concat(spec.DnsPrefixes).ToList());
        var serviceHosts = ReadPopulation(r, map, spec);
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        spec.DataCenters = Sites(r, map, "datacenters", SiteKind.DataCenter, names, required: true, spec.DcPowerMw);
        var dcNames = spec.DataCenters.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (hostNode, dc) in serviceHosts)
            if (!dcNames.Contains(dc)) r.Error(hostNode, $"no data center named '{dc}'{Suggestions.DidYouMean(dc, spec.DataCenters.Select(d => d.Name))}");
        if (spec.DataCenters.Count == 0 && map.Get("datacenters") is { } dcs && r.Errors.Errors.Count == errorsBefore)
            r.Error(dcs, "'datacenters' must list at least one data center: the backbone is built around them");
        spec.Hubs = Sites(r, map, "hubs", SiteKind.Hub, names, required: false);
        spec.Pops = Sites(r, map, "pops", SiteKind.Pop, names, required: false);
        if (spec.DataCenters.Count + spec.Hubs.Count + spec.Pops.Count > MaxSites)
            r.Error(map.Node, $"{spec.DataCenters.Count + spec.Hubs.Count + spec.Pops.Count} sites; the limit is {MaxSites}");
        else if (spec.DataCenters.Count + spec.Hubs.Count > MaxBackboneSites)
            r.Error(map.Node, $"{spec.DataCenters.Count + spec.Hubs.Count} data centers and hubs; the limit is {MaxBackboneSites:N0}");

        var estimate = 1 + spec.DataCenters.Count * (spec.BackbonePerDataCenter + spec.BorderPerDataCenter)
                         + spec.Hubs.Count * spec.BackbonePerHub + spec.Pops.Count * (spec.EdgePerPop + spec.DnsPerPop) + spec.ExternalAses.Count;
        if (estimate > MaxNodes) r.Error(map.Node, $"the topology would have {estimate:N0} nodes; the limit is {MaxNodes:N0}");
        else if (Connections(spec) is var connections and > MaxConnections)
            r.Error(map.Node, $"the topology would have up to {connections:N0} links and BGP sessions; the limit is {MaxConnections:N0} " +
                              "(full meshes grow with the square: tier-1 ASes, data-center backbone routers)");
        if (r.Errors.Errors.Count > errorsBefore) return null;
        return HyperscalerGenerator.Generate(spec);
    }

    /// <summary>
    /// An upper bound of what <see cref="HyperscalerGenerator"/> builds between nodes, from the counts alone: links
    /// (the long-haul pairs at their most), links between ASes, PoP peerings and iBGP sessions.
    /// </summary>
    private static long Connections(HyperscalerSpec spec)
    {
        static long Ring(long n) => n < 2 ? 0 : n == 2 ? 1 : n;
        long dcs = spec.DataCenters.Count, hubs = spec.Hubs.Count, pops = spec.Pops.Count, backboneSites = dcs + hubs;
        var links = dcs * (spec.BorderPerDataCenter * spec.BackbonePerDataCenter + Ring(spec.BackbonePerDataCenter)) + hubs * Ring(spec.BackbonePerHub)
                    + pops * (Ring(spec.EdgePerPop) + spec.EdgePerPop)
                    + (backboneSites * Math.Min(spec.HubNeighbors, Math.Max(0, backboneSites - 1)) + Math.Max(0, backboneSites - 1)) * spec.ParallelLinks;
        long tier1 = spec.ExternalAses.Count(a => a.Tier == AsTier.Tier1);
        var regional = spec.ExternalAses.Where(a => a.Tier == AsTier.Regional).ToList();
        var exchanges = spec.ExternalAses.Where(a => a.Tier == AsTier.Ixp).ToList();
        var regionalIn = regional.CountBy(a => a.Region).ToDictionary(x => x.Key, x => (long)x.Value);
        var exchangesIn = exchanges.CountBy(a => a.Region).ToDictionary(x => x.Key, x => (long)x.Value);
        var asLinks = tier1 * (tier1 - 1) / 2 + regional.Count * Math.Min(spec.TransitPerRegional, tier1)
                      + exchanges.Sum(x => regionalIn.GetValueOrDefault(x.Region));
        var peerings = spec.Pops.Sum(p => Math.Min(spec.PopRegionalPeers, regionalIn.GetValueOrDefault(p.Region)) + exchangesIn.GetValueOrDefault(p.Region) + (tier1 > 0 ? 1 : 0));
        long reflectors = dcs * spec.BackbonePerDataCenter, clients = dcs * spec.BorderPerDataCenter + pops * spec.EdgePerPop;
        var ibgp = spec.Bgp.ReflectorsPerClient <= 0 ? 0 : clients * Math.Min(spec.Bgp.ReflectorsPerClient, reflectors) + reflectors * (reflectors - 1) / 2;
        return links + asLinks + peerings + ibgp;
    }

    private static List<Site> Sites(YamlReader r, YamlReader.Map map, string key, SiteKind kind, Dictionary<string, YamlNode> names, bool required,
        Dictionary<string, double>? power = null)
    {
        var sites = new List<Site>();
        power ??= new Dictionary<string, double>();
        var list = map.Sequence(key, required);
        if (list is null) return sites;
        if (list.Count > MaxSites) { r.Error(map.Get(key)!, $"{list.Count} {key}; the limit is {MaxSites}"); return sites; }
        foreach (var n in list)
        {
            if (r.AsMap(n, $"an entry of '{key}'", kind == SiteKind.DataCenter ? DataCenterKeys : SiteKeys) is not { } s) continue;
            var name = s.String("name", true);
            var lat = s.Number("lat", -90, 90, true);
            var lon = s.Number("lon", -180, 180, true);
            var region = s.String("region", true);
            if (name is null || lat is null || lon is null || region is null) continue;
            if (!IsPlainName(name)) { r.Error(s.Get("name")!, $"site name '{name}' may use only letters, digits, '-' and '_'"); continue; }
            if (names.TryGetValue(name, out var first)) { r.Error(s.Get("name")!, $"site '{name}' is already defined at {r.At(first)}"); continue; }
            names[name] = n;
            sites.Add(new Site(name, kind, s.String("city") ?? name, lat.Value, lon.Value, region));
            if (kind == SiteKind.DataCenter && s.Number("power_mw", 0.001, 10_000) is { } mw) power[name] = mw;
        }
        return sites;
    }

    /// <summary>services:, resolvers: and users: — who uses the network, through which resolvers, for what.</summary>
    /// <returns>Each service's <c>datacenters:</c> entries, to check once the data centers are read.</returns>
    private static List<(YamlNode Node, string Name)> ReadPopulation(YamlReader r, YamlReader.Map map, HyperscalerSpec spec)
    {
        var serviceNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var dependencies = new List<(YamlNode Node, string Name)>();
        var hostNodes = new List<(YamlNode Node, string Name)>();
        foreach (var n in map.Sequence("services") ?? [])
        {
            if (r.AsMap(n, "a service", "name", "ttl", "ns_ttl", "nameservers", "users_share", "third_party", "depends_on", "datacenters", "substitutes",
                    "return_per_hour", "headroom") is not { } s) continue;
            var name = s.String("name", true);
            var ttl = s.Duration("ttl", 1_000, 7L * 24 * 3600 * 1000) ?? 300_000;
            var nsTtl = s.Duration("ns_ttl", 1_000, 7L * 24 * 3600 * 1000) ?? ServiceSpec.DefaultNsTtlMs;
            var nameservers = DnsEditReader.Nameservers(r, s, spec.DnsPrefixes) ?? [];
            var share = s.Number("users_share", 0, 1) ?? 1;
            var thirdParty = s.Choice("third_party", ["true", "false"]) == "true";
            var deps = new List<string>();
            foreach (var d in s.Sequence("depends_on") ?? [])
                if (r.AsString(d, "a dependency") is { } dep) { deps.Add(dep); dependencies.Add((d, dep)); }
            if (deps.Count > 0 && !thirdParty) r.Error(s.Get("depends_on")!, "'depends_on' is for third-party services (third_party: true)");
            if (name is null) continue;
            if (!serviceNodes.TryAdd(name, n)) { r.Error(s.Get("name")!, $"service '{name}' is listed twice"); continue; }
            var hosts = new List<string>();
            foreach (var d in s.Sequence("datacenters") ?? [])
                if (r.AsString(d, "a data center") is { } dc) { hosts.Add(dc); hostNodes.Add((d, dc)); }
            if (hosts.Count > 0 && thirdParty) r.Error(s.Get("datacenters")!, "a third-party service runs elsewhere; 'datacenters' is for the operator's services");
            foreach (var key in new[] { "nameservers", "ns_ttl" }.Where(k => thirdParty && s.Has(k)))
                r.Error(s.Get(key)!, $"a third-party service has no DNS of its own; '{key}' is for the operator's services");
            var substitutes = new List<SubstituteSpec>();
            foreach (var sub in s.Sequence("substitutes") ?? [])
            {
                if (r.AsMap(sub, "a substitute", "service", "shift_per_hour") is not { } sm) continue;
                var to = sm.String("service", true);
                var rate = sm.Number("shift_per_hour", 0, 100, required: true);
                if (to is null || rate is null) continue;
                if (to == name) { r.Error(sm.Get("service")!, $"service '{name}' cannot be its own substitute"); continue; }
                substitutes.Add(new SubstituteSpec(to, rate.Value));
                dependencies.Add((sm.Get("service")!, to));
            }
            var headroom = s.Number("headroom", 0, 1_000);
            if (headroom is not null && !thirdParty) r.Error(s.Get("headroom")!, "'headroom' is for third-party services (third_party: true): the operator's own capacity is its data centers'");
            spec.Services.Add(new ServiceSpec(name, ttl, share, thirdParty, deps)
            {
                DataCenters = hosts, Substitutes = substitutes, ReturnPerHour = s.Number("return_per_hour", 0, 100) ?? 0.5, Headroom = headroom,
                Nameservers = nameservers, NsTtlMs = nsTtl,
            });
        }
        foreach (var (node, dep) in dependencies)
            if (!serviceNodes.ContainsKey(dep)) r.Error(node, $"no service named '{dep}'{Suggestions.DidYouMean(dep, serviceNodes.Keys)}");
        // Dependencies are evaluated in list order: each must come before the services that depend on it, which
        // also rules out cycles.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in spec.Services)
        {
            foreach (var d in s.DependsOn.Where(d => serviceNodes.ContainsKey(d) && !seen.Contains(d)))
                r.Error(serviceNodes[s.Name], $"service '{s.Name}' depends on '{d}', which must be listed before it (dependencies cannot form a cycle)");
            seen.Add(s.Name);
        }

        if (map.SubMap("resolvers", false, "isp_serve_stale", "isp_instances", "public") is { } res)
        {
            spec.IspServeStale = res.Choice("isp_serve_stale", ["true", "false"]) == "true";
            spec.IspResolverInstances = (int)(res.Integer("isp_instances", 1, 100_000) ?? spec.IspResolverInstances);
            var publicList = res.Sequence("public") ?? [];
            // Every user cohort splits its queries over all public resolvers: their number multiplies.
            if (publicList.Count > MaxPublicResolvers) { r.Error(res.Get("public")!, $"{publicList.Count} public resolvers; the limit is {MaxPublicResolvers}"); publicList = []; }
            var asns = spec.ExternalAses.Select(a => a.Asn).ToHashSet();
            foreach (var n in publicList)
            {
                if (r.AsMap(n, "a public resolver", "name", "asn", "share", "serve_stale", "instances") is not { } p) continue;
                var name = p.String("name", true);
                var asn = p.Integer("asn", 1, 4_294_967_295, true);
                var share = p.Number("share", 0, 1, true);
                var stale = p.Choice("serve_stale", ["true", "false"]) == "true";
                var instances = (int)(p.Integer("instances", 1, 100_000) ?? 100);
                if (name is not null && !IsPlainName(name)) { r.Error(p.Get("name")!, $"resolver name '{name}' may use only letters, digits, '-' and '_'"); continue; }
                if (asn is { } a && !asns.Contains(a)) { r.Error(p.Get("asn")!, $"AS {a} hosts this resolver but is not listed under internet.ases"); continue; }
                if (name is not null && asn is not null && share is not null) spec.PublicResolvers.Add(new PublicResolverInput(name, asn.Value, share.Value, stale, instances));
            }
            if (spec.PublicResolvers.Sum(p => p.Share) > 1) r.Error(res.Get("public")!, "the public resolvers' shares add up to more than 1");
        }

        // users: region -> count; regions are whatever the topology's ASes use.
        if (map.Get("users") is { } usersNode)
        {
            var regions = spec.ExternalAses.Select(a => a.Region).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToArray();
            if (r.AsMap(usersNode, "'users'", regions) is { } users)
                foreach (var region in regions)
                    if (users.Integer(region, 0, 10_000_000_000) is { } count) spec.UsersPerRegion[region] = count;
        }
        var publicAsns = spec.PublicResolvers.Select(p => p.Asn).ToHashSet();
        var accessRegions = spec.ExternalAses.Where(a => a.Tier == AsTier.Regional && !publicAsns.Contains(a.Asn)).Select(a => a.Region).ToHashSet(StringComparer.Ordinal);
        foreach (var region in spec.UsersPerRegion.Keys)
            if (!accessRegions.Contains(region) && spec.UsersPerRegion[region] > 0)
                r.Error(map.Get("users")!, $"region '{region}' has users but no access ISP (a regional AS) to serve them");
        return hostNodes;
    }

    public static bool IsPlainName(string s) => s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
