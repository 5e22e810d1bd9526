using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Node 0: plays the scenario's timeline. A scheduled action is a root event (no cause) that names its scenario
/// line; a triggered one is caused by the event that met its condition (the scenario watcher tells the driver).
/// Each action plays itself (<see cref="TimelineAction.Play"/>, in its file in BackboneSim.Scenarios' <c>Actions/</c>) with
/// what the driver holds (<see cref="DriverContext"/>); the driver hands the timers and answers an action set up
/// back to it.
/// </summary>
public sealed class ScenarioDriverModel(IReadOnlyList<TimelineAction> timeline, IReadOnlyList<string> nodeNames, ModelParameters parameters, int responders,
    IReadOnlyList<int>? resolvers = null) : INodeModel
{
    private readonly DriverContext _driver = new(timeline, nodeNames, parameters, responders, (resolvers ?? []).ToArray());

    /// <summary>Timer: a scheduled action's time has come.</summary>
    private sealed record ActionDue(int Action);

    public void Start(NodeContext ctx)
    {
        foreach (var action in timeline.Where(a => a.Scheduled)) ctx.SetTimer(action.AtMs, new ActionDue(action.Index), 0);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case ActionDue timer: Run(ctx, timeline[timer.Action], 0); break;
            case ScenarioTrigger trigger: Run(ctx, timeline[trigger.Action], ctx.CurrentCause); break;
            // A failure's for: ran out, or the responders repaired it.
            case FailureTimer t: _driver.Failures.End(ctx, _driver, t.Action, ctx.CurrentCause); break;
            case RecoverRequest r: _driver.Failures.End(ctx, _driver, r.Action, ctx.CurrentCause); break;
            // The responders apply a push the timeline describes: it plays now, caused by their act.
            case ApplyRequest r: Run(ctx, timeline[r.Action], ctx.CurrentCause); break;
            // A surge's ramp step, a rollout's wait or verdict: back to the action that set it up.
            case IActionStep step: timeline[step.Action].Continue(ctx, _driver, step); break;
            default: throw new InvalidOperationException($"the scenario driver cannot handle {message.Payload.GetType().Name}");
        }
    }

    private void Run(NodeContext ctx, TimelineAction action, long cause)
    {
        var e = ctx.Emit(new ScenarioActionPlayed(action.Name, action.Key, action.Location.ToString(), action.Targets.Count, action.Description), cause);
        action.Play(ctx, _driver, e);
    }
}

/// <summary>
/// What an action playing on the scenario driver may use: the timeline, the network's node names, the parameters,
/// the responders' and resolver cohorts' nodes, and the state of the world the driver stands for (failures in
/// effect, surges under way).
/// </summary>
public sealed class DriverContext(IReadOnlyList<TimelineAction> timeline, IReadOnlyList<string> nodeNames, ModelParameters parameters, int responders,
    int[] resolvers)
{
    public IReadOnlyList<TimelineAction> Timeline { get; } = timeline;
    public IReadOnlyList<string> NodeNames { get; } = nodeNames;
    public ModelParameters Parameters { get; } = parameters;
    /// <summary>The responders' node.</summary>
    public int Responders { get; } = responders;
    /// <summary>The resolver cohorts' nodes (told of delegation changes).</summary>
    public int[] Resolvers { get; } = resolvers;
    public FailurePlayer Failures { get; } = new();

    /// <summary>How long config management takes to reach one target: push_base + uniform [0, push_spread] ms (one draw).</summary>
    public long PushDelay(NodeContext ctx) => Parameters.PushBaseMs + ctx.Random.NextLong(0, Parameters.PushSpreadMs + 1);
}
