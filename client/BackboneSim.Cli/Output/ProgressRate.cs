namespace BackboneSim.Cli.Output;

/// <summary>
/// How fast a run is going now: simulated milliseconds per wall second over the last <c>window</c> of wall time,
/// and the wall time left at that rate. Simulated time is not spread evenly over wall time (a quiet hour takes
/// nothing, a cascade's first minutes take most of the run), so a recent rate, not the share done, estimates the rest.
/// </summary>
public sealed class ProgressRate(TimeSpan window)
{
    /// <summary>A rate over less wall time than this is noise; no estimate until then.</summary>
    private static readonly TimeSpan MinSpan = TimeSpan.FromSeconds(1);
    private readonly Queue<(TimeSpan Wall, long SimMs)> _samples = new();

    public static ProgressRate Recent() => new(TimeSpan.FromSeconds(10));

    public void Add(TimeSpan wall, long simMs)
    {
        _samples.Enqueue((wall, simMs));
        // Keep one sample at least a window old (the rate's start), and nothing older.
        while (_samples.Count > 2 && wall - _samples.ElementAt(1).Wall >= window) _samples.Dequeue();
    }

    /// <summary>Simulated ms per wall second over the recent window, or null while there is too little to tell.</summary>
    public double? SimMsPerWallSecond
    {
        get
        {
            if (_samples.Count < 2) return null;
            var (firstWall, firstSim) = _samples.Peek();
            var (lastWall, lastSim) = _samples.Last();
            var span = lastWall - firstWall;
            return span < MinSpan ? null : (lastSim - firstSim) / span.TotalSeconds;
        }
    }

    /// <summary>Wall time left to reach <paramref name="untilMs"/> at the recent rate; null when unknown (or stalled).</summary>
    public TimeSpan? Remaining(long untilMs)
    {
        if (SimMsPerWallSecond is not { } rate || rate <= 0 || _samples.Count == 0) return null;
        var seconds = Math.Max(0, untilMs - _samples.Last().SimMs) / rate;
        return seconds > 365 * 24 * 3600 ? null : TimeSpan.FromSeconds(seconds);
    }
}
