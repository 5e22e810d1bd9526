
namespace BackboneSim.Engine;

/// <summary>What one advance of a run produced: the new events in order, and where the run stands.</summary>
[GenerateSerializer, Immutable]
public sealed class RunBatch
{
    [Id(0)] public LoggedEvent[] Events { get; init; } = [];
    /// <summary>Virtual time reached: every event before it has been delivered.</summary>
    [Id(1)] public long SimMs { get; init; }
    [Id(2)] public bool Finished { get; init; }
    [Id(3)] public long Windows { get; init; }
    [Id(4)] public long Messages { get; init; }
    [Id(5)] public long NodeSteps { get; init; }
    [Id(6)] public long TotalEvents { get; init; }
    /// <summary>Nodes rebuilt after their silo died (see <see cref="RunStats.RecoveredNodes"/>).</summary>
    [Id(7)] public long RecoveredNodes { get; init; }
}

/// <summary>A run that a client advances batch by batch, wherever it executes.</summary>
public interface IRunDriver : IAsyncDisposable
{
    /// <summary>Run windows until about <paramref name="budget"/> of wall time passed, <paramref name="maxEvents"/> were made, or the run ended.</summary>
    Task<RunBatch> AdvanceAsync(TimeSpan budget, int maxEvents, CancellationToken cancellationToken);

    /// <summary>
    /// Times the run was started again because its coordinator was lost (the CLI's summary reports them). A driver
    /// whose coordinator lives in the caller's process cannot lose it, hence 0 unless a driver says otherwise.
    /// </summary>
    int Restarts => 0;
}
