using System.Net;
using BackboneSim.Model.Build;
using BackboneSim.Model.Configuration;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Scenarios;

/// <summary>
/// Reads <c>config:</c>, the base configuration the network starts in: a list of entries applied in order, each a
/// <c>targets:</c> selector and settings in the model's terms (docs/scenario-format.md#base-configuration).
/// </summary>
public static class ConfigReader
{
    public const int MaxEntries = 1_000;
    public const int MaxItems = 64;
    public static readonly string[] EntryKeys = ["targets", "interfaces", "igp", "bgp", "announce", "health_check", "unhealthy", "capacity"];
    private static readonly string[] RouterKeys = ["interfaces", "igp", "bgp", "announce"];
    private static readonly string[] DnsKeys = ["health_check", "unhealthy", "capacity"];
    public static readonly string[] InterfaceKeys = ["match", "admin", "metric"];
    public static readonly string[] BgpSettingKeys = [.. BgpEditReader.Keys.Where(k => k != "shutdown")];
    public static readonly string[] HealthKeys = ["interval", "fail_threshold", "recover_threshold", "probe", "phase"];

    /// <summary>The entries, and the topology with the prefixes they announce added to the operator's.</summary>
    public static (IReadOnlyList<ConfigEntry> Entries, NetworkTopology Topology) Read(YamlReader r, YamlReader.Map map, NetworkTopology topology)
    {
        if (map.Sequence("config") is not { } items) return ([], topology);
        if (items.Count > MaxEntries) { r.Error(map.Get("config")!, $"'config' has {items.Count} entries; at most {MaxEntries}"); return ([], topology); }
        // Prefixes announced here are the operator's like the others: push filters, expectations and the series may name them.
        var announced = items.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .SelectMany(m => m.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("announce"), out var a) && a is YamlDotNet.RepresentationModel.YamlSequenceNode s ? s.Children : [])
            .OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(n => n.Value ?? "")
            .Where(p => IPNetwork.TryParse(p, out _) && !topology.OperatorPrefixes.Contains(p)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (announced.Count > 0) topology = topology with { ConfiguredPrefixes = announced };
        var entries = new List<ConfigEntry>();
        foreach (var item in items)
            if (Entry(r, item, topology) is { } entry) entries.Add(entry);
        return (entries, topology);
    }

    private static ConfigEntry? Entry(YamlReader r, YamlDotNet.RepresentationModel.YamlNode node, NetworkTopology topology)
    {
        if (r.AsMap(node, "a config entry", EntryKeys) is not { } e) return null;
        var errors = r.Errors.Errors.Count;
        var (targets, kind) = e.Get("targets", required: true) is { } tn ? TargetSelector.Resolve(r, tn, topology) : ([], null);
        if (!EntryKeys.Skip(1).Any(e.Has)) r.Error(e.Node, $"a config entry sets at least one of {string.Join(", ", EntryKeys.Skip(1))}");
        foreach (var key in RouterKeys.Where(e.Has).Where(_ => kind == TargetSelector.Dns))
            r.Error(e.Get(key)!, $"'{key}' configures routers, but this entry targets DNS servers (role: dns)");
        foreach (var key in DnsKeys.Where(e.Has).Where(_ => kind == TargetSelector.Routers))
            r.Error(e.Get(key)!, $"'{key}' configures DNS servers, but this entry targets routers; give it targets: {{ role: dns }}");
        var interfaces = Interfaces(r, e, topology, targets);
        bool? overload = e.SubMap("igp", false, "overload") is { } igp
            ? igp.Choice("overload", ["true", "false"], required: true) is { } o ? o == "true" : null
            : null;
        var bgp = Bgp(r, e, topology, targets);
        var announce = Announce(r, e, topology, targets);
        DnsHealthSetting? health = null;
        var unhealthy = e.Choice("unhealthy", ["withdraw", "keep_answering"]);
        if (e.SubMap("health_check", false, HealthKeys) is { } h)
        {
            if (!HealthKeys.Any(h.Has)) r.Error(h.Node, $"'health_check' sets at least one of {string.Join(", ", HealthKeys)}");
            var probe = h.Choice("probe", ["igp", "data_plane"]);
            var phase = h.Choice("phase", ["random", "aligned"]);
            health = new DnsHealthSetting(h.Duration("interval", 1, 3_600_000), (int?)h.Integer("fail_threshold", 1, 1000),
                (int?)h.Integer("recover_threshold", 1, 1000), null, probe is null ? null : probe == "data_plane", phase is null ? null : phase == "aligned");
        }
        if (unhealthy is not null) health = (health ?? new DnsHealthSetting(null, null, null, null)) with { WithdrawWhenUnhealthy = unhealthy == "withdraw" };
        var capacity = e.Number("capacity", 0, 1_000);
        if (r.Errors.Errors.Count > errors) return null;
        return new ConfigEntry
        {
            Targets = targets, Location = e.Location, Interfaces = interfaces, Overload = overload, Bgp = bgp, Announce = announce, Health = health,
            DnsCapacity = capacity,
        };
    }

