using System.Diagnostics;
using BackboneSim.Abstractions;
using BackboneSim.Engine;

namespace BackboneSim.Grains;

/// <summary>
/// The Orleans runtime: one grain per node, one call per node per window carrying that node's whole inbox as an
/// immutable batch. Fan-out is bounded so a window with thousands of busy nodes does not flood the silo.
/// Survives the loss of silos that host nodes: it keeps each node's input log, and a node whose grain comes back
/// empty is rebuilt on a live silo by replaying the log, then asked for the window again. A node's call that
/// succeeded is never repeated, and a repeated call returns the node's first answer, so no window is applied twice.
/// </summary>
public sealed class OrleansExecutor(IGrainFactory grains, string runId, int nodeCount, Func<Task> restoreSource, Action onNodeRecovered,
    TimeSpan? recoveryTimeout = null) : INodeExecutor
{
    public const int MaxInFlight = 512;

    /// <summary>How long one node may stay unreachable or unrebuildable before the run fails.</summary>
    public static readonly TimeSpan DefaultRecoveryTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly INodeGrain?[] _references = new INodeGrain?[nodeCount];
    private readonly NodeInputLog[] _logs = Enumerable.Range(0, nodeCount).Select(_ => new NodeInputLog()).ToArray();
    private readonly TimeSpan _recoveryTimeout = recoveryTimeout ?? DefaultRecoveryTimeout;
    /// <summary>The scenario is put back once per wave of rebuilds, not once per node.</summary>
    private Task? _restoringSource;

    /// <summary>Messages held by the input logs (the memory cost of fault tolerance).</summary>
    public long LoggedMessages => _logs.Sum(l => l.Messages);

    public Task<IReadOnlyList<NodeStepResult>> StartAllAsync(CancellationToken cancellationToken)
        => Bounded(Enumerable.Range(0, nodeCount).ToList(), n => Resilient(n, () => Node(n).Start()), cancellationToken);

    public async Task<IReadOnlyList<NodeStepResult>> StepAsync(long windowEnd, IReadOnlyList<NodeBatch> batches, CancellationToken cancellationToken)
    {
        var results = await Bounded(batches, b => StepNodeAsync(windowEnd, b), cancellationToken);
        _restoringSource = null;
        return results;
    }

    public async Task ReleaseAllAsync()
    {
        for (var n = 0; n < nodeCount; n++) await Node(n).Release();
    }

    private INodeGrain Node(int node) => _references[node] ??= grains.GetGrain<INodeGrain>(GrainKeys.Node(runId, node));

    private async Task<NodeStepResult> StepNodeAsync(long windowEnd, NodeBatch batch)
    {
        var log = _logs[batch.Node];
        var step = log.Steps;
        var result = await Resilient(batch.Node, () => Node(batch.Node).Step(step, windowEnd, batch));
        log.Add(windowEnd, batch);
        return result;
    }

    /// <summary>
    /// Call a node until it answers: while its silo is dying, wait and retry; once its grain comes back empty,
    /// rebuild it and retry. Gives up after the recovery timeout with the node named.
    /// </summary>
    private async Task<NodeStepResult> Resilient(int node, Func<Task<NodeStepResult>> call)
    {
        Stopwatch? failing = null;
        var delay = FirstRetryDelay;
        while (true)
        {
            Exception error;
            try
            {
                return await call();
            }
            catch (Exception e) when (SiloLoss.IsTransient(e))
            {
                error = e;
            }
            failing ??= Stopwatch.StartNew();
            if (failing.Elapsed > _recoveryTimeout)
                throw new InvalidOperationException(
                    $"run {runId}: node {node} could not be reached or rebuilt for {_recoveryTimeout.TotalSeconds:0} s; last error: {error.Message}", error);
            if (SiloLoss.IsStateLost(error))
            {
                try
                {
                    await RebuildAsync(node);
                    onNodeRecovered();
                    continue;
                }
                catch (Exception e) when (SiloLoss.IsTransient(e))
                {
                    // The silo it was rebuilt on is failing too: wait and start over.
                }
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>Start a fresh model for the node on whatever silo its grain now lives, and replay its input log.</summary>
    private async Task RebuildAsync(int node)
    {
        var restoring = _restoringSource ??= restoreSource();
        try
        {
            await restoring;
        }
        catch
        {
            if (_restoringSource == restoring) _restoringSource = null;
            throw;
        }
        foreach (var chunk in _logs[node].Chunks()) await Node(node).Replay(chunk);
    }

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
