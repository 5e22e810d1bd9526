using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using Orleans;
using Orleans.Concurrency;

namespace BackboneSim.Abstractions;

/// <summary>One simulated node of one run. Called only by its run's SimulationGrain: the flow is one-way.</summary>
public interface INodeGrain : IGrainWithStringKey
{
    Task<NodeStepResult> Start();
    Task<NodeStepResult> Step(long windowEnd, NodeBatch batch);
    /// <summary>The run is over: let the activation go.</summary>
    [OneWay] Task Release();
}

/// <summary>Coordinates one run: the virtual clock and the windows. Clients start it and pull batches of events.</summary>
public interface ISimulationGrain : IGrainWithStringKey
{
    Task<RunInfo> Start(StartRunRequest request);
    Task<RunBatch> Advance(TimeSpan budget, int maxEvents);
    Task End();
}

/// <summary>Holds a run's scenario files so node grains on any silo can load the same scenario.</summary>
public interface IRunSourceGrain : IGrainWithStringKey
{
    Task Set(ScenarioBundle bundle);
    [ReadOnly] Task<ScenarioBundle?> Get();
}
