using System.Collections.Concurrent;
using BackboneSim.Grains;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Silo;

namespace BackboneSim.Web.Runs;

/// <summary>The runs this host serves. A run stays until the host stops or it is ended; at most <see cref="MaxRuns"/> at once.</summary>
public sealed class RunRegistry(IGrainFactory grains, IServiceProvider services)
{
    public const int MaxRuns = 8;
    private readonly ConcurrentDictionary<string, WebRun> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _starting = new(1, 1);

    public IEnumerable<WebRun> All => _runs.Values;

    public WebRun? Find(string id) => _runs.GetValueOrDefault(id);

    /// <summary>Start a run paused at 0 (or playing when <paramref name="speed"/> is given).</summary>
    public async Task<WebRun> StartAsync(ScenarioDefinition scenario, ScenarioBundle bundle, long? untilMs, string? speed, CancellationToken ct)
    {
        await _starting.WaitAsync(ct);
        try
        {
            if (_runs.Count >= MaxRuns) throw new RunLimitException($"this host already has {MaxRuns} runs; end one first (DELETE /api/runs/ID)");
            var id = Guid.NewGuid().ToString("N");
            var until = Math.Min(untilMs ?? scenario.DurationMs, scenario.DurationMs);
            var driver = await OrleansRunDriver.StartAsync(grains, bundle, until, id);
            // With a co-hosted silo the run's grains loaded the expanded scenario into this process's RunCatalog
            // already: share it (read-only after construction) instead of expanding the topology a second time.
            var catalog = services.GetService<RunCatalog>();
            var factory = catalog is not null ? await catalog.GetAsync(id) : new SimulationFactory(scenario);
            var run = new WebRun(id, scenario, factory, driver, until);
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
