using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Node 0: plays the scenario's timeline. A scheduled action is a root event (no cause) that names its scenario
/// line; a triggered one is caused by the event that met its condition (the scenario watcher tells the driver). A
/// push goes through its safety gate, then reaches each target router or DNS server through config management
/// after a per-target delay — all at once, or in rollout waves with health checks between them. A delegation
/// change is made once, in the parent zone (a registrar update, applied after one such delay); every resolver
/// cohort hears of it, and each acts on it when its cached NS set expires.
/// </summary>
public sealed class ScenarioDriverModel(IReadOnlyList<TimelineAction> timeline, IReadOnlyList<string> nodeNames, ModelParameters parameters, int responders,
    IReadOnlyList<int>? resolvers = null) : INodeModel
{
    private readonly int[] _resolvers = (resolvers ?? []).ToArray();
    private readonly FailurePlayer _failures = new(timeline, parameters);

    public void Start(NodeContext ctx)
    {
        foreach (var action in timeline.Where(a => a.Scheduled)) ctx.SetTimer(action.AtMs, new ScenarioActionTimer { Action = action.Index }, 0);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        if (_failures.Handle(ctx, message)) return; // a failure's for: ran out, a surge's step, the responders' repair
        switch (message.Payload)
        {
            case ScenarioActionTimer timer: Run(ctx, timeline[timer.Action], 0); break;
            case ScenarioTrigger trigger: Run(ctx, timeline[trigger.Action], ctx.CurrentCause); break;
            case RolloutWaveTimer wave: OnWaveWaited(ctx, timeline[wave.Action], wave.Wave); break;
            case RolloutVerdict verdict: OnVerdict(ctx, timeline[verdict.Action], verdict); break;
            default: throw new InvalidOperationException($"the scenario driver cannot handle {message.Payload.GetType().Name}");
        }
    }

    private void Run(NodeContext ctx, TimelineAction action, long cause)
    {
        var e = ctx.Emit("scenario.action", cause, action.Name, action.Targets.Count,
            ("action", action.Name), ("kind", action.Kind), ("line", action.Location.ToString()),
            ("targets", action.Targets.Count), ("what", action.Description));
        switch (action.Kind)
        {
            case "push":
                if (action.Gate is { } gate)
                {
                    var blocking = gate.Findings.Where(f => f.Blocks).ToList();
                    e = ctx.Emit("gate.audit", e, gate.Audit, gate.Passes ? 1 : 0, ("action", action.Name), ("verdict", gate.Passes ? "passed" : "blocked"),
                        ("faulty", gate.Faulty), ("should_block", gate.WouldBlock),
                        ("findings", string.Join("; ", gate.Findings.Select(f => $"{f.Rule}: {(f.Blocks ? "BLOCKS" : "ok")}: {f.Detail}"))));
                    if (!gate.Passes) return;
                }
                if (action.Rollout is { } rollout) PushWave(ctx, action, rollout, 0, e);
                else PushTo(ctx, action, action.Targets, e);
                if (action.Delegation.Count > 0)
                {
                    var delay = parameters.PushBaseMs + ctx.Random.NextLong(0, parameters.PushSpreadMs + 1);
                    var update = new DelegationUpdate { Action = action.Name, Edits = action.Delegation.ToArray() };
                    foreach (var resolver in _resolvers) ctx.Send(resolver, Math.Max(ctx.Lookahead, delay), update, e);
                }
                break;
            case "fail" or "recover" or "surge": _failures.Play(ctx, action, e); break;
            case "respond" when action.RecoverOf is { } failure:
                // The responders end an earlier failure once they get in (the driver, as the world, then undoes it).
                ctx.Send(responders, Math.Max(ctx.Lookahead, parameters.LocalHopMs), new RespondOrder
                {
                    Action = action.Name, Recover = timeline[failure].Name, RecoverAction = failure,
                    RestoreRampMs = action.RestoreRampMs, RestoreStaggerMs = action.RestoreStaggerMs,
                }, e);
                break;
            case "respond":
                // The responders undo the earlier push on the same routers: each puts back the configuration it had.
                var undone = timeline[action.RollbackOf!.Value];
                var order = new RespondOrder
                {
                    Action = action.Name, RollbackOf = undone.Name, Targets = undone.Targets.ToArray(),
                    RestoreRampMs = action.RestoreRampMs, RestoreStaggerMs = action.RestoreStaggerMs,
                    Resolvers = undone.Delegation.Count > 0 ? _resolvers : [],
                };
                ctx.Send(responders, Math.Max(ctx.Lookahead, parameters.LocalHopMs), order, e);
                break;
            default:
                throw new InvalidOperationException($"unknown action kind '{action.Kind}' from {action.Location} ({nodeNames[0]})");
        }
    }

    private void PushTo(NodeContext ctx, TimelineAction action, IEnumerable<int> targets, long cause)
    {
        var push = new ConfigPush
        {
            Action = action.Name, Interfaces = action.Interfaces.ToArray(), Igp = action.Igp.ToArray(), Bgp = action.Bgp.ToArray(),
            Zone = action.Zone.ToArray(),
        };
        foreach (var target in targets)
        {
            var delay = parameters.PushBaseMs + ctx.Random.NextLong(0, parameters.PushSpreadMs + 1);
            ctx.Send(target, Math.Max(ctx.Lookahead, delay), push, cause);
        }
    }

    private void PushWave(NodeContext ctx, TimelineAction action, RolloutPlan rollout, int wave, long cause)
    {
        var targets = rollout.Waves[wave];
        var e = ctx.Emit("rollout.wave", cause, action.Name, wave + 1, ("action", action.Name), ("wave", wave + 1), ("of", rollout.Waves.Count),
            ("targets", targets.Count), ("reached", rollout.Waves.Take(wave + 1).Sum(w => w.Count)),
            ("first", targets.Count > 0 ? nodeNames[targets[0]] : ""));
        PushTo(ctx, action, targets, e);
        if (wave + 1 < rollout.Waves.Count) ctx.SetTimer(ctx.Now + Math.Max(rollout.WaitMs, ctx.Lookahead), new RolloutWaveTimer { Action = action.Index, Wave = wave }, e);
        else ctx.Emit("rollout.completed", e, action.Name, rollout.Waves.Count, ("action", action.Name), ("waves", rollout.Waves.Count));
    }

    private void OnWaveWaited(NodeContext ctx, TimelineAction action, int wave)
    {
        var rollout = action.Rollout!;
        if (rollout.Health.Count == 0) { PushWave(ctx, action, rollout, wave + 1, ctx.CurrentCause); return; }
        // The watcher sees this event, checks the run's state and answers with a verdict.
        ctx.Emit("rollout.health_check", ctx.CurrentCause, action.Name, wave + 1, ("action", action.Name), ("wave", wave + 1),
            ("checks", string.Join("; ", rollout.Health.Select(h => h.Describe()))));
    }

    private void OnVerdict(NodeContext ctx, TimelineAction action, RolloutVerdict verdict)
    {
        var rollout = action.Rollout!;
        if (verdict.Healthy) { PushWave(ctx, action, rollout, verdict.Wave + 1, ctx.CurrentCause); return; }
        var e = ctx.Emit("rollout.halted", ctx.CurrentCause, action.Name, verdict.Wave + 1, ("action", action.Name), ("wave", verdict.Wave + 1),
            ("reason", verdict.Detail), ("then", rollout.RollbackOnFail ? "rollback" : "halt"));
        if (!rollout.RollbackOnFail) return;
        // The deployment system rolls back what it reached, through config management like the push itself.
        var reached = rollout.Waves.Take(verdict.Wave + 1).SelectMany(w => w).ToList();
        var rollback = ctx.Emit("rollout.rollback", e, action.Name, reached.Count, ("action", action.Name), ("targets", reached.Count));
        var push = new ConfigPush { Action = $"rollback of {action.Name}", RestoreOf = action.Name };
        foreach (var target in reached)
            ctx.Send(target, Math.Max(ctx.Lookahead, parameters.PushBaseMs + ctx.Random.NextLong(0, parameters.PushSpreadMs + 1)), push, rollback);
    }
}
