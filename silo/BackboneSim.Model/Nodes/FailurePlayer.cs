using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The scenario driver's state of what the world does to the network: which failures are in effect and which
/// surges are under way. The driver stands for the physical world here: a cut or a site's power loss is its event
/// (the fail and surge actions play them), and the nodes it reaches react through their own
/// models (carrier loss, reboots, health checks, cold caches), so every consequence chains back to the scenario line.
/// A failure ends by <c>recover:</c>, by running out after <c>for:</c>, or when the responders ask.
/// </summary>
public sealed class FailurePlayer
{
    /// <summary>Fail actions in effect (by index): a recovery of one that is over changes nothing.</summary>
    private readonly SortedSet<int> _active = new();
    /// <summary>Surges under way (by index), with their start event (the cause of their ramp steps and end).</summary>
    private readonly Dictionary<int, long> _surges = new();

    /// <summary>A fail action takes effect; false when it already is in effect.</summary>
    public bool Begin(int failAction) => _active.Add(failAction);

    /// <summary>Ends the failure of fail action <paramref name="failAction"/> if it is still in effect: undoes what it broke.</summary>
    public void End(NodeContext ctx, DriverContext driver, int failAction, long cause)
    {
        if (!_active.Remove(failAction)) return; // already over (its for: ran out, or an earlier recovery)
        driver.Timeline[failAction].Undo(ctx, driver, cause);
    }

    /// <summary>A surge started; <paramref name="started"/> is its traffic.surge_started event.</summary>
    public void SurgeStarted(int surgeAction, long started) => _surges[surgeAction] = started;

    /// <summary>The start event of a surge under way, or false when it is over.</summary>
    public bool SurgeUnderWay(int surgeAction, out long started) => _surges.TryGetValue(surgeAction, out started);

    public void SurgeEnded(int surgeAction) => _surges.Remove(surgeAction);
}
