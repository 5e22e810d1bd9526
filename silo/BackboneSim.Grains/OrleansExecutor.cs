using BackboneSim.Abstractions;
using BackboneSim.Engine;

namespace BackboneSim.Grains;

/// <summary>
/// The Orleans runtime: one grain per node, one call per node per window carrying that node's whole inbox as an
/// immutable batch. Fan-out is bounded so a window with thousands of busy nodes does not flood the silo.
/// </summary>
public sealed class OrleansExecutor(IGrainFactory grains, string runId, int nodeCount) : INodeExecutor
{
    public const int MaxInFlight = 512;

    private readonly INodeGrain?[] _references = new INodeGrain?[nodeCount];

    public Task<IReadOnlyList<NodeStepResult>> StartAllAsync(CancellationToken cancellationToken)
        => Bounded(Enumerable.Range(0, nodeCount).ToList(), n => Node(n).Start(), cancellationToken);

    public Task<IReadOnlyList<NodeStepResult>> StepAsync(long windowEnd, IReadOnlyList<NodeBatch> batches, CancellationToken cancellationToken)
        => Bounded(batches, b => Node(b.Node).Step(windowEnd, b), cancellationToken);

    public async Task ReleaseAllAsync()
    {
        for (var n = 0; n < nodeCount; n++) await Node(n).Release();
    }

    private INodeGrain Node(int node) => _references[node] ??= grains.GetGrain<INodeGrain>(GrainKeys.Node(runId, node));

    private static async Task<IReadOnlyList<NodeStepResult>> Bounded<T>(IReadOnlyList<T> items, Func<T, Task<NodeStepResult>> call, CancellationToken ct)
    {
        var results = new NodeStepResult[items.Count];
        for (var offset = 0; offset < items.Count; offset += MaxInFlight)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(MaxInFlight, items.Count - offset);
            var tasks = new Task<NodeStepResult>[count];
            for (var i = 0; i < count; i++) tasks[i] = call(items[offset + i]);
            var done = await Task.WhenAll(tasks);
            Array.Copy(done, 0, results, offset, count);
        }
        return results;
    }
}
