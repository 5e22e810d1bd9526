using System.Collections.Concurrent;
using BackboneSim.Abstractions;
using BackboneSim.Model.Build;
using BackboneSim.Scenarios;

namespace BackboneSim.Grains;

/// <summary>
/// Per silo: the expanded scenario of each run that has nodes here, loaded once and shared by that silo's node
/// grains (expanding the topology per grain would cost the run's size for every node).
/// </summary>
public sealed class RunCatalog(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SimulationFactory>>> _runs = new(StringComparer.Ordinal);

    public async Task<SimulationFactory> GetAsync(string runId)
    {
        var entry = _runs.GetOrAdd(runId, id => new Lazy<Task<SimulationFactory>>(() => LoadAsync(id)));
        try
        {
            return await entry.Value;
        }
        catch
        {
            _runs.TryRemove(new KeyValuePair<string, Lazy<Task<SimulationFactory>>>(runId, entry)); // let a later call retry
            throw;
        }
    }

    public void Forget(string runId) => _runs.TryRemove(runId, out _);

    private async Task<SimulationFactory> LoadAsync(string runId)
    {
        var bundle = await grains.GetGrain<IRunSourceGrain>(runId).Get()
                     ?? throw new InvalidOperationException($"run {runId} has no scenario (was it started?)");
        return new SimulationFactory(bundle.Load());
    }
}
