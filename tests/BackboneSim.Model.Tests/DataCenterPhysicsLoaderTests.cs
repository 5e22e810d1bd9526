using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// What a topology declares about its data centers' restore physics reaches each data center: nothing declared is
/// nothing (no Facebook figures by default), the topology's parts apply to all, a data center's own parts replace them.
/// </summary>
public class DataCenterPhysicsLoaderTests
{
    private static IReadOnlyList<DataCenterSpec> DataCenters(string topology)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", topology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())).Topology.DataCenters;
    }

    [Fact]
    public void A_topology_that_declares_nothing_gives_its_data_centers_no_restore_physics()
    {
        Assert.All(DataCenters(TempScenario.SmallTopology), d => Assert.Same(DataCenterPhysics.None, d.Physics));
    }

    [Fact]
    public void The_topology_declares_for_all_and_a_data_center_replaces_the_parts_it_declares()
    {
        var topology = TempScenario.SmallTopology
            .Replace("- { name: dc1, lat: 44.3, lon: -120.8, region: na }",
                "- { name: dc1, lat: 44.3, lon: -120.8, region: na, physics: { power: { step_limit: 0.5 }, caches: { warm: 5m } } }")
            + "\ndatacenter_physics:\n  caches: { cold_capacity: 0.3 }\n  backends: { restart: 45m }\n";
        var dcs = DataCenters(topology).ToDictionary(d => d.Site);
        // dc1: its own caches (only warm given: the rest from the parameters, not from the topology's caches), its own
        // power, the topology's back ends.
        Assert.Equal(new CachePhysics(WarmMs: 300_000), dcs["dc1"].Physics.Caches);
        Assert.Equal(new PowerPhysics(StepLimit: 0.5), dcs["dc1"].Physics.Power);
        Assert.Equal(new BackendPhysics(RestartMs: 2_700_000), dcs["dc1"].Physics.Backends);
        // dc2: the topology's, and no power limit.
        Assert.Equal(new DataCenterPhysics(new CachePhysics(ColdCapacity: 0.3), new BackendPhysics(RestartMs: 2_700_000)), dcs["dc2"].Physics);
    }
}
