using BackboneSim.Engine;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.Scenario;

/// <summary>
/// One timeline entry, resolved: when, what, on which nodes, and the line it came from. Each kind of action is a
/// sealed subtype in its own file in the scenario language (BackboneSim.Scenarios, <c>Actions/</c>: push, respond,
/// fail, recover, surge) that says how it is read and how the scenario driver plays it (<see cref="Play"/>). The model
/// knows actions only through this base, so a new kind needs no change here or in the driver.
/// </summary>
public abstract record TimelineAction(int Index, string Name, long AtMs, SourceLocation Location, IReadOnlyList<int> Targets, string Description)
{
    /// <summary>Runs when this condition is met instead of at <see cref="AtMs"/> (which is then -1).</summary>
    public ActionTrigger? When { get; init; }
    /// <summary>A hidden inject: runs only when fired (<c>run --inject</c>, or an instructor); <see cref="AtMs"/> is its suggested time or -1.</summary>
    public bool Inject { get; init; }
    /// <summary>Runs at <see cref="AtMs"/> by itself (not triggered, not a hidden inject).</summary>
    public bool Scheduled => When is null && !Inject && AtMs >= 0;

    /// <summary>The key that introduced it in the timeline (push, fail, …), as the <c>scenario.action</c> event's "kind" names it.</summary>
    public abstract string Key { get; }

    /// <summary>
    /// What the scenario driver does when the action runs; <paramref name="cause"/> is its <c>scenario.action</c>
    /// event. Everything it sends or emits chains back to that event.
    /// </summary>
    public abstract void Play(NodeContext ctx, DriverContext driver, long cause);

    /// <summary>
    /// A step this action set up came back to the driver: a timer it set, or an answer about it (a rollout's verdict).
    /// Only actions that set such steps override it.
    /// </summary>
    public virtual void Continue(NodeContext ctx, DriverContext driver, IActionStep step)
        => throw new InvalidOperationException($"the {Key} action '{Name}' set up no {step.GetType().Name}");

    /// <summary>Undoes what <see cref="Play"/> did (a failure that runs out or is repaired); only failures can be undone.</summary>
    public virtual void Undo(NodeContext ctx, DriverContext driver, long cause)
        => throw new InvalidOperationException($"the {Key} action '{Name}' cannot be undone");
}

/// <summary>A timer or message that belongs to one timeline action (by index), handed back to it by the driver.</summary>
public interface IActionStep
{
    int Action { get; }
}
