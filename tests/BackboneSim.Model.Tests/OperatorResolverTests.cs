using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// A public resolver the operator runs (<c>operator: true</c>): users reach it at an anycast prefix the operator's edge
/// routers announce, by the Internet's best routes (AnycastCatchment.ResolverChanges). When their AS's queries reach no
/// live site that announces it, those users resolve no name at all, the operator's nor anyone else's.
/// </summary>
public class OperatorResolverTests
{
    private const string ResolverPrefix = "198.51.100.0/24";

    /// <summary>The small network (p1 in na, p2 in eu, each with two edge routers and a DNS server) with a resolver the
    /// operator runs at both PoPs (the DNS servers' sites, by default) that half of every cohort's users use.</summary>
    private static async Task<(List<LoggedEvent> Events, Model.Scenario.ScenarioDefinition Scenario)> Run(string timeline, string duration = "30m")
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + $$"""

            services:
              - { name: example.com, ttl: 300s }
              - { name: widget, third_party: true }
              - { name: login, third_party: true, depends_on: [example.com] }
            users: { eu: 1000000, na: 1000000 }
            resolvers:
              public:
                - { name: op-dns, operator: true, prefix: {{ResolverPrefix}}, share: 0.5 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline, extra: "parameters: { push_spread: 0s }")
            .Replace("duration: 1h", $"duration: {duration}")));
        return ((await RingNetwork.RunAsync(scenario)).Events, scenario);
    }

    // The catchment alone: ASes 10 (the users') and 11; operator edge routers 1 and 2 with DNS servers 100 and 200
    // answering 192.0.2.0/24; an operator-run resolver (node 60) announced by both routers; client cohort 70 in AS 10.
    private const string Dns = "192.0.2.0/24";

    private static AnycastCatchment Catchment(Dictionary<(int, string), int> hops) => new(hops, [10, 11],
        [(100, [1], [Dns]), (200, [2], [Dns])], [(60, -1)], [Dns], ["example.com"],
        operatorResolvers: [(60, ResolverPrefix, [1, 2])], users: [(70, 10, 60)]);

    [Fact]
    public void Users_reach_the_resolver_where_their_ASs_routes_enter_and_nowhere_without_a_route()
    {
        var c = Catchment(new() { [(10, ResolverPrefix)] = 11, [(11, ResolverPrefix)] = 2 });
        Assert.Equal([(70, 60, ResolverPrefix, AnycastFate.Answered, 2)], c.ResolverChanges(_ => false));
        Assert.Empty(c.ResolverChanges(_ => false)); // told once
        // Router 2 goes dark before AS 11's route moves: the queries die there.
        Assert.Equal([(70, 60, ResolverPrefix, AnycastFate.Blackholed, 2)], c.ResolverChanges(r => r == 2));
        c.SetHop(11, ResolverPrefix, 1);
        Assert.Equal([(70, 60, ResolverPrefix, AnycastFate.Answered, 1)], c.ResolverChanges(r => r == 2));
        c.SetHop(11, ResolverPrefix, -1);
        Assert.Equal([(70, 60, ResolverPrefix, AnycastFate.NoRoute, -1)], c.ResolverChanges(r => r == 2));
    }

    [Fact]
    public void The_resolvers_own_queries_reach_the_DNS_server_of_its_first_live_site_that_answers()
    {
        var c = Catchment(new());
        Assert.Equal((AnycastFate.Answered, 100), Path(c.Changes(_ => false)));
        Assert.Equal((AnycastFate.Answered, 200), Path(c.Changes(r => r == 1)));
        c.SetServer(200, serving: false, []);
        Assert.Equal((AnycastFate.Blackholed, -1), Path(c.Changes(r => r == 1))); // no live site with a server that answers: timeouts

        static (AnycastFate, int) Path(List<(int Resolver, AuthorityPath Path, bool Moved)> changes)
        {
            var change = Assert.Single(changes);
            Assert.Equal(60, change.Resolver);
            return (change.Path.Fate, change.Path.Server);
        }
    }

    private const string WithdrawBoth = """
              - at: "+1m"
                name: withdraw-p2
                push:
                  targets: { role: edge, site: p2 }
                  change:
                    - bgp: { peer: ebgp, announce: [192.0.2.0/24] }
              - at: "+10m"
                name: withdraw-p1
                push:
                  targets: { role: edge, site: p1 }
                  change:
                    - bgp: { peer: ebgp, announce: [192.0.2.0/24] }
            """;

    [Fact]
    public async Task A_site_that_withdraws_the_prefix_sends_its_users_to_the_other_and_they_go_on_resolving()
    {
        var (events, scenario) = await Run(WithdrawBoth);
        // At 1 min a push lets p2's eBGP sessions announce only the DNS prefix: p2's edge routers apply it push_base
        // (2 s) later and withdraw the resolver's prefix from their peers, who hear it ceil(latency) + bgp_processing =
        // 51 ms later. DTAG (the eu users' ISP) now reaches the prefix through Lumen, which p1-er2 feeds.
        var changed = Assert.Single(events, e => e.Kind == "bgp.route_changed" && e.NodeName == "as3320" && e.Field("prefix") == ResolverPrefix);
        Assert.Equal((62_051L, "3356 64500"), (changed.Ms, changed.Field("path")));
        // The data plane hears of it a lookahead later and moves the eu users' queries to p1.
        var moved = Assert.Single(events, e => e.Kind == "anycast.resolver_catchment" && e.Ms < 600_000);
        Assert.Equal((62_061L, changed.Id), (moved.Ms, moved.Cause));
        Assert.Equal(("op-dns", "answered", "p1-er2", "as3320-users"), (moved.Field("resolver"), moved.Field("fate"), moved.Field("router"), moved.Field("cohorts")));
        Assert.Equal(changed.Ms + scenario.LookaheadMs, moved.Ms);
        // Still answered: nobody's availability changes before the second push.
        Assert.DoesNotContain(events, e => e.Kind == "service.availability" && e.Ms < 600_000);
    }

    [Fact]
    public async Task With_no_site_announcing_it_its_users_resolve_nothing_the_operators_names_nor_third_parties()
    {
        var (events, scenario) = await Run(WithdrawBoth);
        // At 10 min p1 withdraws too (applied at 602 000, heard at 602 051): Lumen loses its last route and Comcast's new
        // one leads through Lumen, which has none; the data plane sees no route for either cohort at 602 061.
        var lost = Assert.Single(events, e => e.Kind == "anycast.resolver_catchment" && e.Ms > 600_000);
        Assert.Equal((602_061L, "no_route", null, "as3320-users as7922-users"), (lost.Ms, lost.Field("fate"), lost.Field("router"), lost.Field("cohorts")));
        // Each cohort hears a lookahead later. Half its users use op-dns: they resolve nothing. The operator's service
        // keeps its front-ends and data centers (availability = dns 0.5); the third-party service, whose names the same
        // resolver answers, fails for them too; its dependent is not counted twice (the same users).
        foreach (var cohort in new[] { "as3320-users", "as7922-users" })
        {
            var changes = events.Where(e => e.Kind == "service.availability" && e.NodeName == cohort).ToList();
            Assert.All(changes, e => Assert.Equal(602_071L, e.Ms));
            Assert.Equal(lost.Ms + scenario.LookaheadMs, changes[0].Ms);
            var byService = changes.ToDictionary(e => e.Field("service")!);
            Assert.Equal((lost.Id, lost.Id, byService["example.com"].Id),
                (byService["example.com"].Cause, byService["widget"].Cause, byService["login"].Cause)); // a dependent, by its dependency
            Assert.Equal((0.5, "0.5"), (byService["example.com"].Value, byService["example.com"].Field("dns")));
            Assert.Equal((0.5, "0.5"), (byService["widget"].Value, byService["widget"].Field("dns")));
            Assert.Equal(0.5, byService["login"].Value);
            Assert.Single(events, e => e.Kind == "users.affected" && e.NodeName == cohort && e.Value == 500_000);
        }
        // Their queries no longer reach op-dns: its client demand falls to nothing (after a resolver round trip).
        var load = events.Last(e => e.Kind == "resolver.load" && e.NodeName == "op-dns");
        Assert.Equal((602_071L + scenario.Parameters.ResolverRttMs, "0"), (load.Ms, load.Field("queries_per_s")));
    }

    [Fact]
    public async Task A_dark_site_blackholes_its_users_until_the_routes_move_and_both_dark_cut_them_off()
    {
        var (events, _) = await Run("""
              - at: "+1m"
                name: dark-p2
                fail: { site: p2 }
              - at: "+10m"
                name: dark-p1
                fail: { site: p1 }
            """);
        var reach = events.Where(e => e.Kind == "anycast.resolver_catchment").Select(e => (e.Ms, e.Field("fate"), e.Field("router"), e.Field("cohorts"))).ToList();
        Assert.Equal([
            // p2's routers go dark at 60 010 (power lost at 60 000): the data plane hears at 60 020 and the eu users'
            // queries die at p2-er1, where DTAG's route still leads;
            (60_020L, "blackholed", "p2-er1", "as3320-users"),
            // DTAG's session to p2-er1 drops when the line card notices (60 161) and its new route through Lumen leads
            // to p1-er2: the users resolve again.
            (60_171L, "answered", "p1-er2", "as3320-users"),
            // p1 goes dark too: every user of op-dns is blackholed, then without a route once the sessions drop.
            (600_020L, "blackholed", "p1-er2", "as3320-users"),
            (600_020L, "blackholed", "p1-er1", "as7922-users"),
            (600_171L, "no_route", null, "as3320-users as7922-users"),
        ], reach);
        // The third-party service, which needs no front-end of the operator's, is down exactly for op-dns's share of users
        // while their queries do not reach it (each cohort hears a lookahead after the data plane).
        var widget = events.Where(e => e.Kind == "service.availability" && e.Field("service") == "widget").Select(e => (e.Ms, e.NodeName, e.Value)).ToList();
        Assert.Equal([(60_030L, "as3320-users", 0.5), (60_181L, "as3320-users", 1.0), (600_030L, "as3320-users", 0.5), (600_030L, "as7922-users", 0.5)], widget);
    }

    [Fact]
    public async Task Without_a_failure_the_run_is_steady_and_the_prefix_is_the_operators()
    {
        var (events, scenario) = await Run("", duration: "10m");
        Assert.DoesNotContain(events, e => e.Kind is "anycast.resolver_catchment" or "service.availability" or "resolver.servfail");
        Assert.Contains(ResolverPrefix, scenario.Topology.OperatorPrefixes);
        var op = Assert.Single(scenario.Topology.Resolvers, r => r.Name == "op-dns");
        // Announced by the edge routers that announce the DNS prefix: both of p1's and both of p2's.
        Assert.Equal(["p1-er1", "p1-er2", "p2-er1", "p2-er2"], op.OperatorRun!.AnnounceVia.Select(n => scenario.Topology.NodeNames[n]));
    }
}
