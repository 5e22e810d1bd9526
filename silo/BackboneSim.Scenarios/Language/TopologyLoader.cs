using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Generators;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Reads a topology (inline or an included file) and expands it: a <c>hyperscaler</c> one into a
/// <see cref="HyperscalerSpec"/> for <see cref="HyperscalerGenerator"/>, an <c>explicit</c> one with
/// <see cref="ExplicitTopologyReader"/>. Also holds the limits both respect.
/// </summary>
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
        "services", "resolvers", "users", "frontend_catchment", "frontend_prefix", "bgp", DataCenterPhysicsReader.TopologyKey];
    private static readonly string[] SiteKeys = ["name", "city", "lat", "lon", "region", "tags"];
    private static readonly string[] DataCenterKeys = [.. SiteKeys, "power_mw", DataCenterPhysicsReader.SiteKey];

    /// <summary>The generators a topology may name; <c>explicit</c> is a network written out by hand (<see cref="ExplicitTopologyReader"/>).</summary>
    public static readonly string[] Generators = ["hyperscaler", RegionalIspReader.Generator, ExplicitTopologyReader.Generator];

    public static NetworkTopology? Read(YamlReader r, YamlNode node)
    {
        // The generator decides which keys the mapping may have, so it is looked at before the mapping is read.
        if (node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("generator"), out var g)
            && g is YamlScalarNode { Value: ExplicitTopologyReader.Generator })
            return ExplicitTopologyReader.Read(r, m);
        if (node is YamlMappingNode isp && isp.Children.TryGetValue(new YamlScalarNode("generator"), out var ig)
            && ig is YamlScalarNode { Value: RegionalIspReader.Generator })
            return RegionalIspReader.Read(r, isp);
        return ReadHyperscaler(r, node);
    }

    private static NetworkTopology? ReadHyperscaler(YamlReader r, YamlNode node)
    {
        var errorsBefore = r.Errors.Errors.Count; // only this topology's own errors stop its expansion
        var map = r.AsMap(node, "topology", TopKeys);
        if (map is null) return null;
        map.Choice("generator", Generators, required: true);
        var spec = new HyperscalerSpec();
        (spec.OperatorName, spec.OperatorAsn, spec.StaticPrefixes) = TopologyParts.Operator(map);
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
            TopologyParts.Prefixes(dns, "prefixes", spec.DnsPrefixes, "129.134.30.0/23");
        }
        if (map.SubMap("internet", false, "pop_regional_peers", "transit_per_regional", "operator_transit", "ases", "generate") is { } net)
        {
            spec.PopRegionalPeers = (int)(net.Integer("pop_regional_peers", 0, 16) ?? spec.PopRegionalPeers);
            spec.TransitPerRegional = (int)(net.Integer("transit_per_regional", 0, 16) ?? spec.TransitPerRegional);
            spec.OperatorBuysTransit = (net.Choice("operator_transit", ["true", "false"]) ?? "true") == "true";
            spec.ExternalAses = InternetReader.Ases(net, spec.OperatorAsn);
        }
        BgpDesignReader.Read(map, spec.Bgp, spec.StaticPrefixes.Concat(spec.DnsPrefixes).ToList());
        var references = PopulationReader.Read(r, map, spec.Population, spec.ExternalAses, spec.DnsPrefixes, spec.StaticPrefixes);
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var ownPhysics = new Dictionary<string, DataCenterPhysics>(StringComparer.Ordinal);
        spec.DataCenters = Sites(r, map, "datacenters", SiteKind.DataCenter, names, required: true, spec.DcPowerMw, ownPhysics);
        spec.DcPhysics = DataCenterPhysicsReader.Merge(DataCenterPhysicsReader.Read(map, DataCenterPhysicsReader.TopologyKey), ownPhysics,
            spec.DataCenters.Select(d => d.Name));
        spec.DcRegionPower = DataCenterPhysicsReader.Regions(map, spec.DataCenters.Select(d => d.Region));
        var dcNames = spec.DataCenters.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (hostNode, dc) in references.ServiceHosts)
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
        var layout = HyperscalerGenerator.Layout(spec);
        OperatorResolverReader.Check(r, references.OperatorResolvers, layout);
        return r.Errors.Errors.Count > errorsBefore ? null : NetworkAssembler.Assemble(layout);
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
        var regionalIn = spec.ExternalAses.Where(a => a.Tier == AsTier.Regional).CountBy(a => a.Region).ToDictionary(x => x.Key, x => (long)x.Value);
        var exchangesIn = spec.ExternalAses.Where(a => a.Tier == AsTier.Ixp).CountBy(a => a.Region).ToDictionary(x => x.Key, x => (long)x.Value);
        var asLinks = InternetGenerator.AsLinkCount(spec.ExternalAses, spec.TransitPerRegional);
        var peerings = spec.Pops.Sum(p => Math.Min(spec.PopRegionalPeers, regionalIn.GetValueOrDefault(p.Region)) + exchangesIn.GetValueOrDefault(p.Region) + (tier1 > 0 ? 1 : 0));
        long reflectors = dcs * spec.BackbonePerDataCenter, clients = dcs * spec.BorderPerDataCenter + pops * spec.EdgePerPop;
        var ibgp = spec.Bgp.ReflectorsPerClient <= 0 ? 0 : clients * Math.Min(spec.Bgp.ReflectorsPerClient, reflectors) + reflectors * (reflectors - 1) / 2;
        return links + asLinks + peerings + ibgp;
    }

    private static List<Site> Sites(YamlReader r, YamlReader.Map map, string key, SiteKind kind, Dictionary<string, YamlNode> names, bool required,
        Dictionary<string, double>? power = null, Dictionary<string, DataCenterPhysics>? physics = null)
    {
        var sites = new List<Site>();
        power ??= new Dictionary<string, double>();
        var list = map.Sequence(key, required);
        if (list is null) return sites;
        if (list.Count > MaxSites) { r.Error(map.Get(key)!, $"{list.Count} {key}; the limit is {MaxSites}"); return sites; }
        foreach (var n in list)
        {
            if (r.AsMap(n, $"an entry of '{key}'", kind == SiteKind.DataCenter ? DataCenterKeys : SiteKeys) is not { } s) continue;
            if (TopologyParts.Site(s, kind, names) is not { } site) continue;
            sites.Add(site);
            if (kind == SiteKind.DataCenter && s.Number("power_mw", 0.001, 10_000) is { } mw) power[site.Name] = mw;
            if (physics is not null && DataCenterPhysicsReader.Read(s, DataCenterPhysicsReader.SiteKey) is { } own) physics[site.Name] = own;
        }
        return sites;
    }

    public static bool IsPlainName(string s) => s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
