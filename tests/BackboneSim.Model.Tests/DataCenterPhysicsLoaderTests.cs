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

    [Fact]
    public void A_region_limit_reaches_the_data_centers_of_that_region_with_their_peers_and_an_unknown_region_is_an_error()
    {
        var topology = TempScenario.SmallTopology.Replace("- { name: dc2, lat: 53.4, lon: -6.4, region: eu }",
            "- { name: dc2, lat: 53.4, lon: -6.4, region: eu }\n  - { name: dc3, lat: 52.4, lon: -6.4, region: eu, power_mw: 30 }")
            + "\ndatacenter_physics:\n  regions: { eu: { step_limit_mw: 50, settle: 2m } }\n";
        var dcs = DataCenters(topology).ToDictionary(d => d.Site);
        Assert.Null(dcs["dc1"].RegionPower);
        Assert.Same(DataCenterPhysics.None, dcs["dc2"].Physics);
        var (two, three) = (dcs["dc2"].RegionPower!, dcs["dc3"].RegionPower!);
        Assert.Equal(("eu", 50.0, (long?)120_000), (two.Region, two.StepLimitMw, two.SettleMs));
        Assert.Equal([(dcs["dc3"].Node, 30.0)], two.Peers);
        Assert.Equal([(dcs["dc2"].Node, 60.0)], three.Peers);

        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + "\ndatacenter_physics:\n  regions: { ap: { step_limit_mw: 50 } }\n");
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        Assert.Contains(ex.Errors, e => e.Message.Contains("unknown field 'ap'"));
    }
}
