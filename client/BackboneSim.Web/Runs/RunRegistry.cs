using System.Collections.Concurrent;
using BackboneSim.Analysis.Running;
using BackboneSim.Grains;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Web.Hosting;
using BackboneSim.Web.Live;
using BackboneSim.Web.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace BackboneSim.Web.Runs;

/// <summary>
/// The runs this host serves, within <see cref="HostLimits"/>: at most MaxRuns in all (a session's run among them) and
/// RunsPerClient plain runs per client address. A run stays until it is ended, it has been idle (no control call, no
/// watcher) for the idle expiry (<see cref="IdleExpiry"/> ends it), or the host stops. When the host is full, starting
/// a run ends the plain run left alone longest if it is paused (or over), nobody watches it and it has not been used
/// for <see cref="IdleAfter"/>: an abandoned tab does not lock the host, and a run someone watches is never taken.
/// </summary>
public sealed class RunRegistry(IRunRuntime runtime, IServiceProvider services, HostLimits limits, RunViewers viewers, [FromKeyedServices(IdleExpiry.ClockKey)] TimeProvider time)
{
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, WebRun> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _starting = new(1, 1);

    public IEnumerable<WebRun> All => _runs.Values;

    public HostLimits Limits => limits;

    public WebRun? Find(string id) => _runs.GetValueOrDefault(id);

    /// <summary>When the run expires if nobody uses it from now on: a watched run is in use now.</summary>
    public DateTimeOffset ExpiresAt(WebRun run)
        => (viewers.Count(run.Id) > 0 ? time.GetUtcNow() : run.LastActive) + limits.IdleExpiry;

    /// <summary>
    /// Start a run paused at 0 (or playing when <paramref name="speed"/> is given). <paramref name="owner"/>: the
    /// teaching session whose run this is (null: a plain run, which gets an owner token and counts against
    /// <paramref name="client"/>'s limit). <paramref name="keep"/>: a run that must not be ended to make room (a fork's origin).
    /// </summary>
    public async Task<WebRun> StartAsync(ScenarioDefinition scenario, ScenarioBundle bundle, long? untilMs, string? speed, CancellationToken ct,
        string? owner = null, string client = "?", string? keep = null)
    {
        await _starting.WaitAsync(ct);
        try
        {
            if (owner is null)
            {
                var mine = _runs.Values.Where(r => r.Owner is null && r.Client == client).ToList();
                if (mine.Count >= limits.RunsPerClient)
                {
                    var frees = mine.Min(ExpiresAt);
                    throw new RunLimitException($"you already have {mine.Count} runs on this host (the limit per client is {limits.RunsPerClient}): " +
                        "end one with DELETE /api/runs/ID and its owner token." + RunLimitException.FreesText(frees, time), frees);
                }
            }
            if (_runs.Count >= limits.MaxRuns)
            {
                var idle = _runs.Values.Where(r => r.Id != keep && viewers.Count(r.Id) == 0 && r.IsIdle(IdleAfter)).MinBy(r => r.LastActive);
                if (idle is null)
                {
                    var frees = _runs.Values.Min(ExpiresAt);
                    throw new RunLimitException($"this host already has {_runs.Count} runs in use (its limit is {limits.MaxRuns}): " +
                        "end one of yours with DELETE /api/runs/ID and its owner token." + RunLimitException.FreesText(frees, time), frees);
                }
                await EndAsync(idle.Id);
            }
            var id = Guid.NewGuid().ToString("N");
            var until = Math.Min(untilMs ?? scenario.DurationMs, scenario.DurationMs);
            var driver = await runtime.StartAsync(new RunRequest(scenario, bundle) { UntilMs = until, RunId = id }, ct);
            // With a co-hosted silo the run's grains loaded the expanded scenario into this process's RunCatalog
            // already: share it (read-only after construction) instead of expanding the topology a second time.
            var catalog = services.GetService<RunCatalog>();
            var factory = catalog is not null ? await catalog.GetAsync(id) : new SimulationFactory(scenario);
            var run = new WebRun(id, scenario, factory, driver, until, owner, time)
            {
                Bundle = bundle, Client = client, OwnerToken = owner is null ? SessionSecrets.NewSecret() : null,
            };
            // Queued before the loop starts, applied by its first step: the answer shows the run playing.
            var playing = speed is null ? Task.CompletedTask : run.Control(c => { c.SetSpeed(speed); c.Play(); });
            _runs[id] = run;
            run.Start();
            await playing;
            return run;
        }
        finally { _starting.Release(); }
    }

    /// <summary>Whether <paramref name="token"/> is the run's owner token (compared in constant time).</summary>
    public static bool IsOwner(WebRun run, string? token)
        => run.OwnerToken is { } expected && !string.IsNullOrEmpty(token) && SessionSecrets.SameSecret(token, expected);

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
