namespace BackboneSim.Engine;

/// <summary>
/// Runs one node model inside a runtime: keeps the node's own timers, applies a window's messages in order, and
/// collects what the node sends and records. The in-memory runtime holds one per node; a node grain holds one.
/// </summary>
public sealed class NodeHost
{
    private readonly INodeModel _model;
    private readonly NodeContext _context;
    private readonly PriorityQueue<SimMessage, (long, int, long)> _local = new();
    private readonly List<SimMessage> _outgoing = new();
    private readonly List<SimEvent> _events = new();
    /// <summary>Sequence numbers of own timers still to fire; a popped timer missing here was cancelled.</summary>
    private readonly HashSet<long> _pendingTimers = new();
    private long _seq;
    private int _eventSeq;
    private bool _started;

    public NodeHost(int index, string name, INodeModel model, long lookahead, DeterministicRandom random)
    {
        Index = index;
        Name = name;
        _model = model;
        Lookahead = lookahead;
        _context = new NodeContext(this, random);
    }

    public int Index { get; }
    public string Name { get; }
    public long Lookahead { get; }
    public INodeModel Model => _model;

    /// <summary>Virtual time of the earliest own timer, or <see cref="long.MaxValue"/>.</summary>
    public long NextLocalDue => _local.TryPeek(out var m, out _) ? m.DeliverAt : long.MaxValue;

    public NodeStepResult Start()
    {
        if (_started) throw new InvalidOperationException($"node {Name} started twice");
        _started = true;
        _context.Now = 0;
        _context.CurrentCause = 0;
        _model.Start(_context);
        return Collect();
    }

    /// <summary>
    /// Apply every message due before <paramref name="windowEnd"/>: the window's inbox from other nodes plus own
    /// timers, including timers set during this step that fall inside the window.
    /// </summary>
    public NodeStepResult Step(long windowEnd, IReadOnlyList<SimMessage> inbox)
    {
        foreach (var m in inbox)
        {
            if (m.To != Index) throw new InvalidOperationException($"message for node {m.To} delivered to {Index}");
            _local.Enqueue(m, m.OrderKey);
        }
        while (_local.TryPeek(out var next, out _) && next.DeliverAt < windowEnd)
        {
            _local.Dequeue();
            // A cancelled timer keeps its place in the schedule (NextLocalDue still reports it, so the coordinator's
            // windows, and the times the window observer answers at, are those of a model that got the timer and
            // ignored it, as the generation counters timers replaced did), but the model never sees it.
            if (next.From == Index && !_pendingTimers.Remove(next.Seq)) continue;
            _context.Now = next.DeliverAt;
            _context.CurrentCause = next.Cause;
            _model.Handle(_context, next);
        }
        return Collect();
    }

    internal long NextSeq() => ++_seq;

    internal void TimerSet(long seq) => _pendingTimers.Add(seq);

    internal void CancelTimer(long seq) => _pendingTimers.Remove(seq);

    internal bool TimerPending(long seq) => _pendingTimers.Contains(seq);

    internal void Enqueue(SimMessage message)
    {
        if (message.To == Index) _local.Enqueue(message, message.OrderKey);
        else _outgoing.Add(message);
    }

    internal long Emit(ModelEvent payload, long cause, string dataJson)
    {
        var e = new SimEvent
        {
            Ms = _context.Now, Node = Index, LocalSeq = ++_eventSeq, CauseKey = cause, Kind = payload.Kind,
            DataJson = dataJson, Subject = payload.Subject, Value = payload.Value, Payload = payload,
        };
        _events.Add(e);
        return e.Key;
    }

    private NodeStepResult Collect()
    {
        var result = new NodeStepResult
        {
            // Most steps send or record nothing: no empty arrays for them.
            Node = Index, Outgoing = _outgoing.Count == 0 ? [] : _outgoing.ToArray(), Events = _events.Count == 0 ? [] : _events.ToArray(),
            NextLocalDue = NextLocalDue,
        };
        _outgoing.Clear();
        _events.Clear();
        return result;
    }
}
