using BackboneSim.Abstractions;
using BackboneSim.Model.Scenario;
using Orleans.Placement;

namespace BackboneSim.Grains;

/// <summary>
/// Keeps a run's scenario files; written by the SimulationGrain, read by node grains. Placed on the silo of its
/// first caller, the SimulationGrain, so it is lost only together with the coordinator (and then the client
/// restarts the run anyway); the SimulationGrain sets it again before rebuilding lost nodes all the same.
/// </summary>
[PreferLocalPlacement]
public sealed class RunSourceGrain : Grain, IRunSourceGrain
{
    private ScenarioBundle? _bundle;

    // Two runs never share an id (a SimulationGrain refuses a second Start), so a second Set is the same scenario.
    public Task Set(ScenarioBundle bundle)
    {
        _bundle ??= bundle;
        return Task.CompletedTask;
    }

    public Task<ScenarioBundle?> Get() => Task.FromResult(_bundle);
}
