using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Scenario;

/// <summary>
/// <c>push:</c> — a configuration change sent through config management to the targets: interface, IGP and BGP
/// edits for routers; zone content and delegation edits for DNS servers.
/// </summary>
public static class PushReader
{
    private static readonly string[] ChangeKinds = ["interfaces", "igp", "bgp", "zone", "delegation"];

    public static TimelineAction? Read(ActionSite site)
    {
        var (r, topology) = (site.Reader, site.Topology);
        if (site.Map.SubMap("push", required: true, "targets", "change", "gate", "rollout") is not { } push) return null;
        var (targets, targetKind) = push.Get("targets", required: true) is { } tn ? TargetSelector.Resolve(r, tn, topology) : ([], null);
        var edits = new List<InterfaceEdit>();
        var igp = new List<IgpEdit>();
        var bgp = new List<BgpSessionEdit>();
        var zone = new List<ZoneEdit>();
        var delegation = new List<DelegationEdit>();
        foreach (var ch in push.Sequence("change", required: true) ?? [])
        {
            if (r.AsMap(ch, "a change", ChangeKinds) is not { } cm) continue;
            if (ChangeKinds.Count(cm.Has) != 1) { r.Error(ch, "a change needs exactly one of 'interfaces', 'igp', 'bgp', 'zone' or 'delegation'"); continue; }
            var kind = ChangeKinds.First(cm.Has);
            // Routers take interface, IGP and BGP edits; DNS servers zone edits; a delegation is made in the parent
            // zone, pushed like a zone edit.
            var forDns = kind is "zone" or "delegation";
            if (targetKind == TargetSelector.Dns && !forDns)
            { r.Error(cm.Get(kind)!, $"'{kind}' changes routers, but this push targets DNS servers (role: dns)"); continue; }
            if (targetKind == TargetSelector.Routers && forDns)
            {
                r.Error(cm.Get(kind)!, $"a '{kind}' change is for DNS {(kind == "zone" ? "servers' zone content" : "(the parent zone's delegation)")}, " +
                                       "but this push targets routers; give it targets: { role: dns }");
                continue;
            }
            if (cm.SubMap("interfaces", false, "match", "admin") is { } im)
            {
                var match = im.String("match", true);
                var admin = im.Choice("admin", ["up", "down"], true);
                if (CheckMatch(r, im, match, topology) && admin is not null) edits.Add(new InterfaceEdit { Match = match!, AdminUp = admin == "up" });
            }
            if (cm.SubMap("igp", false, "overload", "metric", "match") is { } gm)
            {
                var overload = gm.Choice("overload", ["true", "false"]);
                var metric = gm.Integer("metric", 1, 16_777_215);
                var match = gm.String("match") ?? "*";
                if (overload is null && metric is null) r.Error(gm.Node, "an 'igp' change sets 'overload', 'metric' or both");
                else if (metric is null && gm.Has("match")) r.Error(gm.Get("match")!, "'match' selects interfaces for 'metric'; set a metric too");
                else if (CheckMatch(r, gm, match, topology)) igp.Add(new IgpEdit { Overload = overload is null ? null : overload == "true", Metric = (int?)metric, Match = match });
            }
            if (cm.SubMap("bgp", false, BgpEditReader.Keys) is { } bm && BgpEditReader.Read(r, bm, topology) is { } bgpEdit) bgp.Add(bgpEdit);
            if (cm.SubMap("zone", false, DnsEditReader.ZoneKeys) is { } zm && DnsEditReader.Zone(r, zm, topology) is { } zoneEdit) zone.Add(zoneEdit);
            if (cm.SubMap("delegation", false, DnsEditReader.DelegationKeys) is { } dm && DnsEditReader.Delegation(r, dm, topology) is { } delegationEdit)
                delegation.Add(delegationEdit);
        }
        var gate = push.SubMap("gate", false, "audit", "rules", "faulty") is { } gateMap ? GateReader.Read(r, gateMap, topology, targets, targetKind, edits) : null;
        var rollout = RolloutReader.Read(r, push, topology, targets, site.Columns);
        var what = string.Join("; ", edits.Select(e => $"interfaces {e.Match} admin {(e.AdminUp ? "up" : "down")}")
            .Concat(igp.Select(g => "igp" + (g.Overload is { } o ? $" overload {(o ? "on" : "off")}" : "") + (g.Metric is { } m ? $" metric {m} on {g.Match}" : "")))
            .Concat(bgp.Select(BgpEditReader.Describe)).Concat(zone.Select(DnsEditReader.Describe)).Concat(delegation.Select(DnsEditReader.Describe)))
            + $" on {targets.Count} {(targetKind == TargetSelector.Dns ? "DNS servers" : "routers")}"
            + (rollout is null ? "" : ", " + rollout.Describe()) + (gate is null ? "" : "; " + gate.Describe());
        return new TimelineAction(site.Index, site.Name, site.AtMs, site.Location, "push", targets, edits, what)
            { Igp = igp, Bgp = bgp, Zone = zone, Delegation = delegation, Gate = gate, Rollout = rollout };
    }

    /// <summary>An interface match must be '*', a link kind or a link name.</summary>
    public static bool CheckMatch(YamlReader r, YamlReader.Map map, string? match, NetworkTopology topology)
    {
        if (match is null) return false;
        if (match == "*" || LinkKinds.All.Contains(match) || topology.Links.Any(l => l.Name == match)) return true;
        r.Error(map.Get("match")!, $"'match' is '{match}'; expected a link kind ({string.Join(", ", LinkKinds.All)}), a link name or '*'" +
                                   Suggestions.DidYouMean(match, LinkKinds.All));
        return false;
    }
}
