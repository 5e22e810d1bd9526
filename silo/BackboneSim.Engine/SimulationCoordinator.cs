namespace BackboneSim.Engine;

/// <summary>
/// Drives a run in supersteps. Each window [start, start + lookahead) begins at the earliest pending message or
/// timer, so empty stretches of virtual time cost nothing. A window's nodes are independent (cross-node messages
/// take at least the lookahead), so the runtime may step them in parallel; results are merged in node order and
/// events numbered in (ms, node, sequence) order, which makes the timeline independent of runtime and schedule.
/// </summary>
public sealed class SimulationCoordinator
{
    private readonly IReadOnlyList<string> _nodeNames;
    private readonly INodeExecutor _executor;
    private readonly IEventSink _sink;
    private readonly PriorityQueue<SimMessage, (long, int, long)> _pending = new();
    private readonly PriorityQueue<int, long> _timerQueue = new();
    private readonly long[] _nodeDue;
    private readonly Dictionary<long, long> _idsByKey = new();
    private readonly IWindowObserver? _observer;
    private long _nextId = 1;
    private long _observerSeq;
    private bool _started;

    /// <summary>Observer messages come from this sender, which sorts before every node in an inbox.</summary>
    public const int ObserverSender = -1;

    public SimulationCoordinator(IReadOnlyList<string> nodeNames, INodeExecutor executor, long lookaheadMs, long untilMs, IEventSink sink,
        IWindowObserver? observer = null)
    {
        _observer = observer;
        if (lookaheadMs <= 0) throw new ArgumentOutOfRangeException(nameof(lookaheadMs), "the lookahead must be at least 1 ms");
        _nodeNames = nodeNames;
        _executor = executor;
        _sink = sink;
        LookaheadMs = lookaheadMs;
        UntilMs = untilMs;
        _nodeDue = new long[nodeNames.Count];
        Array.Fill(_nodeDue, long.MaxValue);
    }

    public long LookaheadMs { get; }
    public long UntilMs { get; }
    public RunStats Stats { get; } = new();
    public bool Finished { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (await StepWindowAsync(cancellationToken)) { }
    }

    /// <summary>Run one window (starting the nodes first if needed). Returns false once the run is over.</summary>
    public async Task<bool> StepWindowAsync(CancellationToken cancellationToken = default)
    {
        if (Finished) return false;
        if (!_started)
        {
            _started = true;
            var started = await _executor.StartAllAsync(cancellationToken);
            Absorb(0, 0, started, 0);
        }

        var start = NextDue();
        if (start >= UntilMs)
        {
            Finished = true;
            Stats.Finish(UntilMs);
            _sink.OnFinished(UntilMs);
            return false;
        }
        var end = Math.Min(start + LookaheadMs, UntilMs);

        var inboxes = new SortedDictionary<int, List<SimMessage>>();
        var delivered = 0;
        while (_pending.TryPeek(out var m, out _) && m.DeliverAt < end)
        {
            _pending.Dequeue();
            if (!inboxes.TryGetValue(m.To, out var list)) inboxes[m.To] = list = new List<SimMessage>();
            list.Add(m);
            delivered++;
        }
        while (_timerQueue.TryPeek(out var node, out var due) && due < end)
        {
            _timerQueue.Dequeue();
            if (_nodeDue[node] != due) continue; // stale entry: the node's next timer moved since
            _nodeDue[node] = long.MaxValue;
            if (!inboxes.ContainsKey(node)) inboxes[node] = new List<SimMessage>();
        }

        var batches = new List<NodeBatch>(inboxes.Count);
        foreach (var (node, messages) in inboxes) batches.Add(new NodeBatch { Node = node, Messages = messages.ToArray() });
        var results = await _executor.StepAsync(end, batches, cancellationToken);
        Absorb(start, end, results, delivered);
        return true;
    }

    private long NextDue()
    {
        var next = long.MaxValue;
        if (_pending.TryPeek(out var m, out _)) next = m.DeliverAt;
        while (_timerQueue.TryPeek(out var node, out var due))
        {
            if (_nodeDue[node] != due) { _timerQueue.Dequeue(); continue; }
            next = Math.Min(next, due);
            break;
        }
        return next;
    }

    private void Absorb(long windowStart, long windowEnd, IReadOnlyList<NodeStepResult> results, int delivered)
    {
        var ordered = results.OrderBy(r => r.Node).ToList();
        var events = new List<SimEvent>();
        foreach (var r in ordered)
        {
            // A node that was stepped reports its next timer afresh; one that was not keeps its entry.
            _nodeDue[r.Node] = r.NextLocalDue;
            if (r.NextLocalDue != long.MaxValue) _timerQueue.Enqueue(r.Node, r.NextLocalDue);
            foreach (var m in r.Outgoing) _pending.Enqueue(m, m.OrderKey);
            events.AddRange(r.Events);
        }
        events.Sort(static (a, b) =>
        {
            var c = a.Ms.CompareTo(b.Ms);
            if (c != 0) return c;
            c = a.Node.CompareTo(b.Node);
            return c != 0 ? c : a.LocalSeq.CompareTo(b.LocalSeq);
        });
        foreach (var e in events) _idsByKey[e.Key] = _nextId++;
        var logged = new LoggedEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            long? cause = e.CauseKey != 0 && _idsByKey.TryGetValue(e.CauseKey, out var id) ? id : null;
            logged[i] = new LoggedEvent
            {
                Id = _idsByKey[e.Key], Cause = cause, Ms = e.Ms, Kind = e.Kind, Node = e.Node, NodeName = _nodeNames[e.Node],
                DataJson = e.DataJson, Subject = e.Subject, Value = e.Value, Payload = e.Payload,
            };
        }
        Stats.AddWindow(windowStart, results.Count, logged.Length, delivered);
        _sink.OnWindow(windowStart, logged);
        if (_observer is not null) Observe(windowStart, windowEnd, events, logged);
    }

    private void Observe(long windowStart, long windowEnd, List<SimEvent> events, LoggedEvent[] logged)
    {
        var replies = _observer!.OnWindow(windowStart, windowEnd, logged);
        if (replies.Count == 0) return;
        // Events of this window are logged[i] <-> events[i]; a reply may only name one of them as its cause.
        var firstId = logged.Length > 0 ? logged[0].Id : 0;
        foreach (var reply in replies)
        {
            long cause = 0;
            if (reply.CauseEventId is { } id)
            {
                var i = id - firstId;
                if (i < 0 || i >= events.Count) throw new InvalidOperationException($"an observer named event {id}, which is not of the window it watched");
                cause = events[(int)i].Key;
            }
            if (reply.To < 0 || reply.To >= _nodeNames.Count) throw new InvalidOperationException($"an observer sent a message to node {reply.To}, which does not exist");
            var message = new SimMessage
            {
                DeliverAt = Math.Max(reply.DeliverAtMs, windowEnd), From = ObserverSender, To = reply.To, Seq = _observerSeq++,
                Cause = cause, Payload = reply.Payload,
            };
            _pending.Enqueue(message, message.OrderKey);
        }
    }
}
