using BackboneSim.Model.Topology;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Model.Scenario;

/// <summary>Reads a topology (inline or an included file) into a <see cref="HyperscalerSpec"/> and expands it.</summary>
public static class TopologyLoader
{
    /// <summary>Generous limits that still keep a run inside one machine's memory (docs/scenario-format.md).</summary>
    public const int MaxSites = 5_000, MaxPerSite = 64, MaxAses = 5_000, MaxNodes = 200_000;

    private static readonly string[] TopKeys = ["generator", "operator", "routers", "links", "dns", "internet", "datacenters", "hubs", "pops"];
    private static readonly string[] SiteKeys = ["name", "city", "lat", "lon", "region"];

    public static NetworkTopology? Read(YamlReader r, YamlNode node)
    {
        var map = r.AsMap(node, "topology", TopKeys);
        if (map is null) return null;
        map.Choice("generator", ["hyperscaler"], required: true);
        var spec = new HyperscalerSpec();
        if (map.SubMap("operator", true, "name", "asn") is { } op)
        {
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
        if (map.SubMap("dns", false, "per_pop", "prefixes") is { } dns)
        {
            spec.DnsPerPop = (int)(dns.Integer("per_pop", 0, MaxPerSite) ?? spec.DnsPerPop);
            foreach (var p in dns.Sequence("prefixes") ?? [])
                if (r.AsString(p, "a prefix") is { } text)
                {
                    if (!System.Net.IPNetwork.TryParse(text, out _)) r.Error(p, $"'{text}' is not a prefix like 129.134.30.0/23");
                    else spec.DnsPrefixes.Add(text);
                }
        }
        if (map.SubMap("internet", false, "pop_regional_peers", "transit_per_regional", "ases") is { } net)
        {
            spec.PopRegionalPeers = (int)(net.Integer("pop_regional_peers", 0, 16) ?? spec.PopRegionalPeers);
            spec.TransitPerRegional = (int)(net.Integer("transit_per_regional", 0, 16) ?? spec.TransitPerRegional);
            var seen = new HashSet<long>();
            foreach (var a in net.Sequence("ases") ?? [])
            {
                if (r.AsMap(a, "an AS", "asn", "name", "tier", "region") is not { } am) continue;
                var asn = am.Integer("asn", 1, 4_294_967_295, true);
                var tier = am.Choice("tier", ["tier1", "regional"], true);
                var region = am.String("region", true);
                if (asn is { } n && !seen.Add(n)) r.Error(a, $"AS {n} is listed twice");
                if (asn == spec.OperatorAsn) r.Error(a, $"AS {asn} is the operator's own AS");
                if (asn is { } ok && tier is not null && region is not null)
                    spec.ExternalAses.Add(new ExternalAsInput(ok, am.String("name") ?? $"AS{ok}", tier == "tier1" ? AsTier.Tier1 : AsTier.Regional, region));
            }
            if (spec.ExternalAses.Count > MaxAses) r.Error(net.Node, $"{spec.ExternalAses.Count} ASes; the limit is {MaxAses}");
        }
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        spec.DataCenters = Sites(r, map, "datacenters", SiteKind.DataCenter, names, required: true);
        if (spec.DataCenters.Count == 0 && map.Get("datacenters") is { } dcs && !r.Errors.Any)
            r.Error(dcs, "'datacenters' must list at least one data center: the backbone is built around them");
        spec.Hubs = Sites(r, map, "hubs", SiteKind.Hub, names, required: false);
        spec.Pops = Sites(r, map, "pops", SiteKind.Pop, names, required: false);
        if (spec.DataCenters.Count + spec.Hubs.Count + spec.Pops.Count > MaxSites)
            r.Error(map.Node, $"{spec.DataCenters.Count + spec.Hubs.Count + spec.Pops.Count} sites; the limit is {MaxSites}");

        var estimate = 1 + spec.DataCenters.Count * (spec.BackbonePerDataCenter + spec.BorderPerDataCenter)
                         + spec.Hubs.Count * spec.BackbonePerHub + spec.Pops.Count * (spec.EdgePerPop + spec.DnsPerPop) + spec.ExternalAses.Count;
        if (estimate > MaxNodes) r.Error(map.Node, $"the topology would have {estimate:N0} nodes; the limit is {MaxNodes:N0}");
        if (r.Errors.Any) return null;
        return HyperscalerGenerator.Generate(spec);
    }

    private static List<Site> Sites(YamlReader r, YamlReader.Map map, string key, SiteKind kind, Dictionary<string, YamlNode> names, bool required)
    {
        var sites = new List<Site>();
        var list = map.Sequence(key, required);
        if (list is null) return sites;
        if (list.Count > MaxSites) { r.Error(map.Get(key)!, $"{list.Count} {key}; the limit is {MaxSites}"); return sites; }
        foreach (var n in list)
        {
            if (r.AsMap(n, $"an entry of '{key}'", SiteKeys) is not { } s) continue;
            var name = s.String("name", true);
            var lat = s.Number("lat", -90, 90, true);
            var lon = s.Number("lon", -180, 180, true);
            var region = s.String("region", true);
            if (name is null || lat is null || lon is null || region is null) continue;
            if (!IsPlainName(name)) { r.Error(s.Get("name")!, $"site name '{name}' may use only letters, digits, '-' and '_'"); continue; }
            if (names.TryGetValue(name, out var first)) { r.Error(s.Get("name")!, $"site '{name}' is already defined at {r.At(first)}"); continue; }
            names[name] = n;
            sites.Add(new Site(name, kind, s.String("city") ?? name, lat.Value, lon.Value, region));
        }
        return sites;
    }

    public static bool IsPlainName(string s) => s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
