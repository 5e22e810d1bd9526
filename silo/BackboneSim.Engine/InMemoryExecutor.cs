namespace BackboneSim.Engine;

/// <summary>
/// The reference runtime: every node in one array, stepped one after another on the calling thread. It is what the
/// Orleans runtime is compared with, byte for byte, and the speed baseline.
/// </summary>
public sealed class InMemoryExecutor(IReadOnlyList<NodeHost> hosts) : INodeExecutor
{
    public Task<IReadOnlyList<NodeStepResult>> StartAllAsync(CancellationToken cancellationToken)
    {
        var results = new NodeStepResult[hosts.Count];
        for (var i = 0; i < hosts.Count; i++) results[i] = hosts[i].Start();
        return Task.FromResult<IReadOnlyList<NodeStepResult>>(results);
    }

    public Task<IReadOnlyList<NodeStepResult>> StepAsync(long windowEnd, IReadOnlyList<NodeBatch> batches, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var results = new NodeStepResult[batches.Count];
        for (var i = 0; i < batches.Count; i++) results[i] = hosts[batches[i].Node].Step(windowEnd, batches[i].Messages);
        return Task.FromResult<IReadOnlyList<NodeStepResult>>(results);
    }
}
