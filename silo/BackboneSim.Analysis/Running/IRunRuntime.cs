using BackboneSim.Engine;

namespace BackboneSim.Analysis.Running;

/// <summary>
/// Where runs execute: in this process's memory, on embedded silos, or on a cluster. Every caller (the CLI's `run` and
/// `explain`, the web host, the bench) starts runs through this, so it needs no knowledge of which runtime it has.
/// It lives in Model, not Engine, because a request carries a <see cref="Scenario.ScenarioBundle"/>; the Orleans
/// runtimes implement it in BackboneSim.Silo, which references Model, so no reference is reversed.
/// Disposing the runtime releases what it started for its runs (silos, a cluster connection), not the runs
/// themselves: dispose each driver first. Disposing twice is harmless, so an owner can end a runtime early on its
/// usual path and still dispose it on every other.
/// </summary>
public interface IRunRuntime : IAsyncDisposable
{
    /// <summary>
    /// Starts a run, ready to be pulled batch by batch; the driver ends it when disposed. The token cancels only the
    /// runtime's own start-up (embedded silos starting): once asked for, a run is started, as it always was.
    /// </summary>
    Task<IRunDriver> StartAsync(RunRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the runs execute on, for people: "in-memory", "orleans, 3 silos embedded", "orleans, 2 silos of the cluster
    /// at redis://…". Asynchronous because a cluster is asked how many silos it has now.
    /// </summary>
    Task<string> DescribeAsync();
}
