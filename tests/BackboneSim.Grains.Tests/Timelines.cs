using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Grains.Tests;

/// <summary>Runs a scenario and returns its --events text, the artefact whose bytes must not depend on the runtime.</summary>
public static class Timelines
{
    public static readonly string Facebook = RepoPaths.File("scenarios/facebook-2021-10-04.yaml");
    /// <summary>Exercises what the FB replay does not: BGP session teardown, control-plane failures and reboots.</summary>
    public static readonly string RouteLeak = RepoPaths.File("scenarios/ibgp-route-leak.yaml");
    /// <summary>Exercises the scenario watcher: a rollout's health check answered from the run's own state.</summary>
    public static readonly string SafeCanary = RepoPaths.File("scenarios/safe-canary-rollout.yaml");
    /// <summary>Exercises the base configuration (<c>config:</c>): each node builds its own start state from it.</summary>
    public static readonly string Template = RepoPaths.File("scenarios/template-your-network.yaml");

    public static async Task<string> InMemory(string scenarioPath, long? untilMs = null, long? seed = null)
    {
        var (scenario, _) = ScenarioBundle.FromDisk(scenarioPath, seed);
        var until = untilMs ?? scenario.DurationMs;
        await using var driver = InMemoryRun.Create(new SimulationFactory(scenario), until);
        return await Collect(driver, scenario, until);
    }

    public static async Task<string> OnCluster(IGrainFactory grains, string scenarioPath, long? untilMs = null, long? seed = null)
    {
        var (scenario, bundle) = ScenarioBundle.FromDisk(scenarioPath, seed);
        var until = untilMs ?? scenario.DurationMs;
        await using var driver = await OrleansRunDriver.StartAsync(grains, bundle, until);
        return await Collect(driver, scenario, until);
    }

    private static async Task<string> Collect(IRunDriver driver, ScenarioDefinition scenario, long until)
        => (await RunDigest.EventsTextAsync(driver, scenario.Start, until)).Text;
}
