using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using Orleans;
using Orleans.Concurrency;

namespace BackboneSim.Abstractions;

/// <summary>One simulated node of one run. Called only by its run's SimulationGrain: the flow is one-way.</summary>
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Start the node; a repeated call (its answer was lost) returns the first answer.</summary>
    Task<NodeStepResult> Start();
    /// <summary>
    /// Apply the node's <paramref name="step"/>-th window (0-based). A repeated call for the step just applied returns
    /// its answer again, so a retried window is never applied twice; a node that lost its state throws
    /// <see cref="GrainStateLostException"/>.
    /// </summary>
    Task<NodeStepResult> Step(int step, long windowEnd, NodeBatch batch);
    /// <summary>Rebuild a lost node from its input log (answers are discarded: they were delivered before).</summary>
    Task Replay(NodeReplay chunk);
    /// <summary>The run is over: let the activation go.</summary>
    [OneWay] Task Release();
}

/// <summary>Coordinates one run: the virtual clock and the windows. Clients start it and pull batches of events.</summary>
public interface ISimulationGrain : IGrainWithStringKey
{
    Task<RunInfo> Start(StartRunRequest request);
    /// <summary>
    /// Pull number <paramref name="pull"/> (1, 2, 3…). Asking for the last pull again returns its batch again, so a
    /// client whose answer was lost retries without losing events; a coordinator that lost its state (its silo died
    /// and it was re-activated) throws <see cref="GrainStateLostException"/>.
    /// </summary>
    Task<RunBatch> Advance(long pull, TimeSpan budget, int maxEvents);
    Task End();
}

/// <summary>Holds a run's scenario files so node grains on any silo can load the same scenario.</summary>
public interface IRunSourceGrain : IGrainWithStringKey
{
    /// <summary>Keep the scenario; setting it again (after this grain was lost with its silo) keeps the first.</summary>
    Task Set(ScenarioBundle bundle);
    [ReadOnly] Task<ScenarioBundle?> Get();
}
