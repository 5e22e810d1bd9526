using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.DataPlane;

/// <summary>A batch of FIB writes waiting to be programmed: submitted, started (after the batches before it), ready.</summary>
public sealed record FibBatch(long SubmittedMs, long StartMs, long ReadyMs, IReadOnlyList<FibWrite> Writes);

/// <summary>
/// The hand-off from RIB to FIB: each RIB diff becomes a batch of writes (the prefixes whose next hops changed; a
/// metric-only change writes nothing) that takes <see cref="DelayMs"/> = a fixed part + one part per entry to program,
/// and batches are programmed one after another, as a router's RIB manager and line-card programming work through
/// one queue. FIB programming time grows linearly with the number of changed prefixes (Francois, Filsfils, Evans and
/// Bonaventure, "Achieving sub-second IGP convergence in large IP networks", ACM SIGCOMM CCR 35(3), 2005); that is why
/// hierarchical FIBs (BGP PIC) exist. Defaults: <c>fib_programming_base</c> and <c>fib_entries_per_second</c>
/// (docs/model.md, "Data plane").
/// </summary>
/// <remarks>
/// Pending batches belong to the control plane that submitted them: when it dies the caller drops them
/// (<see cref="Abandon"/>) and the FIB stays as it was (fail-static, <see cref="Fib"/>).
/// </remarks>
public sealed class FibProgramming
{
    private readonly Queue<FibBatch> _pending = new();

    /// <param name="baseMs">Fixed part of a batch's programming time.</param>
    /// <param name="entriesPerSecond">Entries programmed per second, at least 1.</param>
    public FibProgramming(long baseMs, long entriesPerSecond)
    {
        if (baseMs < 0) throw new ArgumentOutOfRangeException(nameof(baseMs), baseMs, "not negative");
        if (entriesPerSecond < 1) throw new ArgumentOutOfRangeException(nameof(entriesPerSecond), entriesPerSecond, "at least 1");
        (BaseMs, EntriesPerSecond) = (baseMs, entriesPerSecond);
    }

    /// <summary>With the model's parameters (<c>fib_programming_base</c>, <c>fib_entries_per_second</c>).</summary>
    public FibProgramming(ModelParameters parameters) : this(parameters.FibProgrammingBaseMs, parameters.FibEntriesPerSecond) { }

    public long BaseMs { get; }
    public long EntriesPerSecond { get; }

    /// <summary>Batches not yet programmed, oldest first.</summary>
    public IReadOnlyCollection<FibBatch> Pending => _pending;

    /// <summary>When the next batch is ready; null when none is pending.</summary>
    public long? NextReadyMs => _pending.Count > 0 ? _pending.Peek().ReadyMs : null;

    /// <summary>Programming time of a batch of <paramref name="entries"/> writes: base + entries ÷ rate, the per-entry
    /// part rounded up to a whole millisecond (the engine's tick), as BGP's transfer time is.</summary>
    public long DelayMs(int entries) => BaseMs + (entries * 1000L + EntriesPerSecond - 1) / EntriesPerSecond;

    /// <summary>Queues the writes a RIB diff calls for; null when it changes no forwarding.</summary>
    public FibBatch? Submit(RibDiff diff, long nowMs)
    {
        var writes = diff.Changes.Where(c => c.ForwardingChanged)
            .Select(c => new FibWrite(c.Prefix, c.New?.NextHops ?? [])).ToList();
        if (writes.Count == 0) return null;
        var start = Math.Max(nowMs, _pending.Count > 0 ? _pending.Last().ReadyMs : nowMs);
        var batch = new FibBatch(nowMs, start, start + DelayMs(writes.Count), writes);
        _pending.Enqueue(batch);
        return batch;
    }

    /// <summary>Programs into <paramref name="fib"/> every batch ready by <paramref name="nowMs"/>, in order; returns
    /// the entries that changed.</summary>
    public IReadOnlyList<FibChange> ApplyDue(Fib fib, long nowMs)
    {
        var writes = new List<FibWrite>();
        while (_pending.Count > 0 && _pending.Peek().ReadyMs <= nowMs) writes.AddRange(_pending.Dequeue().Writes);
        return writes.Count == 0 ? [] : fib.Write(writes);
    }

    /// <summary>The control plane died: its pending batches are lost. Returns how many were dropped.</summary>
    public int Abandon()
    {
        var n = _pending.Count;
        _pending.Clear();
        return n;
    }
}
