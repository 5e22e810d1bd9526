using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Tests;

/// <summary>Power, cache warmth and overload of a data center whose traffic stops and returns.</summary>
public class DataCenterTests
{
    private const int Dc = 5, Gateway = 2, Responders = 9;
    private static readonly ModelParameters P = new();
    private const long Hour = 3_600_000;

    private static (NodeHost Host, DataCenterModel Model) NewDataCenter()
    {
        var model = new DataCenterModel(new DataCenterSpec(Dc, "x-dc", "x", Gateway, 100), P);
        var host = new NodeHost(Dc, "x-dc", model, 1, DeterministicRandom.ForNode(1, "x-dc"));
        host.Start();
        return (host, model);
    }

    private static SimMessage Edge(long at, bool reachable, long seq) => new()
    {
        DeliverAt = at, From = Gateway, To = Dc, Seq = seq, Payload = new ReachabilityReport { DataCenterReachable = true, EdgeReachable = reachable },
    };

    private static SimMessage Plan(long at, long start, long ramp) => new()
    {
        DeliverAt = at, From = Responders, To = Dc, Seq = 1, Payload = new RestorePlan { StartAt = start, RampMs = ramp },
    };

    [Fact]
    public void Dark_data_center_draws_idle_power_and_an_unplanned_return_trips_it()
    {
        var (host, model) = NewDataCenter();
        Assert.Equal(100, model.PowerMw);
        var dark = host.Step(1_001, [Edge(1_000, false, 1)]);
        var lost = Assert.Single(dark.Events, e => e.Kind == "dc.traffic_lost");
        Assert.Equal(60, lost.Value); // 100 MW x 0.6 idle share
        // Five hours later every user comes back at once, to caches that went cold (warmth e^-10).
        var back = host.Step(5 * Hour + 1_002, [Edge(5 * Hour + 1_000, true, 2)]);
        var overload = Assert.Single(back.Events, e => e.Kind == "dc.overload");
        Assert.Equal(5 * Hour + 1_000, overload.Ms);
        Assert.Contains("\"capacity\":0.4", overload.DataJson); // 0.4 + 0.8 x 0.0000454
        Assert.True(model.Tripped);
        Assert.Equal(60, model.PowerMw);
        // After the 15 min cool-down it ramps back on its own over an hour, slowly enough not to trip again.
        var recovered = host.Step(8 * Hour, []);
        Assert.DoesNotContain(recovered.Events, e => e.Kind == "dc.overload");
        Assert.Contains(recovered.Events, e => e.Kind == "dc.restore_begins" && e.Ms == 5 * Hour + 1_000 + P.DcTripRecoveryMs);
        Assert.Equal(100, model.PowerMw);
    }

    [Fact]
    public void A_planned_ramp_slower_than_cache_warm_up_brings_it_back_without_a_trip()
    {
        var (host, model) = NewDataCenter();
        host.Step(1_001, [Edge(1_000, false, 1)]);
        host.Step(5 * Hour + 1, [Plan(5 * Hour, 5 * Hour + 60_000, 45 * 60_000)]);
        var r = host.Step(8 * Hour, [Edge(5 * Hour + 10_000, true, 2)]);
        Assert.DoesNotContain(r.Events, e => e.Kind == "dc.overload");
        Assert.Equal(5 * Hour + 60_000, Assert.Single(r.Events, e => e.Kind == "dc.restore_begins").Ms); // waits for its stage
        var full = r.Events.First(e => e.Kind == "dc.load" && e.Value >= 100);
        Assert.Equal(5 * Hour + 60_000 + 45 * 60_000, full.Ms); // full load exactly when the ramp ends
        Assert.Equal(100, model.PowerMw);
    }

    [Fact]
    public void A_ramp_faster_than_cache_warm_up_overloads_part_way()
    {
        var (host, _) = NewDataCenter();
        host.Step(1_001, [Edge(1_000, false, 1)]);
        host.Step(5 * Hour + 1, [Plan(5 * Hour, 5 * Hour, 10 * 60_000)]);
        var r = host.Step(8 * Hour, [Edge(5 * Hour + 10_000, true, 2)]);
        var overload = r.Events.First(e => e.Kind == "dc.overload");
        // By hand: admitted t/10 min against 0.4 + 0.8 x warmth, warmth lagging by 10 min: they cross near t = 5 min.
        Assert.InRange(overload.Ms - 5 * Hour, 4 * 60_000, 6 * 60_000);
        Assert.InRange(overload.Value, 0.4, 0.6);
    }
}
