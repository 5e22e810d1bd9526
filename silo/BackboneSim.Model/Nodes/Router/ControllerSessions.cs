using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router's sessions with the controllers that program it. When one goes silent the router fails static: it keeps
/// forwarding on what it has for the controller's fail-static time, then (with <c>then: drain</c>) withdraws, as
/// Google's network devices did when their control-plane jobs were descheduled on 2 June 2019 ("fail static" for a
/// while, then withdraw): it sets the IGP overload bit and shuts its eBGP sessions, so traffic and the Internet's
/// routes go around it. The drain is a configuration change like a push's (<c>config.applied</c>), and the
/// controller's return restores what it changed.
/// </summary>
/// <remarks>
/// While a controller is gone the router's FIB is frozen (<see cref="FibProgrammer.Freeze"/>): the hardware forwards on
/// the entries it had, marked stale, whatever the router's IGP learns meanwhile; the controller's return reprograms it.
/// </remarks>
public sealed class ControllerSessions(RouterSpec spec)
{
    /// <summary>Timer: the fail-static time of a lost controller ran out.</summary>
    public sealed record FailStaticOver(string Controller);

    private readonly Dictionary<string, TimerGroup> _timers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _drained = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lost = new(StringComparer.Ordinal);

    /// <summary>Whether some controller of the router is gone: its FIB stays frozen until none is.</summary>
    public bool AnyLost => _lost.Count > 0;

    /// <summary>The name of the configuration change a drain makes, which the controller's return restores.</summary>
    public static string DrainAction(string controller) => $"{controller} lost";

    /// <returns>The configuration change to apply now, or null.</returns>
    public ConfigPush? OnSession(NodeContext ctx, ControllerSession session)
    {
        var timer = Timer(session.Controller);
        if (session.Alive) _lost.Remove(session.Controller); else _lost.Add(session.Controller);
        if (!session.Alive)
        {
            var actsAt = session.Then == ControllerLossAction.Drain ? ctx.Now + session.FailStaticMs : -1;
            var e = ctx.Emit(new RouterControllerLost(spec.Name, session.Controller, session.Then == ControllerLossAction.Drain ? "drain" : "keep", actsAt), ctx.CurrentCause);
            timer.CancelAll(ctx);
            if (actsAt >= 0) timer.Set(ctx, actsAt, new FailStaticOver(session.Controller), e);
            return null;
        }
        timer.CancelAll(ctx);
        var undrain = _drained.Remove(session.Controller);
        ctx.Emit(new RouterControllerBack(spec.Name, session.Controller, undrain), ctx.CurrentCause);
        return undrain ? new ConfigPush { Action = $"{session.Controller} back", RestoreOf = DrainAction(session.Controller) } : null;
    }

    /// <returns>The drain to apply.</returns>
    public ConfigPush OnFailStaticOver(NodeContext ctx, FailStaticOver over)
    {
        _drained.Add(over.Controller);
        ctx.Emit(new RouterControllerDrain(spec.Name, over.Controller), ctx.CurrentCause);
        return new ConfigPush
        {
            Action = DrainAction(over.Controller),
            Igp = [new IgpEdit { Overload = true }],
            Bgp = [new BgpSessionEdit { Peer = "ebgp", Shutdown = true }],
        };
    }

    private TimerGroup Timer(string controller) => _timers.TryGetValue(controller, out var t) ? t : _timers[controller] = new TimerGroup();
}
