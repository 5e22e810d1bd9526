using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Resolves a <c>targets:</c> selector: routers by role, or with <c>role: dns</c> the authoritative DNS servers;
/// site, region, name and tag select among them alike (a DNS server carries its site's tags).
/// </summary>
public static class TargetSelector
{
    public const string Routers = "routers", Dns = "dns";

    public static readonly IReadOnlyDictionary<string, RouterRole> Roles = new Dictionary<string, RouterRole>
    {
        ["backbone"] = RouterRole.Backbone, ["datacenter-border"] = RouterRole.DataCenterBorder, ["edge"] = RouterRole.Edge,
    };

    /// <summary>The selected nodes and which kind they are (null when the selector itself was wrong).</summary>
    /// <param name="impliedRole">The role when the selector names none (<c>fail: { dns_servers: ... }</c> implies <c>dns</c>).</param>
    public static (IReadOnlyList<int> Nodes, string? Kind) Resolve(YamlReader r, YamlNode node, NetworkTopology topology, string? impliedRole = null)
    {
        var errorsBefore = r.Errors.Errors.Count;
        if (r.AsMap(node, "'targets'", "role", "site", "region", "name", "tag") is not { } sel) return ([], null);
        var role = sel.Choice("role", [.. Roles.Keys, "dns", "any"]) ?? (sel.Has("role") ? null : impliedRole);
        var kind = sel.Has("role") && role is null ? null : role == "dns" ? Dns : Routers;
        var siteRegion = topology.Sites.ToDictionary(s => s.Name, s => s.Region, StringComparer.Ordinal);
        var siteTags = topology.Sites.ToDictionary(s => s.Name, s => s.Tags, StringComparer.Ordinal);
        IEnumerable<(int Node, string Name, string Site, IReadOnlyList<string> Tags)> candidates = kind == Dns
            ? topology.DnsServers.Select(d => (d.Node, d.Name, d.Site, siteTags.GetValueOrDefault(d.Site) ?? []))
            : topology.Routers.Where(x => role is null or "any" || x.Role == Roles[role]).Select(x => (x.Node, x.Name, x.Site, x.Tags));
        if (sel.String("site") is { } site)
        {
            var sites = topology.Sites.Select(s => s.Name).ToList();
            if (!sites.Contains(site) && site.IndexOfAny(['*', '?']) < 0) r.Error(sel.Get("site")!, $"no site named '{site}'{Suggestions.DidYouMean(site, sites)}{Glob.Hint(site)}");
            var sitePattern = Glob.Compile(site);
            candidates = candidates.Where(x => sitePattern.IsMatch(x.Site));
        }
        if (sel.String("region") is { } region)
        {
            var regions = topology.Sites.Select(s => s.Region).Distinct().ToList();
            if (!regions.Contains(region)) r.Error(sel.Get("region")!, $"no region named '{region}'{Suggestions.DidYouMean(region, regions)}");
            candidates = candidates.Where(x => siteRegion.GetValueOrDefault(x.Site) == region);
        }
        if (sel.String("name") is { } pattern)
        {
            var namePattern = Glob.Compile(pattern);
            candidates = candidates.Where(x => namePattern.IsMatch(x.Name));
        }
        if (sel.String("tag") is { } tag)
        {
            var tags = topology.Sites.SelectMany(s => s.Tags).Concat(topology.Routers.SelectMany(x => x.Tags)).Distinct(StringComparer.Ordinal).ToList();
            if (!tags.Contains(tag, StringComparer.Ordinal))
                r.Error(sel.Get("tag")!, tags.Count == 0 ? $"no site or router has the tag '{tag}' (the topology has no tags)"
                    : $"no site or router has the tag '{tag}'{Suggestions.DidYouMean(tag, tags)}");
            candidates = candidates.Where(x => x.Tags.Contains(tag, StringComparer.Ordinal));
        }
        var result = candidates.Select(x => x.Node).ToList();
        if (result.Count == 0 && r.Errors.Errors.Count == errorsBefore) r.Error(node, $"'targets' matches no {(kind == Dns ? "DNS server" : "router")}{Glob.Hint(sel.String("site"), sel.String("name"))}");
        return (result, kind);
    }
}
