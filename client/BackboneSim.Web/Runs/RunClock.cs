namespace BackboneSim.Web.Runs;

/// <summary>
/// The playhead of a run against the wall clock: play, pause, speed (1x … 600x, or max) and seek. It never runs
/// ahead of what the engine has computed: while playing it waits at the engine's frontier; a seek past it is kept
/// as the target and shown once the engine gets there.
/// </summary>
public sealed class RunClock(long untilMs)
{
    /// <summary>The speeds a client may pick; "max" shows the engine's frontier as it moves.</summary>
    public static readonly IReadOnlyDictionary<string, double> Speeds = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["1x"] = 1, ["10x"] = 10, ["60x"] = 60, ["600x"] = 600, ["max"] = double.PositiveInfinity,
    };

    private double _targetMs;

    public long UntilMs { get; } = untilMs;
    public bool Playing { get; private set; }
    public string SpeedName { get; private set; } = "1x";
    public double Speed => Speeds[SpeedName];

    /// <summary>Where the playhead was asked to be (a seek may be ahead of the engine).</summary>
    public long TargetMs => (long)_targetMs;

    public void Play() => Playing = true;
    public void Pause() => Playing = false;

    public void SetSpeed(string name)
    {
        if (!Speeds.ContainsKey(name)) throw new ArgumentException($"speed must be one of {string.Join(", ", Speeds.Keys)}");
        SpeedName = name;
    }

    public void Seek(long ms) => _targetMs = Math.Clamp(ms, 0, UntilMs);

    /// <summary>Move the playhead by <paramref name="wall"/> of wall time; <paramref name="frontierMs"/> is the latest fully computed instant.</summary>
    public void Tick(TimeSpan wall, long frontierMs)
    {
        if (!Playing) return;
        if (_targetMs > frontierMs) return; // a seek ahead of the engine: stay there until it arrives
        _targetMs = double.IsPositiveInfinity(Speed) ? frontierMs : _targetMs + wall.TotalMilliseconds * Speed;
        // Playing waits for the engine instead of running ahead of it.
        _targetMs = Math.Min(Math.Min(_targetMs, UntilMs), Math.Max(frontierMs, 0));
        if (_targetMs >= UntilMs) Playing = false; // the end: nothing more to play
    }

    /// <summary>What a viewer sees: the target, but never past the engine's frontier.</summary>
    public long VisibleMs(long frontierMs) => Math.Max(0, Math.Min(TargetMs, frontierMs));

    /// <summary>How far the engine should have computed by now: a few seconds of wall time ahead of the playhead.</summary>
    public long NeededMs()
    {
        if (Playing && double.IsPositiveInfinity(Speed)) return UntilMs;
        var ahead = Playing ? Math.Max(10_000, Speed * 3_000) : 0;
        return (long)Math.Min(UntilMs, _targetMs + ahead);
    }
}
