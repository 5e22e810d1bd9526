using System.Diagnostics;

namespace BackboneSim.Engine;

/// <summary>
/// Advances a coordinator in wall-clock-budgeted batches and hands back the events made meanwhile. The CLI uses it
/// for the in-memory runtime; the SimulationGrain uses it inside the cluster.
/// </summary>
public sealed class CoordinatorDriver : IRunDriver
{
    private readonly BufferingSink _buffer = new();
    private readonly Func<IEventSink, SimulationCoordinator> _create;
    private SimulationCoordinator? _coordinator;

    public CoordinatorDriver(Func<IEventSink, SimulationCoordinator> create) => _create = create;

    public SimulationCoordinator Coordinator => _coordinator ??= _create(_buffer);

    public async Task<RunBatch> AdvanceAsync(TimeSpan budget, int maxEvents, CancellationToken cancellationToken)
    {
        var c = Coordinator;
        var clock = Stopwatch.StartNew();
        while (!c.Finished && clock.Elapsed < budget && _buffer.Count < maxEvents)
            await c.StepWindowAsync(cancellationToken);
        var s = c.Stats;
        return new RunBatch
        {
            Events = _buffer.Drain(), SimMs = s.SimMs, Finished = c.Finished, Windows = s.Windows,
            Messages = s.Messages, NodeSteps = s.NodeSteps, TotalEvents = s.Events, RecoveredNodes = s.RecoveredNodes,
        };
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class BufferingSink : IEventSink
    {
        private readonly List<LoggedEvent> _events = new();
        public int Count => _events.Count;
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events) => _events.AddRange(events);
        public void OnFinished(long endMs) { }

        public LoggedEvent[] Drain()
        {
            var all = _events.ToArray();
            _events.Clear();
            return all;
        }
    }
}
