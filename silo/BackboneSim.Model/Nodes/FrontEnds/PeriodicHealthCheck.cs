namespace BackboneSim.Model.Nodes;

/// <summary>
/// A load balancer's health check of one target, as HAProxy runs it (<c>inter</c>, <c>fall</c>, <c>rise</c>): a check
/// every interval, the target marked down after <c>fall</c> consecutive failed checks and up again after <c>rise</c>
/// consecutive passed ones. Checks run at every multiple of the interval from the start of the run. Only what the target
/// does between checks matters, and the model knows when that changes, so nothing is stepped per check: a change
/// that disagrees with the status gives the time of the check at which the status will flip if nothing else changes.
/// </summary>
/// <remarks>
/// A check sees the state the target is in at that instant. A target that goes back to agreeing with the status
/// resets the count only if a check saw it so; a change back and forth between two checks is never seen.
/// </remarks>
public sealed class PeriodicHealthCheck(long intervalMs, int fall, int rise)
{
    private readonly long _interval = Math.Max(1, intervalMs);
    /// <summary>The check at which the status flips unless the target changes first (-1: none due).</summary>
    private long _flipAt = -1;
    /// <summary>A flip that was due when the target went back, kept until a check has seen it back.</summary>
    private long _heldFlipAt = -1;
    private long _agreedAt;

    /// <summary>The status: what the balancer acts on.</summary>
    public bool Healthy { get; private set; } = true;
    /// <summary>What a check would see now.</summary>
    public bool Passing { get; private set; } = true;
    /// <summary>The check at which the status flips, or -1.</summary>
    public long FlipAt => _flipAt;

    /// <summary>The target is now passing or failing; returns the check at which the status flips (-1: none).</summary>
    public long Observe(long now, bool passing)
    {
        if (passing == Passing) return _flipAt;
        Passing = passing;
        if (passing == Healthy)
        {
            // Back in agreement: the count is lost once a check sees it, so keep the flip until then.
            (_heldFlipAt, _flipAt, _agreedAt) = (_flipAt, -1, now);
            return -1;
        }
        // No check between going back and coming again: the checks never saw it back, the count goes on.
        _flipAt = _heldFlipAt >= 0 && NextCheck(_agreedAt) > now ? _heldFlipAt
            : NextCheck(now) + (long)((passing ? rise : fall) - 1) * _interval;
        _heldFlipAt = -1;
        return _flipAt;
    }

    /// <summary>The check at <paramref name="now"/> ran: flips the status if it was due; returns whether it flipped.</summary>
    public bool Check(long now)
    {
        if (_flipAt < 0 || now < _flipAt) return false;
        Healthy = Passing;
        _flipAt = -1;
        return true;
    }

    /// <summary>The first check strictly after <paramref name="now"/> (a change at the instant of a check is seen by the next).</summary>
    private long NextCheck(long now) => (now / _interval + 1) * _interval;
}
