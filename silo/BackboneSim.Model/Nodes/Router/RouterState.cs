using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>Where a router is in its life: what <see cref="RouterModel"/> does with a message depends on it.</summary>
public enum RouterState
{
    /// <summary>Control plane running: every protocol process handles its messages.</summary>
    Up,
    /// <summary>The control plane failed or its job was lost and nothing restarts it yet (<c>restart: false</c>).</summary>
    ControlPlaneDown,
    /// <summary>The control plane is restarting; it is back when the reboot timer fires.</summary>
    Rebooting,
    /// <summary>Crashed or without power: no light, no control plane, until the last failure keeping it dark ends.</summary>
    Dark,
}

/// <summary>
/// A router's control-plane lifecycle: whether it runs, which failures keep the router dark, whether a lost job
/// holds it down, whether its line cards give light, and the reboot under way. It only keeps the state; what a
/// transition does to the protocol processes is <see cref="RouterModel"/>'s business.
/// </summary>
public sealed class RouterLifecycle
{
    /// <summary>The fail actions that keep the router dark (crashed or without power); it boots when none is left.</summary>
    private readonly SortedSet<string> _darkBy = new(StringComparer.Ordinal);
    /// <summary>The reboot under way; cancelled when it becomes moot (the router went dark, or a lost job holds it down).</summary>
    private readonly TimerGroup _reboot = new();

    /// <summary>Timer: the control plane has restarted.</summary>
    public sealed record RebootDone;

    public bool Alive { get; private set; } = true;
    public bool Dark => _darkBy.Count > 0;
    /// <summary>Set from going dark until the reboot after power-on: its interfaces give light again only then.</summary>
    public bool LightsOff { get; set; }
    /// <summary>A lost control-plane job that must not restart by itself (<c>restart: false</c>) until recovered.</summary>
    public string? HeldBy { get; set; }

    public RouterState State(NodeContext ctx)
        => Dark ? RouterState.Dark : Alive ? RouterState.Up : _reboot.AnyPending(ctx) ? RouterState.Rebooting : RouterState.ControlPlaneDown;

    /// <summary>Records a fail action's power going off or on; true when that changed whether the router is dark.</summary>
    public bool SetPower(string action, bool on)
    {
        var wasDark = Dark;
        if (on) _darkBy.Remove(action); else _darkBy.Add(action);
        return wasDark != Dark;
    }

    public void ControlPlaneStopped() => Alive = false;

    public void ControlPlaneStarted() => Alive = true;

    /// <summary>Start the reboot, finishing after <paramref name="rebootMs"/>.</summary>
    public void ScheduleReboot(NodeContext ctx, long rebootMs, long cause)
        => _reboot.Set(ctx, ctx.Now + rebootMs, new RebootDone(), cause);

    /// <summary>A reboot under way will not finish.</summary>
    public void CancelReboot(NodeContext ctx) => _reboot.CancelAll(ctx);
}
