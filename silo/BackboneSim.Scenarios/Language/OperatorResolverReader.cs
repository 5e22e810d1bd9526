using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Generators;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// A <c>resolvers.public:</c> entry the operator runs itself (<c>operator: true</c>, as Cloudflare runs 1.1.1.1): the
/// anycast <c>prefix</c> users reach it at and the <c>sites</c> that announce it. What can be checked in the entry is
/// checked when it is read (<see cref="Read"/>); its sites and prefix against the network once the layout exists
/// (<see cref="Check"/>).
/// </summary>
public static class OperatorResolverReader
{
    /// <summary>An operator-run resolver as read, with where its entry and its sites were written.</summary>
    public sealed record Written(YamlNode Entry, string Name, string Prefix, YamlNode PrefixAt, List<(YamlNode At, string Site)> Sites);

    /// <summary>The operator-run part of a public resolver entry: its prefix and sites, or null (with the errors
    /// reported) when the entry is wrong. <paramref name="dnsPrefixes"/> are the topology's DNS prefixes, which it may
    /// not reuse.</summary>
    public static Written? Read(YamlReader r, YamlReader.Map p, string name, IReadOnlyList<string> dnsPrefixes)
    {
        if (p.Get("asn") is { } asn)
        {
            r.Error(asn, "an operator-run resolver (operator: true) is reached at the operator's own 'prefix'; 'asn' is for a resolver in an external AS");
            return null;
        }
        var text = p.String("prefix", required: true);
        var sites = new List<(YamlNode, string)>();
        foreach (var s in p.Sequence("sites") ?? [])
            if (r.AsString(s, "a site") is { } site)
            {
                if (sites.Any(x => x.Item2 == site)) r.Error(s, $"site '{site}' is listed twice");
                else sites.Add((s, site));
            }
        if (p.Get("sites") is { } empty && p.Sequence("sites") is { Count: 0 })
            r.Error(empty, "'sites' must list at least one site (leave it out to announce from the sites of the DNS servers)");
        if (text is null) return null;
        var at = p.Get("prefix")!;
        if (!Prefix.TryParse(text, out var prefix, out var error)) { r.Error(at, $"'prefix': {error}"); return null; }
        if (prefix.ToString() != text) { r.Error(at, $"'prefix' {text} is not written in canonical form; write {prefix}"); return null; }
        if (dnsPrefixes.Contains(text, StringComparer.Ordinal))
        {
            r.Error(at, $"prefix {text} is one of the DNS servers' prefixes (dns.prefixes); the resolver needs a prefix of its own");
            return null;
        }
        return new Written(p.Node, name, text, at, sites);
    }

    /// <summary>The keys only an operator-run resolver has, reported when an entry in an external AS uses them.</summary>
    public static void RefuseOperatorKeys(YamlReader r, YamlReader.Map p)
    {
        foreach (var key in new[] { "prefix", "sites" }.Where(p.Has))
            r.Error(p.Get(key)!, $"'{key}' is for a resolver the operator runs (operator: true); a resolver in an external AS is reached through its 'asn'");
    }

    /// <summary>
    /// Checks the operator-run resolvers against the network: each site exists and has an edge router with eBGP
    /// sessions to announce the prefix from; without sites, some DNS server announces the operator's DNS prefixes; no
    /// prefix is the operator's static space or another resolver's.
    /// </summary>
    public static void Check(YamlReader r, IReadOnlyList<Written> resolvers, TopologyLayout layout)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var sites = layout.Sites.Select(s => s.Name).ToList();
        var peered = layout.Peerings.Select(p => p.Router).ToHashSet(StringComparer.Ordinal);
        var announcing = layout.Routers.Where(x => x.Role == RouterRole.Edge && peered.Contains(x.Name)).Select(x => x.Site).ToHashSet(StringComparer.Ordinal);
        // Tolerant of a layout with errors of its own (a router listed twice is reported elsewhere).
        var siteOf = layout.Routers.GroupBy(x => x.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Site, StringComparer.Ordinal);
        var dnsSitesAnnounce = layout.DnsServers.SelectMany(d => d.AnnounceVia).Any(v => siteOf.TryGetValue(v, out var site) && announcing.Contains(site));
        foreach (var w in resolvers)
        {
            if (layout.StaticPrefixes.Contains(w.Prefix, StringComparer.Ordinal))
                r.Error(w.PrefixAt, $"prefix {w.Prefix} is one of the operator's static prefixes (operator.prefixes); the resolver needs a prefix of its own");
            else if (!seen.TryAdd(w.Prefix, w.Name))
                r.Error(w.PrefixAt, $"prefix {w.Prefix} is already resolver '{seen[w.Prefix]}''s; each operator-run resolver needs a prefix of its own");
            foreach (var (at, site) in w.Sites)
            {
                if (!sites.Contains(site, StringComparer.Ordinal)) r.Error(at, $"no site named '{site}'{Suggestions.DidYouMean(site, sites)}");
                else if (!announcing.Contains(site))
                    r.Error(at, $"site '{site}' has no edge router with eBGP sessions, so it cannot announce the resolver's prefix {w.Prefix}");
            }
            if (w.Sites.Count == 0 && !dnsSitesAnnounce)
                r.Error(w.Entry, $"resolver '{w.Name}' has no 'sites', and no site whose routers announce the DNS prefixes has an edge router with eBGP sessions, " +
                                 "so nothing would announce its prefix; list the sites that announce it");
        }
    }
}
