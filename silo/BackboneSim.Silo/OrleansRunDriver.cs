using BackboneSim.Abstractions;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Silo;

/// <summary>Client side of a run in a cluster: starts the SimulationGrain and pulls batches from it.</summary>
public sealed class OrleansRunDriver : IRunDriver
{
    private readonly ISimulationGrain _simulation;

    private OrleansRunDriver(ISimulationGrain simulation, RunInfo info)
    {
        _simulation = simulation;
        Info = info;
    }

    public RunInfo Info { get; }

    public static async Task<OrleansRunDriver> StartAsync(IGrainFactory grains, ScenarioBundle bundle, long? untilMs, string? runId = null)
    {
        runId ??= Guid.NewGuid().ToString("N");
        var sim = grains.GetGrain<ISimulationGrain>(runId);
        var info = await sim.Start(new StartRunRequest { Scenario = bundle, UntilMs = untilMs });
        return new OrleansRunDriver(sim, info);
    }

    public Task<RunBatch> AdvanceAsync(TimeSpan budget, int maxEvents, CancellationToken cancellationToken)
        => _simulation.Advance(budget, maxEvents);

    public async ValueTask DisposeAsync() => await _simulation.End();
}
