using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Generators;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// <c>generator: regional-isp</c>: reads a <see cref="RegionalIspSpec"/>, checks its size from the counts alone
/// (before anything is laid out), and expands it with <see cref="RegionalIspGenerator"/>.
/// </summary>
public static class RegionalIspReader
{
    public const string Generator = "regional-isp";

    private static readonly string[] TopKeys = ["include", "generator", "operator", "routers", "links", "core", "datacenters", "pops", "access", "borders",
        "dns", "internet", "subscribers", "services", "resolvers", "users", "frontend_catchment", "frontend_prefix", "bgp",
        DataCenterPhysicsReader.TopologyKey];
    private static readonly string[] SiteKeys = ["name", "city", "lat", "lon", "region", "tags"];
    private static readonly string[] DataCenterKeys = [.. SiteKeys, "power_mw", DataCenterPhysicsReader.SiteKey];

    public static NetworkTopology? Read(YamlReader r, YamlMappingNode node)
    {
        var errorsBefore = r.Errors.Errors.Count;
        if (r.AsMap(node, "topology", TopKeys) is not { } map) return null;
        map.Choice("generator", TopologyLoader.Generators, required: true);
        var spec = new RegionalIspSpec();
        (spec.OperatorName, spec.OperatorAsn, spec.StaticPrefixes) = TopologyParts.Operator(map);
        var max = TopologyLoader.MaxPerSite;
        if (map.SubMap("routers", false, "core_per_site", "border_per_datacenter", "edge_per_pop", "edge_per_border") is { } ro)
        {
            spec.CorePerSite = (int)(ro.Integer("core_per_site", 1, max) ?? spec.CorePerSite);
            spec.BorderPerDataCenter = (int)(ro.Integer("border_per_datacenter", 1, max) ?? spec.BorderPerDataCenter);
            spec.EdgePerPop = (int)(ro.Integer("edge_per_pop", 1, max) ?? spec.EdgePerPop);
            spec.EdgePerBorder = (int)(ro.Integer("edge_per_border", 1, max) ?? spec.EdgePerBorder);
        }
        if (map.SubMap("links", false, "chords", "parallel", "uplinks", "core_capacity_gbps", "access_capacity_gbps") is { } li)
        {
            spec.Chords = (int)(li.Integer("chords", 0, 16) ?? spec.Chords);
            spec.ParallelLinks = (int)(li.Integer("parallel", 1, 16) ?? spec.ParallelLinks);
            spec.Uplinks = (int)(li.Integer("uplinks", 1, 16) ?? spec.Uplinks);
            spec.CoreCapacityGbps = li.Number("core_capacity_gbps", 0.001, 1e6) ?? spec.CoreCapacityGbps;
            spec.AccessCapacityGbps = li.Number("access_capacity_gbps", 0.001, 1e6) ?? spec.AccessCapacityGbps;
        }
        if (map.SubMap("access", false, "per_core", "radius_km") is { } ac)
        {
            spec.AccessPerCore = (int)(ac.Integer("per_core", 0, TopologyLoader.MaxSites) ?? 0);
            spec.AccessRadiusKm = ac.Number("radius_km", 0.1, 2_000) ?? spec.AccessRadiusKm;
        }
        if (map.SubMap("dns", false, "per_pop", "prefixes", "unhealthy") is { } dns)
        {
            spec.DnsWithdrawWhenUnhealthy = (dns.Choice("unhealthy", ["withdraw", "keep_answering"]) ?? "withdraw") == "withdraw";
            spec.DnsPerPop = (int)(dns.Integer("per_pop", 0, max) ?? spec.DnsPerPop);
            TopologyParts.Prefixes(dns, "prefixes", spec.DnsPrefixes, "129.134.30.0/23");
        }
        if (map.SubMap("internet", false, "transit_per_border", "peers_per_border", "transit_per_regional", "operator_transit", "ases", "generate") is { } net)
        {
            spec.TransitPerBorder = (int)(net.Integer("transit_per_border", 0, 16) ?? spec.TransitPerBorder);
            spec.PeersPerBorder = (int)(net.Integer("peers_per_border", 0, 16) ?? spec.PeersPerBorder);
            spec.TransitPerRegional = (int)(net.Integer("transit_per_regional", 0, 16) ?? spec.TransitPerRegional);
            spec.OperatorBuysTransit = (net.Choice("operator_transit", ["true", "false"]) ?? "true") == "true";
            spec.ExternalAses = InternetReader.Ases(net, spec.OperatorAsn);
        }
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        spec.Core = Sites(r, map, "core", SiteKind.Hub, names, required: true);
        var ownPhysics = new Dictionary<string, DataCenterPhysics>(StringComparer.Ordinal);
        spec.DataCenters = Sites(r, map, "datacenters", SiteKind.DataCenter, names, required: true, spec.DcPowerMw, ownPhysics);
        spec.DcPhysics = DataCenterPhysicsReader.Merge(DataCenterPhysicsReader.Read(map, DataCenterPhysicsReader.TopologyKey), ownPhysics,
            spec.DataCenters.Select(d => d.Name));
        spec.DcRegionPower = DataCenterPhysicsReader.Regions(map, spec.DataCenters.Select(d => d.Region));
        spec.Pops = Sites(r, map, "pops", SiteKind.Pop, names, required: false);
        spec.Borders = Sites(r, map, "borders", SiteKind.Pop, names, required: false);
        var generated = (long)spec.Core.Count * spec.AccessPerCore;
        var sites = spec.Core.Count + spec.DataCenters.Count + spec.Pops.Count + spec.Borders.Count + generated;
        var tooMany = sites > TopologyLoader.MaxSites;
        if (tooMany) r.Error(map.Node, $"{sites:N0} sites (with the generated access PoPs); the limit is {TopologyLoader.MaxSites:N0}");
        if (map.SubMap("subscribers", false, "asn_base", "name") is { } sub && sub.Integer("asn_base", 1, 4_294_967_295, true) is { } subBase)
        {
            spec.SubscriberName = sub.String("name") ?? spec.SubscriberName;
            if (spec.Pops.Count + generated == 0)
                r.Error(sub.Node, "the subscribers reach the network through the access PoPs: list 'pops' or generate them with 'access: { per_core: ... }'");
            else if (!tooMany)
            {
                spec.SubscriberAsnBase = subBase;
                var subscribers = spec.SubscriberAses();
                var taken = spec.ExternalAses.Select(a => a.Asn).Append(spec.OperatorAsn).ToHashSet();
                if (subscribers.FirstOrDefault(a => taken.Contains(a.Asn)) is { } clash)
                {
                    r.Error(sub.Get("asn_base")!, $"the subscribers' stand-in ASes are numbered {subBase} to {subBase + subscribers.Count - 1} (one per region of the access PoPs), " +
                                                  $"which includes AS {clash.Asn}, " + (clash.Asn == spec.OperatorAsn ? "the operator's own" : "an AS of the Internet") +
                                                  "; choose another asn_base (a private one: 64512-65534)");
                    // Kept: the users of their regions are no error of their own (the clash stops the load anyway).
                }
                else if (subBase + subscribers.Count - 1 > 4_294_967_295)
                {
                    r.Error(sub.Get("asn_base")!, "the subscribers' stand-in ASes would be numbered beyond the largest AS number (4294967295)");
                    spec.SubscriberAsnBase = null;
                }
            }
        }
        var withSubscribers = spec.ExternalAses.Concat(spec.SubscriberAses()).ToList();
        BgpDesignReader.Read(map, spec.Bgp, spec.StaticPrefixes.Concat(spec.DnsPrefixes).ToList());
        var references = PopulationReader.Read(r, map, spec.Population, withSubscribers, spec.DnsPrefixes, spec.StaticPrefixes);

        var dcNames = spec.DataCenters.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (hostNode, dc) in references.ServiceHosts)
            if (!dcNames.Contains(dc)) r.Error(hostNode, $"no data center named '{dc}'{Suggestions.DidYouMean(dc, spec.DataCenters.Select(d => d.Name))}");
        if (r.Errors.Errors.Count == errorsBefore)
        {
            if (spec.Core.Count == 0) r.Error(map.Get("core")!, "'core' must list at least one core site: everything else is homed to the core");
            if (spec.DataCenters.Count == 0) r.Error(map.Get("datacenters")!, "'datacenters' must list at least one data center: the ISP's services run there");
        }
        if (!tooMany)
        {
            // Generated access PoPs are named after their core site: a clash with a listed site is found before generating.
            if (spec.AccessPerCore > 0 && map.Get("access") is { } accessNode)
                foreach (var pop in RegionalIspGenerator.AccessAround(spec.Core, spec.AccessPerCore, spec.AccessRadiusKm).Where(p => names.ContainsKey(p.Name)).Take(1))
                    r.Error(accessNode, $"the generated access PoP '{pop.Name}' has the name of the site defined at {r.At(names[pop.Name])}; rename that site");
            var accessPops = spec.Pops.Count + generated;
            var estimate = 1 + spec.Core.Count * (long)spec.CorePerSite + spec.DataCenters.Count * (long)spec.BorderPerDataCenter
                           + accessPops * (spec.EdgePerPop + spec.DnsPerPop) + spec.Borders.Count * (long)(spec.EdgePerBorder + spec.DnsPerPop) + withSubscribers.Count;
            if (estimate > TopologyLoader.MaxNodes) r.Error(map.Node, $"the topology would have {estimate:N0} nodes; the limit is {TopologyLoader.MaxNodes:N0}");
            else if (Connections(spec, accessPops) is var connections and > TopologyLoader.MaxConnections)
                r.Error(map.Node, $"the topology would have up to {connections:N0} links and BGP sessions; the limit is {TopologyLoader.MaxConnections:N0} " +
                                  "(full meshes grow with the square: tier-1 ASes, core routers)");
        }
        if (r.Errors.Errors.Count > errorsBefore) return null;
        var layout = RegionalIspGenerator.Layout(spec);
        OperatorResolverReader.Check(r, references.OperatorResolvers, layout);
        return r.Errors.Errors.Count > errorsBefore ? null : NetworkAssembler.Assemble(layout);
    }

    /// <summary>An upper bound of the links, links between ASes, peerings and iBGP sessions, from the counts alone.</summary>
    private static long Connections(RegionalIspSpec spec, long accessPops)
    {
        static long Ring(long n) => n < 2 ? 0 : n == 2 ? 1 : n;
        long core = spec.Core.Count, uplinks = Math.Min(spec.Uplinks, core);
        var links = core * Ring(spec.CorePerSite) + (core + core * spec.Chords) * spec.ParallelLinks
                    + spec.DataCenters.Count * (Ring(spec.BorderPerDataCenter) + spec.BorderPerDataCenter * uplinks)
                    + accessPops * (Ring(spec.EdgePerPop) + spec.EdgePerPop * uplinks)
                    + spec.Borders.Count * (Ring(spec.EdgePerBorder) + spec.EdgePerBorder * uplinks);
        var asLinks = InternetGenerator.AsLinkCount(spec.ExternalAses, spec.TransitPerRegional);
        var peerings = (spec.SubscriberAsnBase is null ? 0 : accessPops) + spec.Borders.Count * (long)(spec.PeersPerBorder + spec.TransitPerBorder + spec.ExternalAses.Count(a => a.Tier == AsTier.Ixp));
        long reflectors = core * spec.CorePerSite;
        var clients = spec.DataCenters.Count * (long)spec.BorderPerDataCenter + accessPops * spec.EdgePerPop + spec.Borders.Count * (long)spec.EdgePerBorder;
        var ibgp = spec.Bgp.ReflectorsPerClient <= 0 ? 0 : clients * Math.Min(spec.Bgp.ReflectorsPerClient, reflectors) + reflectors * (reflectors - 1) / 2;
        return links + asLinks + peerings + ibgp;
    }

    private static List<Site> Sites(YamlReader r, YamlReader.Map map, string key, SiteKind kind, Dictionary<string, YamlNode> names, bool required,
        Dictionary<string, double>? power = null, Dictionary<string, DataCenterPhysics>? physics = null)
    {
        var sites = new List<Site>();
        var list = map.Sequence(key, required);
        if (list is null) return sites;
        if (list.Count > TopologyLoader.MaxSites) { r.Error(map.Get(key)!, $"{list.Count} {key}; the limit is {TopologyLoader.MaxSites}"); return sites; }
        foreach (var n in list)
        {
            if (r.AsMap(n, $"an entry of '{key}'", kind == SiteKind.DataCenter ? DataCenterKeys : SiteKeys) is not { } s) continue;
            if (TopologyParts.Site(s, kind, names) is not { } site) continue;
            sites.Add(site);
            if (power is not null && s.Number("power_mw", 0.001, 10_000) is { } mw) power[site.Name] = mw;
            if (physics is not null && DataCenterPhysicsReader.Read(s, DataCenterPhysicsReader.SiteKey) is { } own) physics[site.Name] = own;
        }
        return sites;
    }
}
