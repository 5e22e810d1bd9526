using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Analysis.Running;

/// <summary>
/// A run to start on an <see cref="IRunRuntime"/>. It carries the scenario both ways because runtimes need different
/// halves: silos load the <see cref="Bundle"/> themselves (they never read the client's disk), while a runtime in
/// the caller's process uses the <see cref="Scenario"/> the caller already loaded instead of loading it again.
/// </summary>
public sealed record RunRequest(ScenarioDefinition Scenario, ScenarioBundle Bundle)
{
    /// <summary>Virtual time to stop at; null (or past the end) runs the whole scenario. Every runtime clamps it the same way.</summary>
    public long? UntilMs { get; init; }

    /// <summary>
    /// The scenario already expanded by the caller (the CLI builds one for its outputs): an in-process runtime uses it
    /// rather than expanding the topology a second time. Runtimes whose nodes live in silos ignore it.
    /// </summary>
    public SimulationFactory? Factory { get; init; }

    /// <summary>The run's id where the runtime names runs (a cluster's grains); null for a fresh one.</summary>
    public string? RunId { get; init; }
}
