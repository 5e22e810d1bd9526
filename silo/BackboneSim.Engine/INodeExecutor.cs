namespace BackboneSim.Engine;

/// <summary>
/// A runtime: where node models live and how a window's batches reach them. The coordinator above it is shared,
/// so every runtime produces the same timeline as long as it steps the batches it is given.
/// </summary>
public interface INodeExecutor
{
    /// <summary>Start every node at virtual time 0. Results may come back in any order.</summary>
    Task<IReadOnlyList<NodeStepResult>> StartAllAsync(CancellationToken cancellationToken);

    /// <summary>Step the given nodes up to <paramref name="windowEnd"/>. Results may come back in any order.</summary>
    Task<IReadOnlyList<NodeStepResult>> StepAsync(long windowEnd, IReadOnlyList<NodeBatch> batches, CancellationToken cancellationToken);
}
