using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>Reads a push's <c>gate:</c> and runs its audit rules on the change (docs/scenario-format.md#safety-gates).</summary>
public static class GateReader
{
    public static readonly string[] RuleKinds = ["keep_connected", "max_targets", "max_links_down"];

    public static SafetyGate? Read(YamlReader r, YamlReader.Map gate, NetworkTopology topology, IReadOnlyList<int> targets, string? targetKind,
        IReadOnlyList<InterfaceEdit> edits)
    {
        var audit = gate.String("audit", required: true);
        var faulty = gate.Choice("faulty", ["true", "false"]) == "true";
        var rules = gate.Sequence("rules", required: true) ?? [];
        if (rules.Count == 0 && gate.Has("rules")) r.Error(gate.Get("rules")!, "an audit needs at least one rule");
        var findings = new List<AuditFinding>();
        var linksDown = ChangeAudit.LinksDown(topology, targets, edits);
        foreach (var item in rules)
        {
            if (r.AsMap(item, "an audit rule", RuleKinds) is not { } rule) continue;
            var given = RuleKinds.Where(rule.Has).ToList();
            if (given.Count != 1) { r.Error(item, $"an audit rule has exactly one of {string.Join(", ", RuleKinds)}"); continue; }
            switch (given[0])
            {
                case "keep_connected":
                    if (rule.Choice("keep_connected", ["true", "false"]) != "true") continue;
                    var cutOff = ChangeAudit.CutOffEdges(topology, linksDown);
                    findings.Add(new AuditFinding("keep_connected", cutOff.Count > 0, cutOff.Count == 0
                        ? "every PoP keeps a path to a data center"
                        : $"{cutOff.Count} of {topology.Routers.Count(x => x.Role == RouterRole.Edge)} edge routers would reach no data center (first: {cutOff[0]})"));
                    break;
                case "max_targets":
                    var population = targetKind == TargetSelector.Dns ? topology.DnsServers.Count : topology.Routers.Count;
                    if (ReadShare(r, rule, "max_targets", population) is { } maxTargets)
                        findings.Add(new AuditFinding("max_targets", targets.Count > maxTargets,
                            $"the change targets {targets.Count} of {population} {(targetKind == TargetSelector.Dns ? "DNS servers" : "routers")}; the rule allows {maxTargets}"));
                    break;
                case "max_links_down":
                    var backbone = topology.Links.Where(l => l.Kind == LinkKinds.Backbone).Select(l => l.Index).ToHashSet();
                    var down = linksDown.Count(backbone.Contains);
                    if (ReadShare(r, rule, "max_links_down", backbone.Count) is { } maxDown)
                        findings.Add(new AuditFinding("max_links_down", down > maxDown,
                            $"the change takes {down} of {backbone.Count} backbone links down; the rule allows {maxDown}"));
                    break;
            }
        }
        return audit is null ? null : new SafetyGate(audit, faulty, findings);
    }

    /// <summary>A count ("3") or a share of <paramref name="of"/> ("10%", rounded down), as a count.</summary>
    public static long? ReadShare(YamlReader r, YamlReader.Map m, string key, long of)
    {
        if (m.String(key, required: true) is not { } text) return null;
        var trimmed = text.Trim();
        if (trimmed.EndsWith('%'))
        {
            if (double.TryParse(trimmed[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var pct)
                && pct is >= 0 and <= 100)
                return (long)Math.Floor(of * pct / 100);
        }
        else if (long.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= 100_000_000)
            return n;
        r.Error(m.Get(key)!, $"'{key}' must be a count (3) or a share (10%) between 0% and 100%, not '{(text.Length > 40 ? text[..37] + "..." : text)}'");
        return null;
    }
}
