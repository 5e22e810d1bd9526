using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Analysis.Running;

/// <summary>The in-memory runtime for a scenario: every node model in one array, driven by the shared coordinator.</summary>
public static class InMemoryRun
{
    public static CoordinatorDriver Create(SimulationFactory factory, long? untilMs)
    {
        var scenario = factory.Scenario;
        var until = Math.Min(untilMs ?? scenario.DurationMs, scenario.DurationMs);
        var hosts = Enumerable.Range(0, factory.NodeCount).Select(factory.CreateHost).ToArray();
        return new CoordinatorDriver(sink => new SimulationCoordinator(factory.NodeNames, new InMemoryExecutor(hosts), scenario.LookaheadMs, until, sink, ScenarioWatcher.For(factory)));
    }
}
