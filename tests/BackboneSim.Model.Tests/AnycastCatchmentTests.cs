using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Anycast catchment by the Internet's routes (<see cref="AnycastCatchment"/>): where each resolver cohort's queries to
/// an operator DNS prefix land follows every AS's best route, so when a site withdraws its resolvers move to the site
/// the routes now lead to.
/// </summary>
public class AnycastCatchmentTests
{
    // A hand-made Internet: ASes 10 (the resolvers'), 11 and 12; operator edge routers 1 and 2, each with a DNS server
    // (100 and 200) answering 192.0.2.0/24.
    private const string Prefix = "192.0.2.0/24";

    private static AnycastCatchment Catchment(Dictionary<(int, string), int> hops) => new(hops, [10, 11, 12],
        [(100, [1], [Prefix]), (200, [2], [Prefix])], [(50, 10)], [Prefix], ["example.com"]);

    [Fact]
    public void Queries_follow_each_ASs_best_next_hop_to_the_server_behind_the_entry_router()
    {
        var c = Catchment(new() { [(10, Prefix)] = 11, [(11, Prefix)] = 2 });
        Assert.Equal((AnycastFate.Answered, 200), c.Follow(10, Prefix, _ => false));
        // The site's server stops answering: until the routes move, its queries die at the site.
        c.SetServer(200, serving: false, []);
        Assert.Equal((AnycastFate.Blackholed, -1), c.Follow(10, Prefix, _ => false));
        // AS 11's route now leads to router 1.
        c.SetHop(11, Prefix, 1);
        Assert.Equal((AnycastFate.Answered, 100), c.Follow(10, Prefix, _ => false));
        // A dark entry router answers nothing either.
        Assert.Equal((AnycastFate.Blackholed, -1), c.Follow(10, Prefix, r => r == 1));
    }

    [Fact]
    public void No_route_anywhere_on_the_way_fails_fast_and_a_loop_is_a_blackhole()
    {
        var c = Catchment(new() { [(10, Prefix)] = 11 });
        Assert.Equal((AnycastFate.NoRoute, -1), c.Follow(10, Prefix, _ => false)); // AS 11 has none: ICMP unreachable
        c.SetHop(11, Prefix, 12);
        c.SetHop(12, Prefix, 10);
        Assert.Equal((AnycastFate.Blackholed, -1), c.Follow(10, Prefix, _ => false)); // 10 → 11 → 12 → 10 …
    }

    [Fact]
    public void Changes_tell_each_resolver_only_what_moved_or_whose_zone_changed()
    {
        var c = Catchment(new() { [(10, Prefix)] = 2 });
        Assert.Single(c.Changes(_ => false)); // the first time: everything
        Assert.Empty(c.Changes(_ => false));
        c.SetServer(200, serving: true, []);
        var zone = Assert.Single(c.Changes(_ => false));
        Assert.False(zone.Moved); // the same server, its zone emptied
        c.SetHop(10, Prefix, 1);
        var moved = Assert.Single(c.Changes(_ => false));
        Assert.Equal((true, 100), (moved.Moved, moved.Path.Server));
        Assert.Equal(["example.com"], moved.Path.Names);
    }

