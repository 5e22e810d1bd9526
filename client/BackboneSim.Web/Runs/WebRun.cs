using System.Diagnostics;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Web.Runs;

/// <summary>Where a run stands, as the API and the hub report it. OwnerToken: only in the answer that created the run, to its creator. ReleasedAt: wall clock (Unix ms) of the latest release, for latency figures. Version: grows with every change, so a client can drop a status older than one it has. Warnings: only in the answer to a what-if fork, what of the what-if may not go as written (null elsewhere, so left out).</summary>
public sealed record RunStatus(
    string Id, string Scenario, string Title, string State, string Speed, bool Playing,
    long Ms, string T, long TargetMs, long ComputedMs, long UntilMs, long Events, long ComputedEvents, long ReleasedAt, long Version, string? Error,
    string? OwnerToken = null, IReadOnlyList<string>? Warnings = null);

/// <summary>
/// One run of the web host: the engine (a SimulationGrain pulled through <see cref="IRunDriver"/>), its log and
/// its playhead. A loop computes a little ahead of the playhead, moves the playhead with the wall clock and
/// releases the events it passed; the <c>LivePusher</c> sends what was released to the browsers.
/// <para>
/// One writer, many readers: only the loop touches the clock, the log and the narration. After each step it
/// publishes an immutable <see cref="RunSnapshot"/> (<see cref="Snapshot"/>); every reader (the API, the hub, the
/// pushers, sessions, why-queries) reads the latest snapshot and takes no lock. Controls reach the loop through
/// <see cref="Control"/> (a queue the loop drains, also while the engine computes); <see cref="Touch"/> is an atomic
/// timestamp, not run state. Nothing outside the loop reads the engine: why-queries need only released events.
/// </para>
/// </summary>
public sealed class WebRun : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PullBudget = TimeSpan.FromMilliseconds(100);
    private const int PullMaxEvents = 5_000;

    private readonly IRunDriver _driver;
    private readonly CancellationTokenSource _stop = new();
    private readonly RunCommands _commands = new();
    private readonly TimeProvider _time;
    private Task _loop = Task.CompletedTask;
    private RunSnapshot _snapshot;
    private long _lastActiveTicks;

    // The loop's own state: written and read by the loop only (and the constructor, before the loop starts).
    private readonly RunClock _clock;
    private readonly RunLog _log;
    private readonly RunNarration? _narration;
    private long _simMs;
    private bool _finished;
    private string? _error;
    private long _releasedAtUnixMs;
    private long _version;
    private long _publishedVersion = -1;

    public WebRun(string id, ScenarioDefinition scenario, SimulationFactory factory, IRunDriver driver, long untilMs, string? owner = null,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _lastActiveTicks = _time.GetUtcNow().UtcTicks;
        Owner = owner;
        // Only a session's run follows its narration: a plain run never pauses at checkpoints.
        _narration = owner is not null ? new RunNarration(scenario) : null;
        Id = id;
        Scenario = scenario;
        Factory = factory;
        _driver = driver;
        _clock = new RunClock(untilMs);
        _log = new RunLog(factory);
        Topology = TopologyView.Build(scenario);
        _snapshot = Build();
    }

    public string Id { get; }
    public ScenarioDefinition Scenario { get; }
    public SimulationFactory Factory { get; }
    /// <summary>The run's end (ms from the start): fixed when it starts.</summary>
    public long UntilMs => _clock.UntilMs;
    public TopologyView Topology { get; }
    /// <summary>The teaching session this run belongs to (its id), or null: only that session's instructor controls it.</summary>
    public string? Owner { get; }
    /// <summary>What the run was started from (scenario text, seed, injects, what-ifs): a what-if forks from it.</summary>
    public ScenarioBundle? Bundle { get; init; }
    /// <summary>A plain run's owner token (null for a session's run): only who holds it controls or ends the run.</summary>
    public string? OwnerToken { get; init; }
    /// <summary>The client address that started the run, for the per-client limits.</summary>
    public string Client { get; init; } = "?";
    /// <summary>The latest control call, or the latest instant someone was seen watching (<see cref="Touch"/>): idle expiry counts from it.</summary>
    public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

    /// <summary>The latest snapshot the loop published: read it once and answer from it, so the answer is consistent.</summary>
    public RunSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public RunStatus Status() => Snapshot.Status;

    /// <summary>
    /// Change the playhead. The loop applies <paramref name="change"/>; the task completes once a snapshot shows it
    /// (or the run ended). Counts as activity from the moment it is asked.
    /// </summary>
    public Task Control(Action<RunClock> change)
    {
        Touch();
        return _commands.Post(change);
    }

    /// <summary>Someone uses the run without changing it (a watcher joined, left or is still there): it is not idle.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActiveTicks, _time.GetUtcNow().UtcTicks);

    /// <summary>A plain run, paused (or over) and not used for <paramref name="after"/>: a full host may end it for a new run.</summary>
    public bool IsIdle(TimeSpan after) => Owner is null && !Snapshot.Status.Playing && _time.GetUtcNow() - LastActive >= after;

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>The latest instant whose events are all computed (-1 before the first batch).</summary>
    private long Frontier => _finished ? _clock.UntilMs : _simMs - 1;

    private async Task LoopAsync(CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var last = wall.Elapsed;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                ApplyCommands();
                var compute = !_finished && Frontier < _clock.NeededMs();
                if (compute)
                {
                    var advance = _driver.AdvanceAsync(PullBudget, PullMaxEvents, ct);
                    // A control call never waits for the engine's batch: apply it while the engine computes.
                    while (!advance.IsCompleted)
                    {
                        await Task.WhenAny(advance, _commands.Arrived);
                        ApplyCommands();
                    }
                    var batch = await advance;
                    _log.AppendComputed(batch.Events);
                    _simMs = batch.SimMs;
                    _finished = batch.Finished;
                    _narration?.OnComputed(batch.SimMs, batch.Events, batch.Finished, _clock.UntilMs);
                }
                else await Task.WhenAny(Task.Delay(Tick, ct), _commands.Arrived); // a control wakes the loop early
                ct.ThrowIfCancellationRequested();
                ApplyCommands();

                var now = wall.Elapsed;
                // A checkpoint ahead holds the playhead at its instant, as the frontier does.
                _clock.Tick(now - last, Math.Min(Frontier, _narration?.HoldMs() ?? long.MaxValue));
                var before = (_log.ReleasedCount, _log.ReleasedMs);
                _log.Release(_clock.VisibleMs(Frontier), Frontier);
                if (_narration?.AfterRelease(_clock, _clock.VisibleMs(Frontier), _log.ReleasedMs) == true) _version++;
                if (_log.ReleasedCount != before.ReleasedCount) _releasedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                if (_clock.Playing || before != (_log.ReleasedCount, _log.ReleasedMs) || compute) _version++;
                Publish();
                last = now;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception ex)
        {
            _error = "the engine failed: " + ex.Message;
            _clock.Pause();
            _version++;
            Publish();
            // The engine is gone, but the run stays until it is ended: keep applying controls, as before it failed.
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await _commands.Arrived.WaitAsync(ct);
                    ApplyCommands();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        }
        finally { _commands.Close(); }
    }

    /// <summary>Apply the controls asked since the last look, publish, then answer their callers.</summary>
    private void ApplyCommands()
    {
        var commands = _commands.Take();
        if (commands.Count == 0) return;
        var applied = new List<TaskCompletionSource>(commands.Count);
        foreach (var (change, done) in commands)
        {
            var seeks = _clock.Seeks;
            try { change(_clock); }
            catch (Exception ex) { done.TrySetException(ex); continue; }
            if (_clock.Seeks != seeks) _narration?.OnSeek(_clock.TargetMs, Frontier);
            _version++;
            applied.Add(done);
        }
        Publish();
        foreach (var done in applied) done.TrySetResult();
    }

    /// <summary>
    /// Publish a new snapshot if anything a reader sees changed: every such change bumps the version, so an idle or
    /// paused run allocates nothing per tick.
    /// </summary>
    private void Publish()
    {
        if (_version == _publishedVersion) return;
        Volatile.Write(ref _snapshot, Build());
    }

    /// <summary>The snapshot of the loop's state now.</summary>
    private RunSnapshot Build()
    {
        var frontier = Frontier;
        // Never ahead of what was released: a seek forward shows once the loop has released up to there.
        var ms = Math.Min(_clock.VisibleMs(frontier), Math.Max(_log.ReleasedMs, 0));
        var state = _error is not null ? "failed"
            : _finished && ms >= _clock.UntilMs ? "ended"
            : _clock.Playing ? (_clock.TargetMs > frontier && !double.IsPositiveInfinity(_clock.Speed) && _clock.TargetMs > ms ? "computing" : "playing")
            : "paused";
        var status = new RunStatus(Id, Scenario.Name, Scenario.Title, state, _clock.SpeedName, _clock.Playing, ms,
            SimClock.Format(Scenario.Start, ms), _clock.TargetMs, Math.Max(frontier, 0), _clock.UntilMs,
            _log.ReleasedCount, _log.ComputedCount, _releasedAtUnixMs, _version, _error);
        _publishedVersion = _version;
        return new RunSnapshot(status, _log.View(), _narration?.Released(), _narration?.PausedAt(_clock));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        _commands.Close(); // also when the loop never started
        try { await _driver.DisposeAsync(); } catch (Exception) { /* the silo may be stopping already */ }
        _stop.Dispose();
    }
}
