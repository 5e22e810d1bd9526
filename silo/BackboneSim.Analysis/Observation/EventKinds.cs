using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// Every kind of event the model emits, read from the records that declare them (docs/outputs.md describes each).
/// Scenario expectations name kinds, so a typo is caught when the file is checked, with a suggestion; tests hold
/// this catalog to docs/outputs.md, the schema's <c>event</c> enum and the kinds the page names.
/// </summary>
public static class EventKinds
{
    /// <summary>
    /// The kinds of every event record of the model (<see cref="ModelEvent"/> subtypes, all declared in the model's
    /// assembly, next to the models that emit them), in ordinal order.
    /// </summary>
    public static readonly IReadOnlyList<string> All = typeof(SimulationFactory).Assembly.GetTypes()
        .Where(t => typeof(ModelEvent).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(ModelEvent.KindOf).Distinct().Order(StringComparer.Ordinal).ToList();
}
