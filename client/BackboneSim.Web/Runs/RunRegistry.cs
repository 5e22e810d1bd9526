using System.Collections.Concurrent;
using BackboneSim.Grains;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Silo;

namespace BackboneSim.Web.Runs;

/// <summary>
/// The runs this host serves. A run stays until it is ended or the host stops; at most <see cref="MaxRuns"/> at once.
/// When full, starting a run ends the run left alone longest if it is paused (or over) and untouched for
/// <see cref="IdleAfter"/>: an abandoned tab does not lock the host.
/// </summary>
public sealed class RunRegistry(IGrainFactory grains, IServiceProvider services)
{
    public const int MaxRuns = 8;
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, WebRun> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _starting = new(1, 1);

    public IEnumerable<WebRun> All => _runs.Values;

    public WebRun? Find(string id) => _runs.GetValueOrDefault(id);

    /// <summary>Start a run paused at 0 (or playing when <paramref name="speed"/> is given).</summary>
    public async Task<WebRun> StartAsync(ScenarioDefinition scenario, ScenarioBundle bundle, long? untilMs, string? speed, CancellationToken ct, string? owner = null)
    {
        await _starting.WaitAsync(ct);
        try
        {
            if (_runs.Count >= MaxRuns)
            {
                var idle = _runs.Values.Where(r => r.IsIdle(IdleAfter)).MinBy(r => r.LastTouchedUtc)
                           ?? throw new RunLimitException($"this host already has {MaxRuns} runs in use; end one first (DELETE /api/runs/ID)");
                await EndAsync(idle.Id);
            }
            var id = Guid.NewGuid().ToString("N");
            var until = Math.Min(untilMs ?? scenario.DurationMs, scenario.DurationMs);
            var driver = await OrleansRunDriver.StartAsync(grains, bundle, until, id);
            // With a co-hosted silo the run's grains loaded the expanded scenario into this process's RunCatalog
            // already: share it (read-only after construction) instead of expanding the topology a second time.
            var catalog = services.GetService<RunCatalog>();
            var factory = catalog is not null ? await catalog.GetAsync(id) : new SimulationFactory(scenario);
            var run = new WebRun(id, scenario, factory, driver, until, owner) { Bundle = bundle };
            if (speed is not null) run.Control(c => { c.SetSpeed(speed); c.Play(); });
            _runs[id] = run;
            run.Start();
            return run;
        }
        finally { _starting.Release(); }
    }

    public async Task<bool> EndAsync(string id)
    {
        if (!_runs.TryRemove(id, out var run)) return false;
        await run.DisposeAsync();
        return true;
    }

    public void StopAll()
    {
        foreach (var id in _runs.Keys.ToList()) EndAsync(id).GetAwaiter().GetResult();
    }
}

public sealed class RunLimitException(string message) : Exception(message);
