using BackboneSim.Model.Scenario;

namespace BackboneSim.Scenarios.Actions;

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
