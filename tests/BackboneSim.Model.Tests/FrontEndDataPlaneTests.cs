using System.Text.Json;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The front-ends' traffic follows the data centers their users are assigned to, and their health checks of the data
/// centers are probes over the data plane (<see cref="BackboneSim.Model.Nodes.FrontEndProbes"/>). The small generated
/// network: dc1 (na) and dc2 (eu) of 60 MW, 1,000,000 users in each of na and eu, 0.9 Gb/s of front-end traffic each.
/// </summary>
public class FrontEndDataPlaneTests
{
    private static async Task<(List<LoggedEvent> Events, SimulationFactory Factory)> Run(string placement, string timeline)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + $$"""

            services:
              - { name: example.com, ttl: 300s, placement: {{placement}} }
            users: { eu: 1000000, na: 1000000 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline).Replace("duration: 1h", "duration: 3m")));
        return await RingNetwork.RunAsync(scenario);
    }

    private static (long Ms, long Id, double Delivered, int Flows, double NoRoute, double Filtered, string? LostAt) Traffic(LoggedEvent e)
    {
        using var json = JsonDocument.Parse(e.DataJson);
        var r = json.RootElement;
        return (e.Ms, e.Id, r.GetProperty("delivered_gbps").GetDouble(), r.GetProperty("flows").GetInt32(), r.GetProperty("lost_no_route_gbps").GetDouble(),
            r.GetProperty("lost_filtered_gbps").GetDouble(), r.GetProperty("most_lost_at").GetString());
    }

    [Fact]
    public async Task A_filter_that_drops_data_into_a_data_center_fails_the_front_ends_checks_and_moves_its_users_though_it_still_serves()
    {
        // Both cohorts spread their users over both data centers (global): 4 flows, one per gateway and data center.
        // dc1's border router gets a filter that discards the data arriving on every interface. dc1 itself is fine,
        // and the IGP and BGP see nothing; only packets stop arriving.
        var (events, factory) = await Run("global", """
              - at: "+1m"
                name: bad-filter
                push:
                  targets: { name: dc1-dr1 }
                  change:
                    - acl: { match: "*", data: deny }
            """);
        Assert.Equal((1.8, 4), (Traffic(events.First(e => e.Kind == "backbone.traffic")).Delivered, Traffic(events.First(e => e.Kind == "backbone.traffic")).Flows));
        var applied = events.First(e => e.Kind == "interface.acl").Ms;
        // The data plane hears of the filter a hop (10 ms) later and carries the traffic a traffic_step (100 ms) after
        // that: the half sent to dc1 (0.9 Gb/s) is filtered.
        var cut = Traffic(events.First(e => e.Kind == "backbone.traffic" && e.Ms > applied));
        Assert.Equal((applied + 110, 0.9, 0.9, "dc1-dr1~dc1-bb1"), (cut.Ms, cut.Delivered, cut.Filtered, cut.LostAt));
        // Users feel it once it has lasted delivery_hold (1 s), a hop to the gateway and one to the cohort later: half
        // the users (those on dc1) fail.
        Assert.Equal(1, StateAt(events, factory, applied + 1_129).ServiceAvailability("example.com"), 6);
        Assert.Equal(0.5, StateAt(events, factory, applied + 1_130).ServiceAvailability("example.com"), 6);
        // The probes fail at the same step; the cohorts hear a hop later. The checks run every 2 s from the start: the
        // first after that counts one failure, the third marks dc1 down and the front-ends move what fits into dc2's
        // headroom (20 % of its 1,000,000 users, half of it each), explained by the data plane's step.
        var heard = applied + 120;
        var third = (heard / 2_000 + 1) * 2_000 + 4_000;
        var failovers = events.Where(e => e.Kind == "frontend.failover").ToList();
        Assert.Equal(2, failovers.Count);
        Assert.All(failovers, f => Assert.Equal((third, 100_000.0, cut.Id), (f.Ms, f.Value, f.Cause)));
        Assert.DoesNotContain(events, e => e.Kind.StartsWith("igp.") || e.Kind.StartsWith("bgp.") || e.Kind == "dc.overload");
        // Then nothing is sent into the filter: the flows to dc1 stop, and 60 % of the users are served.
        var after = Traffic(events.Last(e => e.Kind == "backbone.traffic"));
        Assert.Equal((2, 0.0), (after.Flows, after.Filtered));
        Assert.Equal(0.6, StateAt(events, factory, third + 100).ServiceAvailability("example.com"), 6);
    }

    [Fact]
    public async Task Each_region_s_traffic_goes_to_its_own_data_center_so_a_dark_one_loses_only_its_region_s_traffic()
    {
        // region placement (the default): na's users go to dc1 and eu's to dc2, one flow each.
        var (events, factory) = await Run("region", """
              - at: "+1m"
                name: blackout
                fail: { site: dc1 }
            """);
        var traffic = events.Where(e => e.Kind == "backbone.traffic").Select(Traffic).ToList();
        Assert.Equal((1.8, 2), (traffic[0].Delivered, traffic[0].Flows));
        // dc1 goes dark at 60 010: na's 0.9 Gb/s finds no route at dc1's backbone router once its line cards notice
        // (the step at 60 120); eu's 0.9 still arrives.
        var dark = traffic.First(x => x.Ms > 60_000);
        Assert.Equal((60_120L, 0.9, 0.9, "dc1-bb1"), (dark.Ms, dark.Delivered, dark.NoRoute, dark.LostAt));
        // At 66 000 the na front-ends move 100,000 users into dc2's headroom: their traffic (0.09 Gb/s) now goes to dc2.
        var moved = traffic.Last();
        Assert.Equal((66_120L, 1.0, 0.0), (moved.Ms, moved.Delivered, moved.NoRoute));
        Assert.Equal(0.55, StateAt(events, factory, 70_000).ServiceAvailability("example.com"), 6);
    }

    private static RunState StateAt(List<LoggedEvent> events, SimulationFactory factory, long ms)
    {
        var state = new RunState(factory);
        foreach (var e in events.Where(e => e.Ms <= ms)) state.Apply(e);
        return state;
    }
}
