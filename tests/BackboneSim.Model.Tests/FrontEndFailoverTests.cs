using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The front-ends' health checks of the data centers and the failover policies (<see cref="DataCenterBalancer"/>,
/// <see cref="PeriodicHealthCheck"/>), on the small generated network: two data centers of 60 MW, 1,000,000 users in
/// each of eu and na, one service. dc1 loses power at 60 000 (its cohorts hear at 60 020): the third failed check,
/// 2 s apart from the start of the run, is at 66 000.
/// </summary>
public class FrontEndFailoverTests
{
    /// <summary>The service spreads every cohort's users over both data centers by size (placement: global), half each.</summary>
    private static async Task<(List<LoggedEvent> Events, SimulationFactory Factory)> RunDark(string failover, string parameters = "")
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + $$"""

            services:
              - { name: example.com, ttl: 300s, failover: {{failover}}, placement: global }
            users: { eu: 1000000, na: 1000000 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: blackout
                fail: { site: dc1 }
            """, parameters).Replace("duration: 1h", "duration: 20m")));
        return await RingNetwork.RunAsync(scenario);
    }

    private static double AvailabilityAt(List<LoggedEvent> events, SimulationFactory factory, long ms)
    {
        var state = new RunState(factory);
        foreach (var e in events.Where(e => e.Ms <= ms)) state.Apply(e);
        return state.ServiceAvailability("example.com");
    }

    [Fact]
    public async Task Weighted_failover_sends_every_user_to_the_survivor_which_overloads_and_trips()
    {
        var (events, factory) = await RunDark("weighted");
        // Each cohort moves its 500,000 users of dc1 to dc2 (which normally serves 1,000,000). The first cohort's news
        // reaches dc2 at 66 010 (a lookahead after the checks): 1 + 500,000 / 1,000,000 = 1.5 times its normal load is
        // more than its warm capacity 1.2, so it trips before the second cohort's users arrive.
        Assert.Equal([66_000L, 66_000L], events.Where(e => e.Kind == "frontend.failover" && e.Value == 500_000).Select(e => e.Ms));
        var trip = Assert.Single(events, e => e.Kind == "dc.overload");
        Assert.Equal((66_010L, "dc2-dc", 1.5), (trip.Ms, trip.NodeName, trip.Value));
        // Then no data center is healthy: the front-ends fail open, send users where they normally go, and no one is served.
        Assert.Contains(events, e => e.Kind == "frontend.failover" && e.DataJson.Contains("\"down\":\"dc2\",\"up\":\"\",\"healthy\":0"));
        Assert.Equal(0, AvailabilityAt(events, factory, 120_000), 6);
    }

    [Fact]
    public async Task Pinned_users_stay_with_their_dark_data_center_and_nothing_moves()
    {
        var (events, factory) = await RunDark("pinned");
        Assert.DoesNotContain(events, e => e.Kind == "frontend.failover");
        Assert.Equal(0.5, AvailabilityAt(events, factory, 120_000), 6);
    }

    [Fact]
    public async Task Slower_checks_move_users_later_by_exactly_their_interval_and_fall_count()
    {
        // Checks every 5 s, down after 2: the first after 60 020 is at 65 000, the second at 70 000.
        var (events, factory) = await RunDark("headroom", "parameters: { front_end_check_interval: 5s, front_end_fall: 2 }");
        Assert.Equal([70_000L, 70_000L], events.Where(e => e.Kind == "frontend.failover").Select(e => e.Ms));
        Assert.Equal(0.5, AvailabilityAt(events, factory, 69_999), 6);
        Assert.Equal(0.6, AvailabilityAt(events, factory, 70_100), 6);
    }

    [Fact]
    public void A_check_flips_the_status_at_the_fall_th_failed_check_and_back_at_the_rise_th()
    {
        var check = new PeriodicHealthCheck(2_000, fall: 3, rise: 2);
        Assert.Equal(6_000, check.Observe(1_500, passing: false)); // checks at 2 000, 4 000, 6 000
        Assert.False(check.Check(4_000));
        Assert.True(check.Check(6_000));
        Assert.False(check.Healthy);
        // A change at a check's instant is seen by the next check: passes at 10 000 and 12 000.
        Assert.Equal(12_000, check.Observe(8_000, passing: true));
        Assert.False(check.Check(10_000));
        Assert.True(check.Check(12_000));
        Assert.True(check.Healthy);
    }

    [Fact]
    public void A_blip_between_two_checks_is_never_seen_but_one_a_check_saw_restarts_the_count()
    {
        var check = new PeriodicHealthCheck(2_000, fall: 3, rise: 2);
        Assert.Equal(6_000, check.Observe(1_500, passing: false));
        Assert.Equal(-1, check.Observe(2_500, passing: true));
        // Back to failing before the check at 4 000: that check never saw it pass, the count goes on.
        Assert.Equal(6_000, check.Observe(3_000, passing: false));
        Assert.Equal(-1, check.Observe(3_500, passing: true));
        // The check at 4 000 saw it pass: failing again at 4 500 counts from the check at 6 000.
        Assert.Equal(10_000, check.Observe(4_500, passing: false));
    }

    [Fact]
    public void Headroom_fills_the_healthy_data_centers_in_proportion_to_their_spare_capacity_and_turns_away_the_rest()
    {
        // Three data centers of 50, 30 and 20 MW; the first fails. 1,000 users of a service hosted in all three.
        var balancer = new DataCenterBalancer(new Dictionary<int, (string, double, string)> { [1] = ("a", 50, "eu"), [2] = ("b", 30, "eu"), [3] = ("c", 20, "eu") }, "eu");
        var service = new ServiceSpec("s", 300_000, 1, false, []);
        // The cohort's part of each data center's spare capacity (here it is the only cohort): its spare share of the
        // users normally there.
        var spare = new Dictionary<int, double> { [1] = 0.2, [2] = 0.5, [3] = 1.0 };
        var normal = new Dictionary<int, double> { [1] = 500, [2] = 300, [3] = 200 };
        var a = balancer.Assign([(service, 1_000)], dc => dc != 1, dc => spare[dc] * normal[dc]);
        // Room: b 0.5 x 300 = 150 users, c 1.0 x 200 = 200 users; 500 displaced, 350 placed, 150 turned away.
        Assert.Equal(150, a.Moved[2], 9);
        Assert.Equal(200, a.Moved[3], 9);
        Assert.Equal(150, a.TurnedAway, 9);
        var split = a.Services["s"];
        Assert.Equal((0.0, 0.45, 0.4), (split.Shares[1], Math.Round(split.Shares[2], 9), Math.Round(split.Shares[3], 9)));
        // Weighted ignores the spare: 500 users split 30 : 20.
        var weighted = balancer.Assign([(service with { Failover = FailoverPolicy.Weighted }, 1_000)], dc => dc != 1, dc => spare[dc] * normal[dc]);
        Assert.Equal((300.0, 200.0, 0.0), (Math.Round(weighted.Moved[2], 9), Math.Round(weighted.Moved[3], 9), weighted.TurnedAway));
    }

    [Fact]
    public void Two_services_share_one_data_centers_headroom_in_list_order()
    {
        var balancer = new DataCenterBalancer(new Dictionary<int, (string, double, string)> { [1] = ("a", 10, "eu"), [2] = ("b", 10, "eu") }, "eu");
        var first = new ServiceSpec("first", 300_000, 1, false, []);
        var second = new ServiceSpec("second", 300_000, 1, false, []);
        // b's room: 0.2 x (500 + 500) = 200 users; the first service's 500 displaced users take all of it.
        var a = balancer.Assign([(first, 1_000), (second, 1_000)], dc => dc == 2, _ => 0.2 * 1_000);
        Assert.Equal(200, a.Moved[2], 9);
        Assert.Equal((300.0, 500.0), (Math.Round(a.Services["first"].TurnedAway * 1_000, 9), Math.Round(a.Services["second"].TurnedAway * 1_000, 9)));
    }
}
