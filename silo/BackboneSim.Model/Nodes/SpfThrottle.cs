namespace BackboneSim.Model.Nodes;

/// <summary>
/// Exponential back-off as routers implement it for SPF runs (IOS-XR/Junos "spf-interval initial secondary maximum",
/// RFC 8405's idea) and for LSA generation (IS-IS "lsp-gen-interval"): quick reaction to an isolated change, growing
/// waits during a storm, reset after a quiet period.
/// </summary>
public sealed class SpfThrottle(long initialMs, long secondaryMs, long maxMs)
{
    private long _lastRun = long.MinValue / 2;
    private long _currentWait;

    /// <summary>When an SPF triggered at <paramref name="now"/> runs; call once per scheduled run.</summary>
    public long NextRun(long now)
    {
        if (now - _lastRun > 2 * maxMs) _currentWait = initialMs; // quiet long enough: back to a fast reaction
        else _currentWait = _currentWait <= initialMs ? secondaryMs : Math.Min(maxMs, _currentWait * 2);
        var at = Math.Max(now + initialMs, _lastRun + _currentWait);
        _lastRun = at;
        return at;
    }
}
