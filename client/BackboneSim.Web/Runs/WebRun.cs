using System.Diagnostics;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Web.Runs;

/// <summary>Where a run stands, as the API and the hub report it. OwnerToken: only in the answer that created the run, to its creator. ReleasedAt: wall clock (Unix ms) of the latest release, for latency figures. Version: grows with every change, so a client can drop a status older than one it has.</summary>
public sealed record RunStatus(
    string Id, string Scenario, string Title, string State, string Speed, bool Playing,
    long Ms, string T, long TargetMs, long ComputedMs, long UntilMs, long Events, long ComputedEvents, long ReleasedAt, long Version, string? Error,
    string? OwnerToken = null);

/// <summary>
/// One run of the web host: the engine (a SimulationGrain pulled through <see cref="IRunDriver"/>), its log and
/// its playhead. A loop computes a little ahead of the playhead, moves the playhead with the wall clock and
/// releases the events it passed; the <c>LivePusher</c> sends what was released to the browsers.
/// </summary>
public sealed class WebRun : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PullBudget = TimeSpan.FromMilliseconds(100);
    private const int PullMaxEvents = 5_000;

    private readonly IRunDriver _driver;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task _loop = Task.CompletedTask;
    private long _simMs;
    private bool _finished;
    private string? _error;
    private long _releasedAtUnixMs;
    private readonly TimeProvider _time;

    public WebRun(string id, ScenarioDefinition scenario, SimulationFactory factory, IRunDriver driver, long untilMs, string? owner = null,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        LastActive = _time.GetUtcNow();
        Owner = owner;
        // Only a session's run follows its narration: a plain run never pauses at checkpoints.
        Narration = owner is not null ? new RunNarration(scenario) : null;
        Id = id;
        Scenario = scenario;
        Factory = factory;
        _driver = driver;
        Clock = new RunClock(untilMs);
        Log = new RunLog(factory);
        Topology = TopologyView.Build(scenario);
    }

    public string Id { get; }
    public ScenarioDefinition Scenario { get; }
    public SimulationFactory Factory { get; }
    public RunClock Clock { get; }
    public RunLog Log { get; }
    public TopologyView Topology { get; }
    /// <summary>The teaching session this run belongs to (its id), or null: only that session's instructor controls it.</summary>
    public string? Owner { get; }
    /// <summary>A session run's narration and checkpoints; null for a plain run.</summary>
    public RunNarration? Narration { get; }
    /// <summary>What the run was started from (scenario text, seed, injects, what-ifs): a what-if forks from it.</summary>
    public ScenarioBundle? Bundle { get; init; }
    /// <summary>A plain run's owner token (null for a session's run): only who holds it controls or ends the run.</summary>
    public string? OwnerToken { get; init; }
    /// <summary>The client address that started the run, for the per-client limits.</summary>
    public string Client { get; init; } = "?";
    /// <summary>The latest control call, or the latest instant someone was seen watching (<see cref="Touch"/>): idle expiry counts from it.</summary>
    public DateTimeOffset LastActive { get; private set; }
    /// <summary>Bumped whenever something a viewer sees changed; the pusher sends only when it moved.</summary>
    public long Version { get; private set; }

    /// <summary>The latest instant whose events are all computed (-1 before the first batch).</summary>
    private long Frontier => _finished ? Clock.UntilMs : _simMs - 1;

    /// <summary>Run <paramref name="read"/> under the run's lock: the log and clock are only touched this way.</summary>
    public T Read<T>(Func<WebRun, T> read)
    {
        lock (_gate) return read(this);
    }

    public void Control(Action<RunClock> change)
    {
        lock (_gate)
        {
            var seeks = Clock.Seeks;
            change(Clock);
            if (Clock.Seeks != seeks) Narration?.OnSeek(Clock.TargetMs, Frontier);
            LastActive = _time.GetUtcNow();
            Version++;
        }
    }

    /// <summary>Someone uses the run without changing it (a watcher joined, left or is still there): it is not idle.</summary>
    public void Touch()
    {
        lock (_gate) LastActive = _time.GetUtcNow();
    }

    /// <summary>A plain run, paused (or over) and not used for <paramref name="after"/>: a full host may end it for a new run.</summary>
    public bool IsIdle(TimeSpan after)
    {
        lock (_gate) return Owner is null && !Clock.Playing && _time.GetUtcNow() - LastActive >= after;
    }

    public RunStatus Status()
    {
        lock (_gate)
        {
            var frontier = Frontier;
            // Never ahead of what was released: a seek forward shows once the loop has released up to there.
            var ms = Math.Min(Clock.VisibleMs(frontier), Math.Max(Log.ReleasedMs, 0));
            var state = _error is not null ? "failed"
                : _finished && ms >= Clock.UntilMs ? "ended"
                : Clock.Playing ? (Clock.TargetMs > frontier && !double.IsPositiveInfinity(Clock.Speed) && Clock.TargetMs > ms ? "computing" : "playing")
                : "paused";
            return new RunStatus(Id, Scenario.Name, Scenario.Title, state, Clock.SpeedName, Clock.Playing, ms,
                SimClock.Format(Scenario.Start, ms), Clock.TargetMs, Math.Max(frontier, 0), Clock.UntilMs,
                Log.ReleasedCount, Log.ComputedCount, _releasedAtUnixMs, Version, _error);
        }
    }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    private async Task LoopAsync(CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var last = wall.Elapsed;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                bool compute;
                lock (_gate) compute = !_finished && Frontier < Clock.NeededMs();
                if (compute)
                {
                    var batch = await _driver.AdvanceAsync(PullBudget, PullMaxEvents, ct);
                    lock (_gate)
                    {
                        Log.AppendComputed(batch.Events);
                        _simMs = batch.SimMs;
                        _finished = batch.Finished;
                        Narration?.OnComputed(batch.SimMs, batch.Events, batch.Finished, Clock.UntilMs);
                    }
                }
                else await Task.Delay(Tick, ct);

                var now = wall.Elapsed;
                lock (_gate)
                {
                    // A checkpoint ahead holds the playhead at its instant, as the frontier does.
                    Clock.Tick(now - last, Math.Min(Frontier, Narration?.HoldMs() ?? long.MaxValue));
                    var before = (Log.ReleasedCount, Log.ReleasedMs);
                    Log.Release(Clock.VisibleMs(Frontier), Frontier);
                    if (Narration?.AfterRelease(Clock, Clock.VisibleMs(Frontier), Log.ReleasedMs) == true) Version++;
                    if (Log.ReleasedCount != before.ReleasedCount) _releasedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    if (Clock.Playing || before != (Log.ReleasedCount, Log.ReleasedMs) || compute) Version++;
                }
                last = now;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception ex)
        {
            lock (_gate) { _error = "the engine failed: " + ex.Message; Clock.Pause(); Version++; }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        try { await _driver.DisposeAsync(); } catch (Exception) { /* the silo may be stopping already */ }
        _stop.Dispose();
    }
}
