using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Node 0: plays the scenario's timeline. Each action is a root event (no cause) that names its scenario line; a
/// push reaches each target router or DNS server through config management after a per-target delay. A delegation
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
        foreach (var action in timeline) ctx.SetTimer(action.AtMs, new ScenarioActionTimer { Action = action.Index }, 0);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        if (_failures.Handle(ctx, message)) return; // a failure's for: ran out, a surge's step, the responders' repair
        if (message.Payload is not ScenarioActionTimer timer)
            throw new InvalidOperationException($"the scenario driver cannot handle {message.Payload.GetType().Name}");
        var action = timeline[timer.Action];
        var e = ctx.Emit("scenario.action", 0, action.Name, action.Targets.Count,
            ("action", action.Name), ("kind", action.Kind), ("line", action.Location.ToString()),
            ("targets", action.Targets.Count), ("what", action.Description));
        switch (action.Kind)
        {
            case "push":
                var push = new ConfigPush
                {
                    Action = action.Name, Interfaces = action.Interfaces.ToArray(), Igp = action.Igp.ToArray(), Bgp = action.Bgp.ToArray(),
                    Zone = action.Zone.ToArray(),
                };
                foreach (var target in action.Targets)
                {
                    var delay = parameters.PushBaseMs + ctx.Random.NextLong(0, parameters.PushSpreadMs + 1);
                    ctx.Send(target, Math.Max(ctx.Lookahead, delay), push, e);
                }
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
}
