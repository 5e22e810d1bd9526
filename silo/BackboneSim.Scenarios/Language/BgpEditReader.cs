using System.Net;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>Reads a push's <c>bgp:</c> change item and route filters (docs/scenario-format.md).</summary>
public static class BgpEditReader
{
    public static readonly string[] Keys = ["peer", "shutdown", "accept", "announce", "local_pref", "max_prefix", "on_max_prefix", "restart", "export_map", "packets"];
    public static readonly string[] Groups = ["*", "ebgp", "ibgp", "transit", "peer", "route-server"];
    public static readonly string[] FilterWords = [RouteFilter.Any, RouteFilter.Operator, RouteFilter.Servers, RouteFilter.Internet, RouteFilter.Peers];

    /// <param name="keys">The keys allowed here, <c>peer</c> first: <see cref="Keys"/> in a push; the base configuration
    /// has no <c>shutdown</c>.</param>
    public static BgpSessionEdit? Read(YamlReader r, YamlReader.Map m, NetworkTopology topology, string[]? keys = null)
    {
        keys ??= Keys;
        var errors = r.Errors.Errors.Count;
        var peer = m.String("peer") ?? "*";
        var peers = topology.ExternalAses.Select(x => x.Name).Concat(topology.Routers.Select(x => x.Name)).ToList();
        if (!Groups.Contains(peer) && !peers.Contains(peer))
            r.Error(m.Get("peer")!, $"'peer' is '{peer}'; expected one of {string.Join(", ", Groups)}, an external AS node like as3356 or a router name" +
                                    Suggestions.DidYouMean(peer, Groups.Concat(peers)));
        var shutdown = keys.Contains("shutdown") ? m.Choice("shutdown", ["true", "false"]) : null;
        var prefixes = topology.OperatorPrefixes.ToList();
        var accept = Filter(r, m, "accept", prefixes);
        var announce = Filter(r, m, "announce", prefixes);
        var localPref = m.Integer("local_pref", 0, int.MaxValue);
        var maxPrefix = m.Has("max_prefix") && m.String("max_prefix") == "none" ? 0 : m.Integer("max_prefix", 1, 100_000_000);
        var onMax = m.Choice("on_max_prefix", ["teardown", "warn"]);
        var restart = m.Has("restart") && m.String("restart") == "never" ? 0 : m.Duration("restart", 1_000, 7L * 24 * 3_600_000);
        // The export route map on the operator's own prefixes this session announces (replaces the old one; none removes it).
        var exportMap = RouteMapReader.Read(r, m, "export_map", out var noExportMap);
        // A packet filter on BGP's own packets with the peer (TCP port 179): drop or pass.
        var packets = m.Choice("packets", ["drop", "pass"]);
        if (!keys.Skip(1).Any(m.Has)) r.Error(m.Node, $"a 'bgp' {(keys == Keys ? "change" : "setting")} sets at least one of {string.Join(", ", keys.Skip(1))}");
        if (r.Errors.Errors.Count > errors) return null;
        return new BgpSessionEdit
        {
            Peer = peer, Shutdown = shutdown is null ? null : shutdown == "true", Accept = accept, Announce = announce, LocalPref = (int?)localPref,
            MaxPrefix = maxPrefix, TeardownOnMaxPrefix = onMax is null ? null : onMax == "teardown", RestartMs = restart,
            ExportMap = exportMap, ClearExportMap = noExportMap, DropPackets = packets is null ? null : packets == "drop",
        };
    }

    /// <summary>A route filter: a list of route classes (operator, internet, peers, asN, *) and operator prefixes.</summary>
    public static string[]? Filter(YamlReader r, YamlReader.Map m, string key, IReadOnlyCollection<string> operatorPrefixes)
    {
        if (!m.Has(key)) return null;
        var result = new List<string>();
        foreach (var n in m.Sequence(key) ?? [])
        {
            if (r.AsString(n, "a route filter entry") is not { } entry) continue;
            var isAs = entry.Length > 2 && entry.StartsWith("as", StringComparison.Ordinal) && long.TryParse(entry.AsSpan(2), out _);
            var isPrefix = IPNetwork.TryParse(entry, out _);
            if (!FilterWords.Contains(entry) && !isAs && !isPrefix)
                r.Error(n, $"'{entry}' is not a route filter entry; expected {string.Join(", ", FilterWords)}, asN or a prefix{Suggestions.DidYouMean(entry, FilterWords)}");
            else if (isPrefix && !operatorPrefixes.Contains(entry))
                r.Error(n, $"prefix {entry} is not one the operator announces ({string.Join(", ", operatorPrefixes)})");
            else result.Add(entry);
        }
        return result.ToArray();
    }

    public static string Describe(BgpSessionEdit e)
    {
        var parts = new List<string>();
        if (e.Shutdown is { } s) parts.Add(s ? "shut down" : "enabled");
        if (e.Accept is { } a) parts.Add($"accept [{string.Join(", ", a)}]");
        if (e.Announce is { } an) parts.Add($"announce [{string.Join(", ", an)}]");
        if (e.LocalPref is { } lp) parts.Add($"local-pref {lp}");
        if (e.MaxPrefix is { } mp) parts.Add(mp == 0 ? "no max-prefix" : $"max-prefix {mp:N0}");
        if (e.TeardownOnMaxPrefix is { } t) parts.Add(t ? "teardown on max-prefix" : "warn on max-prefix");
        if (e.RestartMs is { } rs) parts.Add(rs == 0 ? "no automatic restart" : $"restart after {TimeText.FormatDuration(rs)}");
        if (e.ExportMap is { } map) parts.Add($"export map ({map})");
        if (e.ClearExportMap) parts.Add("no export map");
        if (e.DropPackets is { } drop) parts.Add(drop ? "a filter drops its BGP packets" : "BGP packets pass");
        return $"bgp sessions to {e.Peer}: {string.Join(", ", parts)}";
    }
}
