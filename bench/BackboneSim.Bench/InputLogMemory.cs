using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Grains;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Bench;

/// <summary>
/// What the Orleans runtime's input logs (its fault tolerance) cost in memory: the scenario is run in memory twice,
/// once keeping every node's inputs in a <see cref="NodeInputLog"/> as the OrleansExecutor does, and the live heaps
/// at the end are compared. Without the log those messages would be garbage once applied.
/// </summary>
public static class InputLogMemory
{
    public static async Task<(long Bytes, long Messages, long Steps)> MeasureAsync(ScenarioDefinition scenario)
    {
        var without = await LiveHeapAfterRunAsync(scenario, keepLog: false);
        var with = await LiveHeapAfterRunAsync(scenario, keepLog: true);
        return (with.Bytes - without.Bytes, with.Messages, with.Steps);
    }

    private static async Task<(long Bytes, long Messages, long Steps)> LiveHeapAfterRunAsync(ScenarioDefinition scenario, bool keepLog)
    {
        var factory = new SimulationFactory(scenario);
        var hosts = Enumerable.Range(0, factory.NodeCount).Select(factory.CreateHost).ToArray();
        var executor = new LoggingExecutor(new InMemoryExecutor(hosts), keepLog ? factory.NodeCount : 0);
        var driver = new CoordinatorDriver(sink => new SimulationCoordinator(factory.NodeNames, executor, scenario.LookaheadMs, scenario.DurationMs, sink, ScenarioWatcher.For(factory)));
        await driver.RunToEndAsync(new NullSink(), scenario.DurationMs);
        var bytes = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(driver);
        GC.KeepAlive(hosts);
        return (bytes, executor.Messages, executor.Steps);
    }

    private sealed class LoggingExecutor(InMemoryExecutor inner, int nodes) : INodeExecutor
    {
        private readonly NodeInputLog[] _logs = Enumerable.Range(0, nodes).Select(_ => new NodeInputLog()).ToArray();
        public long Messages => _logs.Sum(l => l.Messages);
        public long Steps => _logs.Sum(l => (long)l.Steps);

        public Task<IReadOnlyList<NodeStepResult>> StartAllAsync(CancellationToken cancellationToken) => inner.StartAllAsync(cancellationToken);

        public Task<IReadOnlyList<NodeStepResult>> StepAsync(long windowEnd, IReadOnlyList<NodeBatch> batches, CancellationToken cancellationToken)
        {
            if (_logs.Length > 0) foreach (var b in batches) _logs[b.Node].Add(windowEnd, b);
            return inner.StepAsync(windowEnd, batches, cancellationToken);
        }
    }

    private sealed class NullSink : IEventSink
    {
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events) { }
        public void OnFinished(long endMs) { }
    }
}
