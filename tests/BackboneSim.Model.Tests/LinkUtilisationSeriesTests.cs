using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// link_utilisation_max is the busiest pair of routers as their latest link.utilisation reports say, at every row:
/// it used to be copied from the last backbone.traffic event, which is only emitted when the delivered total moves,
/// so the column could stay stale for hundreds of rows.
/// </summary>
public class LinkUtilisationSeriesTests
{
    private static LoggedEvent Link(long id, string routers, double utilisation) => new()
    {
        Id = id, Ms = id * 1_000, Kind = "link.utilisation", NodeName = "backbone", Subject = routers, Value = utilisation,
        Payload = new LinkUtilisation(routers, utilisation * 100, 100, utilisation),
    };

    [Fact]
    public void The_maximum_follows_each_pairs_latest_report()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var state = new RunState(new SimulationFactory(ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario()))));

        state.Apply(Link(1, "a~b", 0.5));
        state.Apply(Link(2, "c~d", 0.8));
        Assert.Equal(0.8, state.MaxLinkUtilisation);
        state.Apply(Link(3, "c~d", 0.3)); // the busiest pair calms down: the next busiest is the maximum
        Assert.Equal(0.5, state.MaxLinkUtilisation);
        // A total that does not mention links leaves the maximum as the links report it.
        state.Apply(new LoggedEvent { Id = 4, Ms = 4_000, Kind = "backbone.traffic", NodeName = "backbone", Payload = new BackboneTraffic(10, 2, 0.9) });
        Assert.Equal(0.5, state.MaxLinkUtilisation);
        state.Apply(Link(5, "a~b", 0));
        state.Apply(Link(6, "c~d", 0));
        Assert.Equal(0, state.MaxLinkUtilisation);
    }
}
