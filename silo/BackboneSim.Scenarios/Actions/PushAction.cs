using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Scenarios.Actions;

/// <summary>
/// <c>push:</c> — a configuration change sent through config management to the targets: interface, IGP and BGP
/// edits for routers; zone content and delegation edits for DNS servers (a delegation change is made once, in the
/// parent zone). It goes through its safety gate, then reaches each target after a per-target delay — all at once,
/// or in rollout waves with health checks between them. Undone by a <see cref="RespondAction"/>'s rollback (each
/// target puts back the configuration it had), or by its rollout's own rollback when a health check fails.
/// </summary>
public sealed record PushAction(int Index, string Name, long AtMs, SourceLocation Location, IReadOnlyList<int> Targets,
    IReadOnlyList<InterfaceEdit> Interfaces, string Description)
    : TimelineAction(Index, Name, AtMs, Location, Targets, Description), IActionKind<PushAction>, IStagedRollout
{
    public static string YamlKey => "push";
    public override string Key => YamlKey;

    public IReadOnlyList<IgpEdit> Igp { get; init; } = [];
    public IReadOnlyList<BgpSessionEdit> Bgp { get; init; } = [];
    /// <summary>Data filters (ACLs) on interfaces, for routers.</summary>
    public IReadOnlyList<AclEdit> Acl { get; init; } = [];
    /// <summary>Flowspec rules the target routers originate or withdraw.</summary>
    public IReadOnlyList<FlowspecEdit> Flowspec { get; init; } = [];
    /// <summary>Zone content edits, applied by each target DNS server.</summary>
    public IReadOnlyList<ZoneEdit> Zone { get; init; } = [];
    /// <summary>Delegation changes in the parent zone: applied once, whatever the targets.</summary>
    public IReadOnlyList<DelegationEdit> Delegation { get; init; } = [];
    /// <summary>The audit a push passes through before it goes out, or null.</summary>
    public SafetyGate? Gate { get; init; }
    /// <summary>The kinds of router edit it carries (<see cref="EditKinds"/>), by which a rollback can be partial.</summary>
    public IReadOnlyList<string> Kinds => EditKinds.All.Where(k => k switch
    {
        EditKinds.Interfaces => Interfaces.Count > 0, EditKinds.Igp => Igp.Count > 0, EditKinds.Bgp => Bgp.Count > 0,
        EditKinds.Acl => Acl.Count > 0, _ => Flowspec.Count > 0,
    }).ToList();
    /// <summary>Routers the push leaves wedged until a restart by hand, or null.</summary>
    public WedgeSpec? Wedge { get; init; }
    /// <summary>A push sent in waves with health checks, or null (all targets at once).</summary>
    public RolloutPlan? Rollout { get; init; }

    private static readonly string[] ChangeKinds = ["interfaces", "igp", "bgp", "acl", "flowspec", "zone", "delegation"];

    public static PushAction? Read(ActionSite site)
    {
        var (r, topology) = (site.Reader, site.Topology);
        if (site.Map.SubMap("push", required: true, "targets", "change", "gate", "rollout", "wedge") is not { } push) return null;
        var (targets, targetKind) = push.Get("targets", required: true) is { } tn ? TargetSelector.Resolve(r, tn, topology) : ([], null);
        var edits = new List<InterfaceEdit>();
        var igp = new List<IgpEdit>();
        var bgp = new List<BgpSessionEdit>();
        var acl = new List<AclEdit>();
        var flowspec = new List<FlowspecEdit>();
        var zone = new List<ZoneEdit>();
        var delegation = new List<DelegationEdit>();
        foreach (var ch in push.Sequence("change", required: true) ?? [])
        {
            if (r.AsMap(ch, "a change", ChangeKinds) is not { } cm) continue;
            if (ChangeKinds.Count(cm.Has) != 1) { r.Error(ch, "a change needs exactly one of 'interfaces', 'igp', 'bgp', 'acl', 'flowspec', 'zone' or 'delegation'"); continue; }
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
            if (cm.SubMap("acl", false, "match", "data", "igp") is { } am)
            {
                var match = am.String("match", true);
                var data = am.Choice("data", ["deny", "permit"]);
                var igpPackets = am.Choice("igp", ["deny", "permit"]);
                if (!am.Has("data") && !am.Has("igp")) r.Error(am.Node, "an 'acl' change sets 'data', 'igp' or both");
                else if (CheckMatch(r, am, match, topology) && (data is not null || igpPackets is not null))
                    acl.Add(new AclEdit { Match = match!, DenyData = data is null ? null : data == "deny", DenyIgp = igpPackets is null ? null : igpPackets == "deny" });
            }
            if (cm.SubMap("flowspec", false, FlowspecEditReader.Keys) is { } fm && FlowspecEditReader.Read(r, fm) is { } flowspecEdit) flowspec.Add(flowspecEdit);
            if (cm.SubMap("bgp", false, BgpEditReader.Keys) is { } bm && BgpEditReader.Read(r, bm, topology) is { } bgpEdit) bgp.Add(bgpEdit);
            if (cm.SubMap("zone", false, DnsEditReader.ZoneKeys) is { } zm && DnsEditReader.Zone(r, zm, topology) is { } zoneEdit) zone.Add(zoneEdit);
            if (cm.SubMap("delegation", false, DnsEditReader.DelegationKeys) is { } dm && DnsEditReader.Delegation(r, dm, topology) is { } delegationEdit)
                delegation.Add(delegationEdit);
        }
        var gate = push.SubMap("gate", false, "audit", "rules", "faulty") is { } gateMap ? GateReader.Read(r, gateMap, topology, targets, targetKind, edits) : null;
        var rollout = RolloutReader.Read(r, push, topology, targets, site.Columns);
        var wedge = WedgeReader.Read(r, push, topology, targets);
        var what = string.Join("; ", edits.Select(e => $"interfaces {e.Match} admin {(e.AdminUp ? "up" : "down")}")
            .Concat(igp.Select(g => "igp" + (g.Overload is { } o ? $" overload {(o ? "on" : "off")}" : "") + (g.Metric is { } m ? $" metric {m} on {g.Match}" : "")))
            .Concat(bgp.Select(BgpEditReader.Describe)).Concat(acl.Select(DescribeAcl)).Concat(flowspec.Select(FlowspecEditReader.Describe)).Concat(zone.Select(DnsEditReader.Describe)).Concat(delegation.Select(DnsEditReader.Describe)))
            + $" on {targets.Count} {(targetKind == TargetSelector.Dns ? "DNS servers" : "routers")}"
            + (rollout is null ? "" : ", " + rollout.Describe()) + (gate is null ? "" : "; " + gate.Describe()) + (wedge is null ? "" : WedgeReader.Describe(wedge));
        return new PushAction(site.Index, site.Name, site.AtMs, site.Location, targets, edits, what)
            { Igp = igp, Bgp = bgp, Acl = acl, Flowspec = flowspec, Zone = zone, Delegation = delegation, Gate = gate, Rollout = rollout, Wedge = wedge };
    }

    private static string DescribeAcl(AclEdit a) => $"acl on {a.Match}: " + string.Join(", ",
        new[] { a.DenyData is { } d ? $"data {(d ? "deny" : "permit")}" : null, a.DenyIgp is { } i ? $"igp {(i ? "deny" : "permit")}" : null }.OfType<string>());

    public override void Play(NodeContext ctx, DriverContext driver, long cause)
    {
        var e = cause;
        if (Gate is { } gate)
        {
            e = ctx.Emit(new GateAudit(gate.Audit, Name, gate.Passes, gate.Faulty, gate.WouldBlock,
                string.Join("; ", gate.Findings.Select(f => $"{f.Rule}: {(f.Blocks ? "BLOCKS" : "ok")}: {f.Detail}"))), e);
            if (!gate.Passes) return;
        }
        if (Rollout is { } rollout) PushWave(ctx, driver, rollout, 0, e);
        else PushTo(ctx, driver, Targets, e);
        if (Delegation.Count > 0)
        {
            var delay = driver.PushDelay(ctx);
            var update = new DelegationUpdate { Action = Name, Edits = Delegation.ToArray() };
            foreach (var resolver in driver.Resolvers) ctx.Send(resolver, Math.Max(ctx.Lookahead, delay), update, e);
        }
    }

    /// <summary>What the responders are told to undo when a respond rolls this push back: each target puts back the configuration it had.</summary>
    public RespondOrder RollbackOrder(RespondAction respond, DriverContext driver) => new()
    {
        Action = respond.Name, RollbackOf = Name, Targets = Targets.ToArray(),
        RestoreRampMs = respond.RestoreRampMs, RestoreStaggerMs = respond.RestoreStaggerMs,
        Resolvers = Delegation.Count > 0 ? driver.Resolvers : [],
    };

    private void PushTo(NodeContext ctx, DriverContext driver, IEnumerable<int> targets, long cause)
    {
        var push = new ConfigPush
        {
            Action = Name, Interfaces = Interfaces.ToArray(), Igp = Igp.ToArray(), Bgp = Bgp.ToArray(), Acl = Acl.ToArray(), Flowspec = Flowspec.ToArray(), Wedge = Wedge,
            Zone = Zone.ToArray(),
        };
        foreach (var target in targets)
        {
            var delay = driver.PushDelay(ctx);
            ctx.Send(target, Math.Max(ctx.Lookahead, delay), push, cause);
        }
    }

    private void PushWave(NodeContext ctx, DriverContext driver, RolloutPlan rollout, int wave, long cause)
    {
        var targets = rollout.Waves[wave];
        var e = ctx.Emit(new RolloutWavePushed(Name, wave + 1, rollout.Waves.Count, targets.Count, rollout.Waves.Take(wave + 1).Sum(w => w.Count),
            targets.Count > 0 ? driver.NodeNames[targets[0]] : ""), cause);
        PushTo(ctx, driver, targets, e);
        if (wave + 1 < rollout.Waves.Count) ctx.SetTimer(ctx.Now + Math.Max(rollout.WaitMs, ctx.Lookahead), new WaveWaited(Index, wave), e);
        else ctx.Emit(new RolloutCompleted(Name, rollout.Waves.Count), e);
    }

    /// <summary>Timer: a rollout's wait after a wave is over.</summary>
    private sealed record WaveWaited(int Action, int Wave) : IActionStep;

    public override void Continue(NodeContext ctx, DriverContext driver, IActionStep step)
    {
        switch (step)
        {
            case WaveWaited waited: OnWaveWaited(ctx, driver, waited.Wave); break;
            case RolloutVerdict verdict: OnVerdict(ctx, driver, verdict); break;
            default: base.Continue(ctx, driver, step); break;
        }
    }

    /// <summary>The wait after a rollout wave is over: check its health (or go on).</summary>
    private void OnWaveWaited(NodeContext ctx, DriverContext driver, int wave)
    {
        var rollout = Rollout!;
        if (rollout.Health.Count == 0) { PushWave(ctx, driver, rollout, wave + 1, ctx.CurrentCause); return; }
        // The watcher sees this event, checks the run's state and answers with a verdict.
        ctx.Emit(new RolloutHealthCheck(Name, wave + 1, string.Join("; ", rollout.Health.Select(h => h.Describe()))), ctx.CurrentCause);
    }

    /// <summary>The scenario watcher's verdict on a wave: go on, halt, or halt and roll back what it reached.</summary>
    private void OnVerdict(NodeContext ctx, DriverContext driver, RolloutVerdict verdict)
    {
        var rollout = Rollout!;
        if (verdict.Healthy) { PushWave(ctx, driver, rollout, verdict.Wave + 1, ctx.CurrentCause); return; }
        var e = ctx.Emit(new RolloutHalted(Name, verdict.Wave + 1, verdict.Detail, rollout.RollbackOnFail ? "rollback" : "halt"), ctx.CurrentCause);
        if (!rollout.RollbackOnFail) return;
        // The deployment system rolls back what it reached, through config management like the push itself.
        var reached = rollout.Waves.Take(verdict.Wave + 1).SelectMany(w => w).ToList();
        var rollback = ctx.Emit(new RolloutRollback(Name, reached.Count), e);
        var push = new ConfigPush { Action = $"rollback of {Name}", RestoreOf = Name };
        foreach (var target in reached)
            ctx.Send(target, Math.Max(ctx.Lookahead, driver.PushDelay(ctx)), push, rollback);
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
