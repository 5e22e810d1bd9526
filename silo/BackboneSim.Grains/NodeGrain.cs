using BackboneSim.Abstractions;
using BackboneSim.Engine;

namespace BackboneSim.Grains;

/// <summary>
/// A thin host for one node model: builds it from the run's scenario on activation and steps it when its
/// SimulationGrain delivers a window's batch. Kept alive for the run: its state lives only in memory.
/// </summary>
[KeepAlive]
public sealed class NodeGrain(RunCatalog catalog) : Grain, INodeGrain
{
    private NodeHost? _host;
    private bool _started;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (runId, node) = GrainKeys.ParseNode(this.GetPrimaryKeyString());
        var factory = await catalog.GetAsync(runId);
        _host = factory.CreateHost(node);
    }

    public Task<NodeStepResult> Start()
    {
        _started = true;
        return Task.FromResult(_host!.Start());
    }

    public Task<NodeStepResult> Step(long windowEnd, NodeBatch batch)
    {
        // A node that was never started here lost its state (its silo went away): never continue silently.
        if (!_started) throw new InvalidOperationException($"node {_host!.Name} lost its state: it was re-activated mid-run");
        return Task.FromResult(_host!.Step(windowEnd, batch.Messages));
    }

    public Task Release()
    {
        // Every silo that hosted nodes of the run drops its copy of the expanded scenario.
        catalog.Forget(GrainKeys.ParseNode(this.GetPrimaryKeyString()).RunId);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
