using BackboneSim.Analysis.Teaching;

namespace BackboneSim.Web.Runs;

/// <summary>
/// Where a run stood after its loop's latest step, immutable. The loop (the run's only writer) builds one after
/// every step that may have changed something and publishes it with a volatile write (<see cref="WebRun.Snapshot"/>);
/// the API, the hub, the pushers, the sessions and the why-queries read the latest one without a lock and never
/// wait for the loop. Everything a reader answers from one snapshot is consistent: the status, the log and the
/// narration are from the same instant.
/// </summary>
/// <param name="Status">What GET /runs/{id} and the hub's batches answer (its Version grows with every change).</param>
/// <param name="Log">The released log: events, lines, map changes, key moments, series rows.</param>
/// <param name="Narration">A session run's narration items the playhead has released, in order; null for a plain run.</param>
/// <param name="PausedAt">The checkpoint (item index) the run is paused at now, or null.</param>
public sealed record RunSnapshot(RunStatus Status, RunLogView Log, IReadOnlyList<FiredNarration>? Narration, int? PausedAt)
{
    public long Version => Status.Version;
}
