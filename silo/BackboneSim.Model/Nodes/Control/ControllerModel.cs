using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A control system that programs routers (an SDN or route controller, a scheduler of control-plane jobs). It fails
/// (its own failure, or its site's power) and comes back; the routers it programs notice its silence after the hold
/// time, as a neighbour's, and then follow their fail-static sequence (<see cref="ControllerSessions"/>). The
/// controller's silence reaching them is sent as a message, as every hold-timer expiry in the model is.
/// </summary>
public sealed class ControllerModel(ControllerSpec spec, ModelParameters parameters) : INodeModel
{
    /// <summary>The fail actions that keep it down; it is back when none is left.</summary>
    private readonly SortedSet<string> _downBy = new(StringComparer.Ordinal);

    public bool Up => _downBy.Count == 0;

    public void Start(NodeContext ctx) { }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        if (message.Payload is not PowerChange change) throw new InvalidOperationException($"controller {spec.Name} cannot handle {message.Payload.GetType().Name}");
        var wasUp = Up;
        if (change.On) _downBy.Remove(change.Action); else _downBy.Add(change.Action);
        if (wasUp == Up) return;
        if (!Up)
        {
            var e = ctx.Emit(new ControllerDown(spec.Name, change.Reason, change.Action, spec.Routers.Count, spec.HoldMs), ctx.CurrentCause);
            Tell(ctx, alive: false, Math.Max(ctx.Lookahead, spec.HoldMs), e);
            return;
        }
        var up = ctx.Emit(new ControllerUp(spec.Name, change.Action, spec.Routers.Count), ctx.CurrentCause);
        Tell(ctx, alive: true, Math.Max(ctx.Lookahead, parameters.LocalHopMs), up);
    }

    private void Tell(NodeContext ctx, bool alive, long delayMs, long cause)
    {
        var session = new ControllerSession { Controller = spec.Name, Alive = alive, FailStaticMs = spec.FailStaticMs, Then = spec.Then };
        foreach (var router in spec.Routers) ctx.Send(router, delayMs, session, cause);
    }
}
