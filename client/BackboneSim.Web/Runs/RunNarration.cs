using BackboneSim.Analysis.Teaching;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Teaching;

namespace BackboneSim.Web.Runs;

/// <summary>
/// A session run's narration. The <see cref="NarrationFollower"/> reads the <em>computed</em> events, so every item
/// due at or before the engine's frontier is known before the playhead can get there; an item is <em>released</em>
/// (shown) once the playhead has released its instant, like an event. A checkpoint with <c>pause</c> holds the
/// playhead at its instant and pauses the run there. Each checkpoint is asked at most once: a seek over one skips it
/// (it holds only a run that plays through it). Only the run's loop touches it; readers get <see cref="Released"/>
/// through the run's snapshot.
/// </summary>
public sealed class RunNarration
{
    private readonly NarrationFollower _follower;
    // Items known so far (fired by the computed log), in firing order: virtual time, then the scenario's order.
    private readonly AppendList<FiredNarration> _known = new();
    private readonly HashSet<int> _done = new(); // checkpoints reached or skipped, by item index
    private long _skipUpTo = -1;

    public RunNarration(ScenarioDefinition scenario) => _follower = new NarrationFollower(scenario, OnFired);

    /// <summary>The items the playhead has released, as an immutable view for readers on any thread.</summary>
    public IReadOnlyList<FiredNarration> Released() => _known.Freeze(ReleasedCount);
    /// <summary>How many of the known items the playhead has released.</summary>
    public int ReleasedCount { get; private set; }
    /// <summary>The checkpoint the run paused at most recently (null before the first).</summary>
    public FiredNarration? ReachedCheckpoint { get; private set; }

    /// <summary>The checkpoint the run is paused at now (paused, the playhead still on its instant), or null.</summary>
    public int? PausedAt(RunClock clock)
        => ReachedCheckpoint is { } c && !clock.Playing && clock.TargetMs == c.Ms ? c.Item.Index : null;

    public void OnComputed(long simMs, IReadOnlyList<LoggedEvent> events, bool finished, long untilMs)
    {
        // Every event before simMs has been computed: the follower may fire what is due before it.
        _follower.OnWindow(simMs, events);
        if (finished) _follower.OnFinished(untilMs);
    }

    /// <summary>Where the playhead must stop: the next pausing checkpoint not yet asked or skipped.</summary>
    public long HoldMs()
    {
        for (var i = 0; i < _known.Count; i++)
            if (Holds(_known[i])) return _known[i].Ms;
        return long.MaxValue;
    }

    /// <summary>A seek to <paramref name="targetMs"/> skips the checkpoints it jumps over, also those not computed yet.</summary>
    public void OnSeek(long targetMs, long frontierMs)
    {
        foreach (var f in _known.Freeze())
            if (Holds(f) && f.Ms < targetMs) _done.Add(f.Item.Index);
        _skipUpTo = targetMs > frontierMs ? targetMs : -1;
    }

    /// <summary>After a release: count the released items, and pause at a checkpoint the playhead reached. True when it paused.</summary>
    public bool AfterRelease(RunClock clock, long visibleMs, long releasedMs)
    {
        while (ReleasedCount < _known.Count && _known[ReleasedCount].Ms <= releasedMs) ReleasedCount++;
        var hold = HoldMs();
        if (hold == long.MaxValue || visibleMs < hold || releasedMs < hold) return false;
        var reached = _known.Freeze().First(f => Holds(f) && f.Ms == hold);
        _done.Add(reached.Item.Index);
        ReachedCheckpoint = reached;
        clock.Pause();
        return true;
    }

    private bool Holds(FiredNarration f) => f.Item.Checkpoint is { Pause: true } && f.Item.Audience == NarrationAudience.All && !_done.Contains(f.Item.Index);

    private void OnFired(FiredNarration fired)
    {
        _known.Add(fired);
        if (Holds(fired) && fired.Ms < _skipUpTo) _done.Add(fired.Item.Index);
    }
}
