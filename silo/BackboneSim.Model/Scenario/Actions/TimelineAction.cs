using BackboneSim.Engine;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.Scenario;

/// <summary>
/// One timeline entry, resolved: when, what, on which nodes, and the line it came from. Each kind of action is a
/// sealed subtype in its own file under <c>Scenario/Actions/</c> (<see cref="PushAction"/>, <see cref="RespondAction"/>,
/// <see cref="FailAction"/>, <see cref="RecoverAction"/>, <see cref="SurgeAction"/>) that says how it is read
/// (<see cref="IActionKind{TSelf}"/>) and how the scenario driver plays it (<see cref="Play"/>); <see cref="ActionKinds"/>
/// lists them. Code that needs to know the kind tests the type (<c>action is PushAction p</c>).
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
    public string Key => ActionKinds.Of(this).Key;

    /// <summary>
    /// What the scenario driver does when the action runs; <paramref name="cause"/> is its <c>scenario.action</c>
    /// event. Everything it sends or emits chains back to that event.
    /// </summary>
    public abstract void Play(NodeContext ctx, DriverContext driver, long cause);
}

/// <summary>
/// A kind of timeline action, as <see cref="ActionKinds"/> registers it: the key that introduces it in a timeline
/// entry (its mapping is described by <c>scenarios/schema/scenario.schema.json#/definitions/KEY</c>, tested) and how
/// that mapping is read.
/// </summary>
public interface IActionKind<TSelf> where TSelf : TimelineAction, IActionKind<TSelf>
{
    /// <summary>The entry's key for this kind (<c>push:</c>, <c>fail:</c>, …).</summary>
    static abstract string YamlKey { get; }

    /// <summary>
    /// Reads the entry's mapping under <see cref="YamlKey"/> (the entry is <see cref="ActionSite.Map"/>); null when it
    /// is wrong, after reporting each mistake at its FILE:LINE:COL through <see cref="ActionSite.Reader"/>.
    /// </summary>
    static abstract TSelf? Read(ActionSite site);
}
