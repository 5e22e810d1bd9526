using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Scenarios;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Failures and surges read from scenario files and run on the small generated network, with users: one service
/// (example.com, TTL 300 s), 1,000,000 users in each of eu (as3320) and na (as7922), both data centers at 60 MW.
/// Defaults: lookahead 10 ms (a failure reaches its nodes 10 ms after the action), active share 1.5 %,
/// 3 Mb/s per active user, 2 % of it over the backbone; so each cohort asks 1,000,000 x 0.015 / 300 s = 50
/// queries/s and sends 0.9 Gb/s.
/// </summary>
public class FailureScenarioTests
{
    private const string Users = """

        services:
          - { name: example.com, ttl: 300s }
        users: { eu: 1000000, na: 1000000 }
        """;

    private static async Task<(List<LoggedEvent> Events, SimulationFactory Factory)> Run(string timeline, string duration = "1h",
        string topology = TempScenario.SmallTopology, string extra = "")
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", topology + Users);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline, extra).Replace("duration: 1h", $"duration: {duration}")));
        return await RingNetwork.RunAsync(scenario);
    }

    private static RunState StateAt(List<LoggedEvent> events, SimulationFactory factory, long ms)
    {
        var state = new RunState(factory);
        foreach (var e in events.Where(e => e.Ms <= ms)) state.Apply(e);
        return state;
    }

    [Fact]
    public async Task A_surge_multiplies_queries_traffic_and_data_center_demand_for_its_duration()
    {
        var (events, factory) = await Run("""
              - at: "+1m"
                name: rush
                surge: { service: example.com, factor: 3, region: eu, for: 10m }
            """);
        var started = Assert.Single(events, e => e.Kind == "traffic.surge_started");
        Assert.Equal((60_000L, 3.0), (started.Ms, started.Value));
        var before = StateAt(events, factory, 59_000);
        Assert.Equal((50.0, 50.0), (before.ValueOf("resolver_queries_per_s:as3320-resolvers"), before.ValueOf("resolver_queries_per_s:as7922-resolvers")));
        Assert.Equal(1.8, before.BackboneTrafficGbps, 6);
        // The eu cohort hears of it at 60 010 and its resolvers 50 ms later; the backbone adds flows up once a second.
        var load = events.First(e => e.Kind == "resolver.load" && e.Ms > 60_000);
        Assert.Equal((60_060L, "as3320-resolvers"), (load.Ms, load.NodeName));
        Assert.Equal(started.Id, load.Cause);
        var during = StateAt(events, factory, 70_000);
        Assert.Equal((150.0, 50.0), (during.ValueOf("resolver_queries_per_s:as3320-resolvers"), during.ValueOf("resolver_queries_per_s:as7922-resolvers")));
        Assert.Equal(0.9 * 3 + 0.9, during.BackboneTrafficGbps, 6);
        // Each data center is offered 1 + 1,000,000 x (3 - 1) / 2,000,000 = 2 times its normal load: more than its
        // warm capacity (1.2), so both trip.
        var trips = events.Where(e => e.Kind == "dc.overload").ToList();
        Assert.Equal(2, trips.Count);
        Assert.All(trips, e => Assert.Equal((60_020L, 2.0), (e.Ms, e.Value)));
        // It ends after for: 10m, caused by its start.
        var ended = Assert.Single(events, e => e.Kind == "traffic.surge_ended");
        Assert.Equal((660_000L, started.Id), (ended.Ms, ended.Cause));
        var after = StateAt(events, factory, 670_000);
        Assert.Equal((50.0, 1.8), (after.ValueOf("resolver_queries_per_s:as3320-resolvers"), Math.Round(after.BackboneTrafficGbps, 6)));
    }

    [Fact]
    public async Task A_ramped_surge_within_capacity_raises_data_center_load_and_power()
    {
        var (events, factory) = await Run("""
              - at: "+1m"
                name: rush
                surge: { service: "*", factor: 1.1, for: 10m, ramp: 1m }
            """);
        // Ten steps of 6 s: full factor at 120 000, heard at 120 010, at the resolvers at 120 060.
        Assert.Equal(50.0, StateAt(events, factory, 60_000).ResolverQueriesPerSecond / 2);
        Assert.Equal(55.0 * 2, StateAt(events, factory, 120_060).ResolverQueriesPerSecond, 6);
        Assert.True(StateAt(events, factory, 120_059).ResolverQueriesPerSecond < 110);
        // Every data center carries 1.1 times its normal load: 60 MW x (0.6 + 0.4 x 1.1) = 62.4 MW. No trip.
        Assert.DoesNotContain(events, e => e.Kind == "dc.overload");
        var during = StateAt(events, factory, 300_000);
        Assert.Equal((62.4, 62.4), (during.ValueOf("dc_power_mw:dc1-dc"), during.ValueOf("dc_power_mw:dc2-dc")));
        Assert.Equal(60.0, StateAt(events, factory, 700_000).ValueOf("dc_power_mw:dc1-dc"));
    }

    [Fact]
    public async Task A_data_center_without_power_draws_nothing_and_comes_back_cold()
    {
        // The topology declares caches (at the parameters' figures), so a return from cold can overload them.
        var (events, factory) = await Run("""
              - at: "+1m"
                name: blackout
                fail: { site: dc1 }
              - at: "+11m"
                recover: { failure: blackout }
            """, duration: "2h", topology: TempScenario.SmallTopology + "\ndatacenter_physics: { caches: {} }\n");
        var site = Assert.Single(events, e => e.Kind == "site.power_lost");
        Assert.Equal((60_000L, "dc1"), (site.Ms, site.Subject));
        var dark = Assert.Single(events, e => e.Kind == "dc.power_lost");
        Assert.Equal((60_010L, "dc1-dc", site.Id), (dark.Ms, dark.NodeName, dark.Cause));
        Assert.Equal(2, events.Count(e => e.Kind == "router.crashed" && e.Ms == 60_010)); // dc1-bb1 and dc1-dr1
        // Until the front-ends' checks mark dc1 down, half the users (na's, whose region's data center is dc1) fail.
        Assert.Equal(0.5, StateAt(events, factory, 65_999).ServiceAvailability("example.com"), 6);
        // dc1 tells the cohorts at 60 020; the first check after that is at 62 000 (every 2 s from the start), the
        // third failed one at 66 000. The na cohort then moves its 1,000,000 users of dc1 into dc2's spare capacity,
        // in another region: its part of it is 20 % (warm capacity 1.2) of the 1,000,000 users dc2 normally serves,
        // times its half of all users, so 100,000 move and 900,000 are turned away. The eu cohort's checks mark dc1 down
        // too, but it had no one there.
        var failovers = events.Where(e => e.Kind == "frontend.failover").ToList();
        Assert.Equal(2, failovers.Count(e => e.Ms == 66_000));
        Assert.Contains(failovers, e => e.NodeName == "as3320-users" && e.Value == 0);
        var failover = Assert.Single(failovers, e => e.Ms == 66_000 && e.Value > 0);
        Assert.Equal((100_000.0, dark.Id, "as7922-users"), (failover.Value, failover.Cause, failover.NodeName));
        Assert.Contains("\"down\":\"dc1\",\"up\":\"\",\"healthy\":1,\"data_centers\":2,\"moved_users\":100000,\"turned_away_users\":900000", failover.DataJson);
        var state = StateAt(events, factory, 120_000);
        // dc2 now carries 1.1 times its normal load: 60 MW x (0.6 idle + 0.4 x 1.1).
        Assert.Equal((0.0, 62.4), (state.ValueOf("dc_power_mw:dc1-dc"), Math.Round(state.ValueOf("dc_power_mw:dc2-dc"), 6)));
        Assert.DoesNotContain(events, e => e.Kind == "dc.overload" && e.Ms < 600_000);
        Assert.Equal(2, state.RoutersControlPlaneDown);
        // eu's half is served by dc2 as before, and a tenth of na's half by its headroom: 0.5 + 0.05.
        Assert.Equal(0.55, state.ServiceAvailability("example.com"), 6);
        // Power back at 660 000: idle draw at once; the routers take 10 minutes; the border router's SPF then
        // reaches an edge router again and traffic returns all at once to empty caches: capacity 0.4, it trips.
        var back = Assert.Single(events, e => e.Kind == "dc.power_restored");
        Assert.Equal((660_010L, 36.0), (back.Ms, back.Value));
        Assert.Equal(36.0, StateAt(events, factory, 700_000).ValueOf("dc_power_mw:dc1-dc"));
        Assert.Equal([1_260_010L, 1_260_010L], events.Where(e => e.Kind == "router.control_plane_recovered").Select(e => e.Ms));
        var begins = events.First(e => e.Kind == "dc.restore_begins");
        Assert.InRange(begins.Ms, 1_270_010, 1_280_000); // after the adjacencies form (about a hello interval)
        Assert.Contains("\"cache_warmth\":0}", begins.DataJson);
        var trip = Assert.Single(events, e => e.Kind == "dc.overload");
        Assert.Equal((begins.Ms, 1.0), (trip.Ms, trip.Value));
        Assert.Contains("\"capacity\":0.4,", trip.DataJson);
        // After the 15-minute cool-down it ramps back on its own over an hour.
        var auto = events.Last(e => e.Kind == "dc.restore_begins");
        Assert.Equal((trip.Ms + 900_000, true), (auto.Ms, auto.DataJson.Contains("\"ramp_ms\":3600000")));
    }

    [Fact]
    public async Task Responders_recover_a_dark_data_center_with_a_staged_restore_that_keeps_it_up()
    {
        // dc1 is dark, but the PoPs still reach dc2: the responders get in over the VPN (5 min), diagnose (1 min)
        // and restore power at 60 000 + 10 + 360 000; dc1 ramps back over an hour from cold without tripping.
        var (events, factory) = await Run("""
              - at: "+1m"
                name: blackout
                fail: { site: dc1 }
              - at: "+1m"
                respond: { recover: blackout, restore: { ramp: 1h } }
            """, duration: "4h", extra: "responders: { diagnose: 1m }");
        var recovered = Assert.Single(events, e => e.Kind == "responders.recover");
        Assert.Equal(60_010 + 300_000 + 60_000, recovered.Ms);
        Assert.Equal(recovered.Ms + 10, Assert.Single(events, e => e.Kind == "site.power_restored").Ms);
        Assert.Equal(recovered.Ms + 20, Assert.Single(events, e => e.Kind == "dc.power_restored").Ms);
        var begins = Assert.Single(events, e => e.Kind == "dc.restore_begins" && e.NodeName == "dc1-dc");
        Assert.Contains("\"ramp_ms\":3600000", begins.DataJson);
        Assert.DoesNotContain(events, e => e.Kind == "dc.overload");
        Assert.Equal(60.0, StateAt(events, factory, 4 * 3_600_000).ValueOf("dc_power_mw:dc1-dc"));
    }

    [Fact]
    public async Task Power_lost_at_every_PoP_takes_the_DNS_servers_and_their_anycast_routes_away_until_it_returns()
    {
        var (events, factory) = await Run("""
              - at: "+1m"
                name: blackout
                fail: { site: "p*", for: 5m }
            """);
        Assert.Equal(2, events.Count(e => e.Kind == "site.power_lost"));
        var down = events.Where(e => e.Kind == "dns.server_down").ToList();
        Assert.Equal(2, down.Count);
        // Each server withdraws at once, caused by its own power loss.
        var withdrawals = events.Where(e => e.Kind == "dns.withdraw").ToList();
        Assert.Equal(down.Select(e => (e.Ms, e.Id)), withdrawals.Select(e => (e.Ms, e.Cause!.Value)));
        Assert.Equal(0, StateAt(events, factory, 61_000).DnsAnnouncing);
        // Every edge router is dark: its external peers lose the session after 1 ms + 150 ms, and the DNS prefix
        // is gone from every AS.
        var asDown = events.Where(e => e.Kind == "bgp.session_down" && e.NodeName.StartsWith("as", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(asDown);
        Assert.All(asDown, e => Assert.Equal(60_161, e.Ms));
        Assert.All(asDown, e => Assert.Contains("lost carrier", e.DataJson));
        Assert.Equal(0, StateAt(events, factory, 62_000).Visibility("192.0.2.0/24"));
        // for: 5m: power returns at 360 000; servers boot withdrawn; routers are back 10 minutes later; then the
        // health checks pass and the servers announce again: the adjacencies form a hello interval after the light,
        // the neighbours' new LSAs are discarded for MinLSArrival and arrive a retransmit interval (5 s) later, and
        // the rise takes three checks 10 s apart from a random phase.
        Assert.All(events.Where(e => e.Kind == "dns.server_up"), e => Assert.Equal(360_010, e.Ms));
        Assert.All(events.Where(e => e.Kind == "router.control_plane_recovered"), e => Assert.Equal(960_010, e.Ms));
        var announce = events.Where(e => e.Kind == "dns.announce").ToList();
        Assert.Equal(2, announce.Count);
        Assert.All(announce, e => Assert.InRange(e.Ms, 960_010, 960_010 + 5_000 + 4 * 10_000));
        var end = StateAt(events, factory, 3_600_000);
        Assert.Equal((2, 1.0), (end.DnsAnnouncing, end.Visibility("192.0.2.0/24")));
    }

    [Fact]
    public async Task A_DNS_software_crash_withdraws_the_servers_but_leaves_their_sites_running()
    {
        var (events, factory) = await Run("""
              - at: "+1m"
                name: bad-release
                fail: { dns_servers: { site: p2 }, for: 5m }
            """);
        // Only p2's server goes down, a lookahead after the action, and withdraws at once, caused by its crash.
        var down = Assert.Single(events, e => e.Kind == "dns.server_down");
        Assert.Equal((60_010L, "p2-dns1"), (down.Ms, down.NodeName));
        Assert.Contains("\"reason\":\"software crash\"", down.DataJson);
        var withdraw = Assert.Single(events, e => e.Kind == "dns.withdraw" && e.Ms < 360_000);
        Assert.Equal((60_010L, down.Id), (withdraw.Ms, withdraw.Cause!.Value));
        // The site keeps running: no router crashes, no power event, no session goes down.
        Assert.DoesNotContain(events, e => e.Kind is "router.crashed" or "site.power_lost" or "bgp.session_down");
        var during = StateAt(events, factory, 120_000);
        Assert.Equal(1, during.DnsAnnouncing);
        Assert.Equal(1.0, during.Visibility("192.0.2.0/24")); // p1's server still announces the anycast prefix
        // for: 5m: the software is back at 360 010 and announces again once its health check has passed the
        // recovery threshold (within a few check intervals).
        var up = Assert.Single(events, e => e.Kind == "dns.server_up");
        Assert.Equal((360_010L, "p2-dns1"), (up.Ms, up.NodeName));
        var announce = Assert.Single(events, e => e.Kind == "dns.announce");
        Assert.InRange(announce.Ms, 360_010, 360_010 + 4 * 10_000);
        Assert.Equal(2, StateAt(events, factory, 3_600_000).DnsAnnouncing);
    }

    [Fact]
    public void A_DNS_server_failure_must_select_DNS_servers()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + Users);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: wrong
                fail: { dns_servers: { role: edge } }
              - at: "+2m"
                name: also-wrong
                fail: { routers: { role: dns } }
            """));
        var errors = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path)).Errors.Select(e => e.Message).ToList();
        Assert.Contains("'dns_servers' selects DNS servers; a router fails with 'routers:' (a crash) or 'control_plane:'", errors);
        Assert.Contains("'routers' selects routers; for DNS servers write 'dns_servers:' (their software crashes) or 'site:' (their site loses power)", errors);
    }

    [Fact]
    public async Task A_cut_uplink_moves_the_PoPs_traffic_to_another_path_and_back_after_the_recovery()
    {
        // Backbone links of 10 Gb/s (uplinks 2.5 Gb/s) so that 0.9 Gb/s shows as utilisation. p1's traffic enters at
        // p1-er2 and takes its uplink to dc1-bb1.
        var topology = TempScenario.SmallTopology.Replace("pop_uplinks: 2 }", "pop_uplinks: 2, backbone_capacity_gbps: 10 }");
        var (events, _) = await Run("""
              - at: "+1m"
                name: backhoe
                fail: { links: p1-er2~dc1-bb1 }
              - at: "+10m"
                recover: { failure: backhoe }
            """, topology: topology, extra: "parameters: { internal_tools_gbps: 0 }"); // only the users' traffic on the links
        LoggedEvent[] Utilisation(string pair) => events.Where(e => e.Kind == "link.utilisation" && e.Subject == pair).ToArray();
        // The first demand arrives at 20 ms; the data plane carries it one `traffic_step` (100 ms) later.
        Assert.Equal([(120L, 0.36)], Utilisation("dc1-bb1~p1-er2").Where(e => e.Ms < 60_000).Select(e => (e.Ms, e.Value)));
        var gone = Assert.Single(Utilisation("dc1-bb1~p1-er2"), e => e.Ms > 60_000 && e.Ms < 600_000);
        Assert.Equal(0, gone.Value);
        // The flow now leaves through p1-er1's uplink: some pair with p1-er1 carries it, and nothing is lost.
        Assert.Contains(events, e => e.Kind == "link.utilisation" && e.Subject!.Contains("p1-er1") && e.Value > 0 && e.Ms > 60_000 && e.Ms < 600_000);
        // Until p1-er2 reprograms, its traffic has nowhere to go: the line card sees the cut at 60 150
        // (carrier_loss_detect), local repair removes the entries through the link (the data plane hears it a
        // lookahead later, 60 160, and carries the traffic anew a traffic_step later, 60 260); its LSA goes out at
        // 60 200, its SPF runs at 60 400 and the batch of 2 entries is programmed 11 ms later (10 ms + 2 ÷ 10 000/s
        // rounded up to 1 ms), so p1's half is delivered again at 60 511.
        var traffic = events.Where(e => e.Kind == "backbone.traffic" && e.Ms > 60_000 && e.Ms < 600_000).Select(e => (e.Ms, e.Value)).ToArray();
        Assert.Equal([(60_260L, 0.9), (60_511L, 1.8)], traffic);
        Assert.Contains(events, e => e.Kind == "fib.local_repair" && e.Subject == "p1-er2" && e.Ms == 60_160);
        // The users do not feel a loss shorter than delivery_hold (1 s): no service drop.
        Assert.DoesNotContain(events, e => e.Kind == "service.availability" && e.Ms > 60_000 && e.Ms < 600_000 && e.Value < 1);
        // Spliced at 600 000: light back at 600 150 at both ends, whose first hellos cross the 21 ms link; the second
        // ones (610 150) list the far end: two-way at 610 171, full two round trips of 42 ms later (610 255); the
        // traffic returns to the uplink.
        Assert.Equal([610_255L, 610_255L], events.Where(e => e.Kind == "igp.adjacency_up").Select(e => e.Ms));
        var returned = Assert.Single(Utilisation("dc1-bb1~p1-er2"), e => e.Ms > 600_000);
        Assert.Equal(0.36, returned.Value);
        Assert.InRange(returned.Ms, 610_255, 612_000);
    }

    [Fact]
    public void Failure_recover_and_surge_actions_read_well()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + Users);
        var s = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: backhoe
                fail: { links: [dc1-bb1~h1-bb1, "p1-*"], for: 30m }
              - at: "+1m"
                name: crash
                fail: { routers: { name: "h2-bb?" } }
              - at: "+2m"
                name: job
                fail: { control_plane: { role: edge, site: p2 }, restart: false, for: 1h }
              - at: "+3m"
                name: blackout
                fail: { site: dc2 }
              - at: "+4m"
                recover: { failure: crash }
              - at: "+5m"
                respond: { recover: blackout, restore: { ramp: 45m, stagger: 3m } }
              - at: "+6m"
                surge: { service: example.com, factor: 2.5, region: na, for: 20m, ramp: 5m }
            """)));
        string[] what = s.Timeline.Select(a => a.Description).ToArray();
        Assert.Equal("cut 4 links (p1-er1~p1-er2, dc1-bb1~h1-bb1, p1-er1~h1-bb1 and 1 more): both ends lose carrier, recovering by itself after 30m00s", what[0]);
        Assert.Equal("crash 2 routers (h2-bb1, h2-bb2)", what[1]);
        Assert.Equal("lose the control-plane job on 2 routers (p2-er1, p2-er2), not restarting until recovered, recovering by itself after 1h00m00s", what[2]);
        Assert.Equal("power lost at site dc2: 2 routers, 0 DNS servers, 1 data center go dark", what[3]);
        Assert.Equal("recover from 'crash': the routers power on and reboot", what[4]);
        Assert.Equal("responders dispatched to recover from 'blackout', then restore each data center over 45m00s, 3m00s apart", what[5]);
        Assert.Equal("traffic surge x2.5 for example.com from users in na (1 client cohort), for 20m00s, building up over 5m00s", what[6]);
        Assert.Equal(["fail", "fail", "fail", "fail", "recover", "respond", "surge"], s.Timeline.Select(a => a.Key));
        Assert.Equal(1, Assert.IsType<RecoverAction>(s.Timeline[4]).Failure);
        Assert.Equal(3, Assert.IsType<RespondAction>(s.Timeline[5]).Undoes);
        Assert.Equal(3, s.Timeline[3].Targets.Count); // dc2-bb1, dc2-dr1, dc2-dc
    }

    [Fact]
    public void Bad_failures_recoveries_and_surges_are_errors_at_their_line()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + Users.Replace("ttl: 300s }", "ttl: 300s }\n  - { name: widget, third_party: true, depends_on: [example.com] }"));
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: cut
                fail: { links: dc1-bb1~h1-bb2 }
              - at: "+1m"
                fail: { links: ["zz*"] }
              - at: "+1m"
                fail: { site: dc3 }
              - at: "+1m"
                fail: { site: "x*" }
              - at: "+1m"
                fail: { routers: { role: dns } }
              - at: "+1m"
                fail: { site: dc1, restart: false }
              - at: "+1m"
                fail: { control_plane: { name: dc1-bb1 }, for: 5m }
              - at: "+1m"
                fail: { site: dc1, links: dc1-bb1~h1-bb1 }
              - at: "+1m"
                name: ok
                fail: { site: dc1 }
              - at: "+2m"
                recover: { failure: okk }
              - at: "+2m"
                respond: { recover: cut, rollback: cut }
              - at: "+2m"
                respond: { recover: nope }
              - at: "+3m"
                surge: { service: exampel.com, factor: 3, for: 1m }
              - at: "+3m"
                surge: { service: example.com, factor: 1, region: eu2, for: 1m }
              - at: "+3m"
                surge: { service: example.com, factor: 0.5, for: 1m }
              - at: "+3m"
                surge: { service: example.com, factor: 2 }
              - at: "+3m"
                surge: { service: example.com, factor: 2, for: 1m, ramp: 2m }
              - at: "+3m"
                surge: { service: widget, factor: 2, for: 1m }
            """));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        var lines = File.ReadAllLines(path);
        int Line(string text, int nth = 0) => lines.Select((l, i) => (l, i)).Where(x => x.l.Contains(text)).ElementAt(nth).i + 1;
        void Has(int line, string message) => Assert.True(ex.Errors.Any(e => e.Location.Line == line && e.Message.Contains(message)),
            $"no error at line {line} containing \"{message}\"; errors:\n{string.Join("\n", ex.Errors)}");
        Has(Line("dc1-bb1~h1-bb2"), "no link named 'dc1-bb1~h1-bb2' — did you mean 'dc1-bb1~h1-bb1'?");
        Has(Line("zz*"), "'links' pattern 'zz*' matches no link");
        Has(Line("site: dc3"), "no site named 'dc3' — did you mean 'dc1'?");
        Has(Line("site: \"x*\""), "'site' pattern 'x*' matches no site");
        Has(Line("role: dns"), "'routers' selects routers; for DNS servers write 'dns_servers:'");
        Has(Line("restart: false"), "'restart' is for 'control_plane' failures");
        Has(Line("for: 5m"), "'for' on a 'control_plane' failure needs 'restart: false'");
        Has(Line("links: dc1-bb1~h1-bb1"), "'fail' needs exactly one of 'links', 'routers', 'control_plane', 'dns_servers', 'site', 'controllers'; it has 'links' and 'site'");
        Has(Line("failure: okk"), "'failure' must name an earlier fail action — did you mean 'ok'?");
        Has(Line("recover: cut, rollback"), "'respond' needs exactly one of 'rollback' (undo an earlier push), 'recover' (undo an earlier failure), 'restart', 'drain' or 'undrain' (routers, by hand), 'apply' (a push the timeline describes), or 'restore' alone; it has rollback and recover");
        Has(Line("recover: nope"), "'recover' must name an earlier fail action");
        Has(Line("exampel.com"), "no service named 'exampel.com' — did you mean 'example.com'?");
        Has(Line("region: eu2"), "no region with users named 'eu2' — did you mean 'eu'?");
        Has(Line("region: eu2"), "'factor' is 1; a surge multiplies demand by more than 1");
        Has(Line("factor: 0.5"), "'factor' is 0.5; it must be between 1 and 100");
        Has(Line("factor: 2 }"), "'surge' is missing the required field 'for'");
        Has(Line("ramp: 2m"), "'ramp' is longer than 'for'");
        Has(Line("service: widget"), "'widget' is a third-party service; its demand is not modelled");
        // Columns point at the value.
        var link = ex.Errors.First(e => e.Message.StartsWith("no link named", StringComparison.Ordinal));
        Assert.Equal(lines[link.Location.Line - 1].IndexOf("dc1-bb1~h1-bb2", StringComparison.Ordinal) + 1, link.Location.Column);
    }
}
