using BackboneSim.Model.Expectations;

namespace BackboneSim.Model.Scenario;

/// <summary>
/// A health check between a rollout's waves. Exactly one of: an event that must not have happened since the wave
/// went out; a series bound that must hold when the check runs; or the share of IGP adjacencies that every router
/// the rollout has reached must still have up.
/// </summary>
public sealed record HealthCheck(EventMatch? Event, SeriesBound? Series, double? AdjacenciesUp)
{
    public string Describe() => Event is not null ? $"no {Event}" : Series is not null ? Series.ToString()
        : $"the targets keep {AdjacenciesUp * 100:0.#}% of their IGP adjacencies";
}

/// <summary>
/// <c>rollout:</c> — a push sent in waves (targets in name order, each wave a list of nodes), with a wait and a
/// health check after each wave; a failed check halts the rollout and, with <see cref="RollbackOnFail"/>, rolls back
/// every target it reached.
/// </summary>
public sealed record RolloutPlan(IReadOnlyList<IReadOnlyList<int>> Waves, long WaitMs, IReadOnlyList<HealthCheck> Health, bool RollbackOnFail)
{
    public string Describe() => $"in {Waves.Count} waves of {string.Join("/", Waves.Select(w => w.Count))}, {TimeText.FormatDuration(WaitMs)} apart" +
                                (Health.Count == 0 ? "" : $", each checked ({string.Join("; ", Health.Select(h => h.Describe()))}) or {(RollbackOnFail ? "rolled back" : "halted")}");
}

/// <summary>An action that goes out in rollout waves (a push with <c>rollout:</c>): the scenario watcher checks its health.</summary>
public interface IStagedRollout
{
    RolloutPlan? Rollout { get; }
}
