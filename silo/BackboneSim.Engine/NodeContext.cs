namespace BackboneSim.Engine;

/// <summary>
/// What a node model can do while it is stepped: read the clock and its random generator, send messages, set
/// timers, and record events. Cross-node messages must take at least the lookahead, which is what lets every node
/// of a window be stepped independently.
/// </summary>
public sealed class NodeContext
{
    private readonly NodeHost _host;

    internal NodeContext(NodeHost host, DeterministicRandom random)
    {
        _host = host;
        Random = random;
    }

    public int Self => _host.Index;
    public string SelfName => _host.Name;
    public long Now { get; internal set; }
    public long Lookahead => _host.Lookahead;
    public DeterministicRandom Random { get; }

    /// <summary>Cause key of the message being handled (0 at start): the default cause of what the node does now.</summary>
    public long CurrentCause { get; internal set; }

    /// <summary>Send a message to another node, arriving after <paramref name="delayMs"/> (at least the lookahead).</summary>
    public void Send(int to, long delayMs, object payload, long cause)
    {
        if (to == Self) { SetTimer(Now + delayMs, payload, cause); return; }
        if (delayMs < _host.Lookahead)
            throw new InvalidOperationException(
                $"node {_host.Name} sent {payload.GetType().Name} with delay {delayMs} ms, below the lookahead {_host.Lookahead} ms");
        _host.Enqueue(new SimMessage { DeliverAt = Now + delayMs, From = Self, To = to, Seq = _host.NextSeq(), Cause = cause, Payload = payload });
    }

    /// <summary>
    /// Deliver <paramref name="payload"/> to this node at virtual time <paramref name="at"/> (not before now), unless
    /// it is cancelled first. The payload never leaves the node, so it needs no serializer.
    /// </summary>
    public TimerId SetTimer(long at, object payload, long cause)
    {
        if (at < Now) at = Now;
        var seq = _host.NextSeq();
        _host.Enqueue(new SimMessage { DeliverAt = at, From = Self, To = Self, Seq = seq, Cause = cause, Payload = payload });
        _host.TimerSet(seq);
        return new TimerId(seq);
    }

    /// <summary>
    /// Cancel a timer that has not fired: the model never sees it. Cancelling a timer that fired, was cancelled, or
    /// <see cref="TimerId.None"/> does nothing.
    /// </summary>
    public void Cancel(TimerId timer) => _host.CancelTimer(timer.Seq);

    /// <summary>Whether the timer is still to fire (set, not fired, not cancelled).</summary>
    public bool IsPending(TimerId timer) => _host.TimerPending(timer.Seq);

    /// <summary>
    /// Record an event now: one of the records that declare the model's event kinds (<see cref="ModelEvent"/>).
    /// Returns its key, to pass as the cause of what follows from it.
    /// </summary>
    public long Emit(ModelEvent e, long cause) => _host.Emit(e, cause, EventJson.Render(e.Data()));
}
