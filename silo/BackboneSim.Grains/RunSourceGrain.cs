using BackboneSim.Abstractions;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Grains;

/// <summary>Keeps a run's scenario files; written once by the SimulationGrain, read by node grains.</summary>
public sealed class RunSourceGrain : Grain, IRunSourceGrain
{
    private ScenarioBundle? _bundle;

    public Task Set(ScenarioBundle bundle)
    {
        if (_bundle is not null) throw new InvalidOperationException($"run {this.GetPrimaryKeyString()} already has a scenario");
        _bundle = bundle;
        return Task.CompletedTask;
    }

    public Task<ScenarioBundle?> Get() => Task.FromResult(_bundle);
}