    [Fact]
    public async Task A_site_that_withdraws_sends_its_resolvers_to_the_next_site_and_they_see_that_sites_zone()
    {
        // p1's DNS server drops example.com at 1 min (a partial zone push); the eu ISP's routes lead to p2, so only the
        // na ISP's resolvers notice. At 10 min p2's DNS server crashes and withdraws: DTAG's route now goes through
        // Lumen to p1, so the eu ISP's resolvers move there and get NXDOMAIN at their next expiry.
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + """

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000000, na: 1000000 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: remove
                push:
                  targets: { role: dns, site: p1 }
                  change:
                    - zone: { remove: [example.com] }
              - at: "+10m"
                name: crash
                fail: { dns_servers: { site: p2 } }
            """, extra: "parameters: { push_spread: 0s }")));
        var (events, _) = await RingNetwork.RunAsync(scenario);
        var nx = events.Where(e => e.Kind == "resolver.nxdomain").ToList();
        Assert.Equal(["as7922-resolvers", "as3320-resolvers"], nx.Select(e => e.NodeName));
        Assert.True(nx[1].Ms > 600_000);

        // The crash withdraws p2's prefix at its edge routers (600 020); DTAG picks the path through Lumen (600 071);
        // the data plane moves the eu resolvers to p1-dns1 at once, and they hear of it a lookahead later.
        var withdrawal = events.First(e => e.Kind == "bgp.route_changed" && e.NodeName == "as3320" && e.Ms > 600_000);
        var moved = Assert.Single(events, e => e.Kind == "anycast.catchment" && e.Field("server") == "p1-dns1");
        Assert.Equal((withdrawal.Ms + scenario.LookaheadMs, withdrawal.Id, "as3320-resolvers"), (moved.Ms, moved.Cause, moved.Field("resolvers")));
        // Between the withdrawal at p2 and DTAG's new route, the eu resolvers' queries die at p2: blackholed.
        var blackholed = Assert.Single(events, e => e.Kind == "anycast.catchment" && e.Field("fate") == "blackholed");
        Assert.InRange(blackholed.Ms, 600_010, moved.Ms);

        // NXDOMAIN at the next expiry of the eu cohort's record after it heard, plus one round trip.
        var phase = DeterministicRandom.ForNode(scenario.Seed, "as3320-resolvers").NextLong(0, 300_000);
        var heard = moved.Ms + scenario.LookaheadMs;
        var expiry = heard < phase ? phase : phase + ((heard - phase) / 300_000 + 1) * 300_000;
        Assert.Equal(expiry + scenario.Parameters.ResolverRttMs, nx[1].Ms);
    }

    /// <summary>The small network with a public resolver of 100 instances in eu, whose AS's routes lead to p2.</summary>
    private static async Task<List<LoggedEvent>> RunCrashAtP2(string config)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("    - { asn: 7922, name: Comcast, tier: regional, region: na }",
            "    - { asn: 7922, name: Comcast, tier: regional, region: na }\n    - { asn: 64801, name: PublicDNS, tier: regional, region: eu }") + """

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000000, na: 1000000 }
            resolvers:
              public:
                - { name: public-dns, asn: 64801, share: 0.5, instances: 100 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: crash
                fail: { dns_servers: { site: p2 } }
            """, extra: config).Replace("duration: 1h", "duration: 10m")));
        return (await RingNetwork.RunAsync(scenario)).Events;
    }

    [Fact]
    public async Task An_undersized_site_that_takes_over_a_withdrawn_sites_resolvers_overloads_and_takes_its_own_down_too()
    {
        // p1 is sized at a tenth of the busiest server's normal load. Normal: every instance refreshes example.com once
        // per 300 s; p2 gets the public resolver (100 instances: 1/3 query/s), so p1's capacity is 1/30 query/s.
        var events = await RunCrashAtP2("config:\n  - targets: { role: dns, site: p1 }\n    capacity: 0.1");
        // p2's server crashes at 60 010; the public resolver's routes lead to p1 at 60 081, and its load reaches p1 a
        // round trip later: (100 + 4 + 4) / 300 = 0.36 query/s against 0.033, so p1 answers 9 % (0.05 in steps).
        var overload = events.First(e => e.Kind == "dns.overload");
        Assert.Equal(("p1-dns1", 60_141L), (overload.NodeName, overload.Ms));
        Assert.Contains("\"offered_qps\":0.36,\"capacity_qps\":0.033,\"answer_share\":0.05", overload.DataJson);
        // That is below 1 - 0.5^(1/6) = 0.11: every resolver whose queries reach p1 now waits out timeouts, the na ISP's too.
        var overloaded = Assert.Single(events, e => e.Kind == "anycast.catchment" && e.Field("fate") == "overloaded");
        Assert.Equal((overload.Id, "public-dns as3320-resolvers as7922-resolvers"), (overloaded.Cause, overloaded.Field("resolvers")));
        // The na users, whose own site never failed, lose the name at their resolvers' next expiry plus the give-up time.
        Assert.Contains(events, e => e.Kind == "resolver.servfail" && e.NodeName == "as7922-resolvers");
        Assert.Contains(events, e => e.Kind == "service.availability" && e.NodeName == "as7922-users" && e.Value == 0);
        // Failing resolutions retry: the load grows (6 tries per 5 s per instance) and p1 answers nothing.
        Assert.Contains(events, e => e.Kind == "dns.overload" && e.Value == 0);
    }

    [Fact]
    public async Task A_site_sized_by_the_rule_of_three_takes_over_without_overload()
    {
        // dns_capacity_factor 3 (RFC 2870 §2.3): p1 answers 1 query/s, more than the 0.36 that reach it.
        var events = await RunCrashAtP2("parameters: { dns_capacity_factor: 3 }");
        Assert.DoesNotContain(events, e => e.Kind is "dns.overload" or "resolver.servfail");
        Assert.Contains(events, e => e.Kind == "anycast.catchment" && e.Field("server") == "p1-dns1" && e.Field("resolvers") == "public-dns");
    }
}
