namespace BackboneSim.Engine;

/// <summary>
/// Timers that become stale together: what a model used to express with a generation counter (bump it, and every
/// timer set before the bump is ignored when it arrives). <see cref="CancelAll"/> is the bump: the timers set
/// through this group since the last one are never delivered. A model keeps one group per thing whose timers a
/// change makes moot (a BGP session, a cached name, a router's reboot).
/// </summary>
public sealed class TimerGroup
{
    private readonly List<TimerId> _ids = new(1);

    /// <summary>Set a timer that <see cref="CancelAll"/> will cancel if it has not fired by then.</summary>
    public TimerId Set(NodeContext ctx, long at, object payload, long cause)
    {
        // Forget timers that already fired, so a group that is never cancelled does not grow.
        if (_ids.Count > 0) _ids.RemoveAll(id => !ctx.IsPending(id));
        var id = ctx.SetTimer(at, payload, cause);
        _ids.Add(id);
        return id;
    }

    /// <summary>Cancel every timer of the group that has not fired yet.</summary>
    public void CancelAll(NodeContext ctx)
    {
        foreach (var id in _ids) ctx.Cancel(id);
        _ids.Clear();
    }

    /// <summary>Whether a timer of the group is still to fire.</summary>
    public bool AnyPending(NodeContext ctx) => _ids.Exists(ctx.IsPending);
}
