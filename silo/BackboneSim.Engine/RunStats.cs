namespace BackboneSim.Engine;

/// <summary>Counters of a run, read by progress displays and benchmarks while the run goes on.</summary>
public sealed class RunStats
{
    private long _simMs, _windows, _events, _messages, _steps, _recovered;

    public long SimMs => Interlocked.Read(ref _simMs);
    public long Windows => Interlocked.Read(ref _windows);
    public long Events => Interlocked.Read(ref _events);
    public long Messages => Interlocked.Read(ref _messages);
    /// <summary>Node steps: one per node per window in which it had something due.</summary>
    public long NodeSteps => Interlocked.Read(ref _steps);
    /// <summary>Nodes rebuilt by replaying their inputs after their silo died (Orleans runtime only).</summary>
    public long RecoveredNodes => Interlocked.Read(ref _recovered);

    public void AddRecoveredNode() => Interlocked.Increment(ref _recovered);

    internal void AddWindow(long simMs, int steps, int events, int messages)
    {
        Interlocked.Exchange(ref _simMs, simMs);
        Interlocked.Increment(ref _windows);
        Interlocked.Add(ref _steps, steps);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _messages, messages);
    }

    internal void Finish(long simMs) => Interlocked.Exchange(ref _simMs, simMs);
}
