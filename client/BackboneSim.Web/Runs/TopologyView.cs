using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Web.Runs;

public sealed record SiteView(string Name, string Kind, string City, string Region, double Lat, double Lon);

/// <summary>A map element: its kind (router, dns, dc, as), role, site and where to draw it.</summary>
public sealed record NodeView(string Name, string Kind, string? Role, string? Site, string Region, double Lat, double Lon, string? Label);

/// <summary>A backbone link between two routers (and their sites), with its own capacity.</summary>
public sealed record LinkView(string Name, string A, string B, string SiteA, string SiteB, double CapacityGbps);

/// <summary>
/// The scenario's network as the map draws it: sites at their coordinates, routers, DNS servers and data centers at
/// their site, external ASes around their region (the topology gives ASes no coordinates, so they are spread on a
/// small circle around the middle of their region's sites, in node order), and backbone links between routers.
/// </summary>
public sealed record TopologyView(IReadOnlyList<SiteView> Sites, IReadOnlyList<NodeView> Nodes, IReadOnlyList<LinkView> Links,
    IReadOnlyList<string> Services)
{
    public static TopologyView Build(ScenarioDefinition scenario)
    {
        var t = scenario.Topology;
        var sites = t.Sites.Select(s => new SiteView(s.Name, KindName(s.Kind), s.City, s.Region, s.Lat, s.Lon)).ToList();
        var siteByName = t.Sites.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var nodes = new List<NodeView>();
        foreach (var r in t.Routers)
            nodes.Add(AtSite(r.Name, "router", RoleName(r.Role), siteByName[r.Site], null));
        foreach (var d in t.DnsServers)
            nodes.Add(AtSite(d.Name, "dns", null, siteByName[d.Site], string.Join(' ', d.Prefixes)));
        foreach (var d in t.DataCenters)
            nodes.Add(AtSite(d.Name, "dc", null, siteByName[d.Site], null));

        var centres = t.Sites.GroupBy(s => s.Region, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Lat: g.Average(s => s.Lat), Lon: g.Average(s => s.Lon)), StringComparer.Ordinal);
        foreach (var group in t.ExternalAses.GroupBy(a => a.Region, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var (lat, lon) = centres.TryGetValue(group.Key, out var c) ? c : (-48.0, 0.0); // no site in the region: in the southern ocean
            for (var i = 0; i < list.Count; i++)
            {
                var a = list[i];
                var angle = 2 * Math.PI * i / list.Count;
                var radius = 4 + 2 * (i % 3);
                nodes.Add(new NodeView(a.Name, "as", a.Tier.ToString().ToLowerInvariant(), null, a.Region,
                    Math.Clamp(lat + radius * Math.Sin(angle), -80, 80), lon + radius * 1.4 * Math.Cos(angle), $"AS{a.Asn} {a.Label}"));
            }
        }

        var routerByNode = t.Routers.ToDictionary(r => r.Node);
        var links = t.Links.Where(l => l.Kind == LinkKinds.Backbone && routerByNode.ContainsKey(l.A) && routerByNode.ContainsKey(l.B))
            .Select(l => new LinkView(l.Name, routerByNode[l.A].Name, routerByNode[l.B].Name, routerByNode[l.A].Site, routerByNode[l.B].Site, l.CapacityGbps))
            .ToList();
        return new TopologyView(sites, nodes, links, t.Services.Select(s => s.Name).ToList());
    }

    private static NodeView AtSite(string name, string kind, string? role, Site site, string? label)
        => new(name, kind, role, site.Name, site.Region, site.Lat, site.Lon, label);

    private static string KindName(SiteKind kind) => kind switch { SiteKind.DataCenter => "dc", SiteKind.Hub => "hub", _ => "pop" };

    private static string RoleName(RouterRole role) => role switch
    {
        RouterRole.Backbone => "backbone", RouterRole.DataCenterBorder => "dc-border", _ => "edge",
    };
}