    private static List<InterfaceSetting> Interfaces(YamlReader r, YamlReader.Map e, NetworkTopology topology, IReadOnlyList<int> targets)
    {
        var result = new List<InterfaceSetting>();
        foreach (var item in Items(r, e, "interfaces"))
        {
            if (r.AsMap(item, "an interface setting", InterfaceKeys) is not { } m) continue;
            var match = m.String("match", required: true);
            var admin = m.Choice("admin", ["up", "down"]);
            var metric = (int?)m.Integer("metric", 1, 16_777_215);
            if (!m.Has("admin") && !m.Has("metric")) { r.Error(item, "an interface setting sets 'admin', 'metric' or both"); continue; }
            if (!PushAction.CheckMatch(r, m, match, topology)) continue;
            var setting = new InterfaceSetting(match!, admin is null ? null : admin == "up", metric);
            var selected = targets.ToHashSet();
            if (!topology.Links.Any(l => (selected.Contains(l.A) || selected.Contains(l.B)) && setting.Matches(l.Name, l.Kind)))
            { r.Error(m.Get("match")!, $"'match: {match}' selects no interface of the {targets.Count} selected routers"); continue; }
            result.Add(setting);
        }
        return result;
    }

    private static List<BgpSessionEdit> Bgp(YamlReader r, YamlReader.Map e, NetworkTopology topology, IReadOnlyList<int> targets)
    {
        var result = new List<BgpSessionEdit>();
        var sessions = Sessions(topology, targets.ToHashSet());
        foreach (var item in Items(r, e, "bgp"))
        {
            // A session that starts shut down would need a steady state without it at the far end too: not modelled.
            if (item is YamlDotNet.RepresentationModel.YamlMappingNode raw
                && raw.Children.Keys.FirstOrDefault(k => k is YamlDotNet.RepresentationModel.YamlScalarNode { Value: "shutdown" }) is { } shut)
            {
                r.Error(shut, "a session cannot start shut down in the base configuration; shut it with a push at the start of the timeline");
                continue;
            }
            if (r.AsMap(item, "a bgp setting", BgpSettingKeys) is not { } m) continue;
            if (BgpEditReader.Read(r, m, topology, BgpSettingKeys) is not { } edit) continue;
            if (!sessions.Any(s => BgpSpeaker.Matches(s.Kind, s.Peer, edit.Peer)))
            { r.Error(m.Get("peer") ?? m.Node, $"'peer: {edit.Peer}' matches no BGP session of the {targets.Count} selected routers"); continue; }
            result.Add(edit);
        }
        return result;
    }

    /// <summary>The BGP sessions of the selected routers: kind and peer name.</summary>
    private static List<(BgpSessionKind Kind, string Peer)> Sessions(NetworkTopology t, HashSet<int> routers)
        => t.Peerings.Where(p => routers.Contains(p.RouterNode)).Select(p => (BgpSetup.KindOf(p.Kind), t.NodeNames[p.AsNode]))
            .Concat(t.IbgpSessions.Where(s => routers.Contains(s.A)).Select(s => (BgpSessionKind.Ibgp, t.NodeNames[s.B])))
            .Concat(t.IbgpSessions.Where(s => routers.Contains(s.B)).Select(s => (BgpSessionKind.Ibgp, t.NodeNames[s.A]))).ToList();

    private static List<string> Announce(YamlReader r, YamlReader.Map e, NetworkTopology topology, IReadOnlyList<int> targets)
    {
        var result = new List<string>();
        if (!e.Has("announce")) return result;
        var ebgp = topology.Peerings.Select(p => p.RouterNode).ToHashSet();
        if (!targets.Any(ebgp.Contains))
            r.Error(e.Get("announce")!, "'announce' is for routers with eBGP sessions (edge routers), but none of the selected routers has one");
        var anycast = topology.AnycastPrefixes.ToHashSet();
        foreach (var n in Items(r, e, "announce"))
        {
            if (r.AsString(n, "an announced prefix") is not { } prefix) continue;
            if (!IPNetwork.TryParse(prefix, out _)) r.Error(n, $"'{prefix}' is not a prefix like 203.0.113.0/24");
            else if (anycast.Contains(prefix)) r.Error(n, $"prefix {prefix} is a DNS anycast prefix: the DNS servers' health checks decide where it is announced");
            else if (topology.StaticPrefixes.Contains(prefix)) r.Error(n, $"prefix {prefix} is a static prefix: every router with eBGP sessions announces it already");
            else if (result.Contains(prefix)) r.Error(n, $"prefix {prefix} is listed twice");
            else result.Add(prefix);
        }
        return result;
    }

    /// <summary>A list setting, at most <see cref="MaxItems"/> long.</summary>
    private static IReadOnlyList<YamlDotNet.RepresentationModel.YamlNode> Items(YamlReader r, YamlReader.Map e, string key)
    {
        var items = e.Sequence(key) ?? [];
        if (items.Count <= MaxItems) return items;
        r.Error(e.Get(key)!, $"'{key}' has {items.Count} items; at most {MaxItems}");
        return [];
    }
}
