using BackboneSim.Abstractions;
using BackboneSim.Engine;
using Orleans.Placement;

namespace BackboneSim.Grains;

/// <summary>
/// A thin host for one node model: builds it from the run's scenario when started and steps it when its
/// SimulationGrain delivers a window's batch. Kept alive for the run: its state lives only in memory, so if its silo
/// dies the SimulationGrain rebuilds it elsewhere by replaying the node's inputs (<see cref="Replay"/>).
/// Random placement, stated rather than left to Orleans' default (which has changed between versions, and one
/// option prefers the caller's silo), spreads a run's nodes over every silo: losing any silo loses some nodes.
/// </summary>
[KeepAlive, RandomPlacement]
public sealed class NodeGrain(RunCatalog catalog) : Grain, INodeGrain
{
    private NodeHost? _host;
    /// <summary>Steps applied since the start; -1 before the start.</summary>
    private int _applied = -1;
    /// <summary>The answer to the last start or step, for a caller that retries it.</summary>
    private NodeStepResult? _last;

    public async Task<NodeStepResult> Start()
    {
        if (_applied == 0) return _last!;
        if (_applied > 0) throw new InvalidOperationException($"node {_host!.Name} was started again after {_applied} steps");
        _host = await CreateHostAsync();
        _last = _host.Start();
        _applied = 0;
        return _last;
    }

    public Task<NodeStepResult> Step(int step, long windowEnd, NodeBatch batch)
    {
        // Nothing was started here: the activation that held this node died with its silo.
        if (_host is null || _applied < 0) throw new GrainStateLostException($"node {this.GetPrimaryKeyString()} lost its state: it was re-activated mid-run");
        if (step == _applied - 1 && _last is not null) return Task.FromResult(_last);
        if (step != _applied) throw new InvalidOperationException($"node {_host.Name} was asked for step {step} after {_applied} steps");
        _last = _host.Step(windowEnd, batch.Messages);
        _applied++;
        return Task.FromResult(_last);
    }

    public async Task Replay(NodeReplay chunk)
    {
        if (chunk.Start)
        {
            // Always from a fresh model: whatever this activation held (a half-done replay) is discarded.
            _host = await CreateHostAsync();
            _host.Start();
            _applied = 0;
        }
        else if (_host is null || _applied < 0) throw new GrainStateLostException($"node {this.GetPrimaryKeyString()} lost its state during a replay");
        if (chunk.FirstStep != _applied) throw new InvalidOperationException($"node {_host.Name}: replay from step {chunk.FirstStep} after {_applied} steps");
        for (var i = 0; i < chunk.Batches.Length; i++) _host.Step(chunk.WindowEnds[i], chunk.Batches[i].Messages);
        _applied += chunk.Batches.Length;
        _last = null; // the step after a replay is always a new one
    }

    public Task Release()
    {
        // Every silo that hosted nodes of the run drops its copy of the expanded scenario.
        catalog.Forget(GrainKeys.ParseNode(this.GetPrimaryKeyString()).RunId);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task<NodeHost> CreateHostAsync()
    {
        var (runId, node) = GrainKeys.ParseNode(this.GetPrimaryKeyString());
        var factory = await catalog.GetAsync(runId);
        return factory.CreateHost(node);
    }
}
