using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Flowspec (RFC 8955) on <see cref="ExternalAnnouncementTests.Topology"/> with the iBGP sessions carrying the family:
/// dc1-bb1 reflects for dc1-dr1, pop1-er1 and pop1-er2 (sessions of 1 ms). A push lands at 62 000 (push_base 2 s); a
/// router programs one rule in fib_programming_base 10 ms + 1 ÷ 10 000/s (1 ms) = 11 ms; an update crosses a session in
/// its latency (1 ms) + bgp_processing (50 ms).
/// </summary>
public class FlowspecTests
{
    internal static readonly string Topology = ExternalAnnouncementTests.Topology.Replace("frontend_catchment: bgp", "bgp: { flowspec: ibgp }\nfrontend_catchment: bgp");

    private static Task<List<LoggedEvent>> Run(string timeline, string duration, string? topology = null) =>
        ExternalAnnouncementTests.RunOn(timeline, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }\nresponders: { diagnose: 1m }", duration, topology ?? Topology);

    /// <summary>A timeline that puts one rule on one router at +1m (and rolls it back at <paramref name="undoAt"/>).</summary>
    private static string Rule(string name, string router, string rule, string? undoAt = null) => $$"""
          - at: "+1m"
            name: {{name}}
            push:
              targets: { name: {{router}} }
              change:
                - flowspec: {{rule}}
        """ + (undoAt is null ? "" : $$"""

          - at: "{{undoAt}}"
            name: undo
            respond: { rollback: {{name}} }
        """);

    private static List<(long Ms, string Router)> Installed(List<LoggedEvent> events, string field) => events
        .Where(e => e.Kind == "flowspec.installed" && e.Field(field) is { Length: > 0 }).Select(e => (e.Ms, e.NodeName)).ToList();

    [Fact]
    public async Task A_rule_that_drops_BGP_reaches_the_clients_and_ends_every_session_at_its_hold_time_until_the_clients_lose_it()
    {
        var events = await Run(Rule("block-bgp", "dc1-bb1", "{ rule: block-bgp, protocol: tcp, port: 179 }"), "6m");
        // The reflector installs its own rule at 62 011; the clients hear it at 62 051 and install it at 62 062.
        Assert.Equal([(62_011L, "dc1-bb1"), (62_062L, "dc1-dr1"), (62_062L, "pop1-er1"), (62_062L, "pop1-er2")], Installed(events, "added"));
        Assert.Equal("dc1-dr1 pop1-er1 pop1-er2", events.First(e => e.Kind == "flowspec.installed" && e.NodeName == "dc1-bb1").Field("drops_bgp_from"));
        // No keepalive reaches the reflector from 62 011: its hold timers (bgp_hold 90 s) run out at 152 011, and it closes
        // all three sessions; the clients are told a lookahead (10 ms) later.
        var downs = events.Where(e => e.Kind == "bgp.session_down").ToList();
        Assert.Equal(3, downs.Count(e => e.NodeName == "dc1-bb1" && e.Ms == 152_011));
        Assert.Equal(3, downs.Count(e => e.NodeName != "dc1-bb1" && e.Ms == 152_021 && e.Subject == "dc1-bb1"));
        Assert.All(downs, e => Assert.Contains("a Flowspec rule drops BGP packets", e.DataJson));
        // The rule came over those sessions: the clients take it out at 152 032, before their own eBGP sessions' hold
        // timers (due at 152 062) run out, so those stay up; the reflector keeps its rule and drops their OPENs.
        Assert.Equal([(152_032L, "dc1-dr1"), (152_032L, "pop1-er1"), (152_032L, "pop1-er2")], Installed(events, "removed"));
        Assert.DoesNotContain(downs, e => e.Subject is "as3320" or "as3356" || e.NodeName is "as3320" or "as3356");
        Assert.DoesNotContain(events, e => e.Kind == "bgp.session_up" && e.Ms > 60_000);
    }

    [Fact]
    public async Task A_rule_that_matches_other_traffic_leaves_BGP_alone_and_a_rollback_withdraws_it_everywhere()
    {
        var events = await Run(Rule("police-dns", "pop1-er1", "{ rule: dns-flood, destination: 192.0.2.0/24, protocol: udp, port: 53 }", "+3m"), "10m");
        // pop1-er1 is a client: the reflector passes what a client sends to everyone (RFC 4456), so the rule goes
        // pop1-er1 (62 011) → dc1-bb1 (62 051 + 11) → dc1-dr1 and pop1-er2 (62 102 + 11).
        Assert.Equal([(62_011L, "pop1-er1"), (62_062L, "dc1-bb1"), (62_113L, "dc1-dr1"), (62_113L, "pop1-er2")], Installed(events, "added"));
        Assert.DoesNotContain(events, e => e.Kind == "bgp.session_down");
        Assert.DoesNotContain(events, e => e.Kind == "flowspec.installed" && e.Field("drops_bgp_from") is not null);
        // The rollback takes it out at pop1-er1 and the withdrawal follows the same way.
        var removed = Installed(events, "removed");
        Assert.Equal(4, removed.Count);
        var first = removed.Min(r => r.Ms);
        Assert.Equal("pop1-er1", removed.First(r => r.Ms == first).Router);
        Assert.Equal([first, first + 51, first + 102, first + 102], removed.Select(r => r.Ms).Order());
    }

    [Fact]
    public async Task A_rule_that_drops_the_IGP_ends_the_adjacencies_when_the_dead_interval_runs_out()
    {
        var events = await Run(Rule("block-ospf", "dc1-bb1", "{ rule: block-ospf, protocol: ospf }"), "3m");
        Assert.Equal("True", events.First(e => e.Kind == "flowspec.installed" && e.NodeName == "dc1-bb1").Field("drops_igp"), ignoreCase: true);
        // Installed at 62 011: dc1-bb1 hears no hello from then, and its adjacencies end when igp_hold (30 s) runs out.
        var downs = events.Where(e => e.Kind == "igp.adjacency_down" && e.NodeName == "dc1-bb1").ToList();
        Assert.Equal(3, downs.Count);
        Assert.All(downs, e => Assert.Equal(92_011, e.Ms));
        Assert.All(downs, e => Assert.Equal(IgpProcess.FilteredReason, e.Field("reason")));
    }

    [Fact]
    public async Task A_rule_on_the_DNS_prefix_from_the_reflector_blackholes_the_resolvers_queries_where_they_enter_and_a_rollback_answers_them_again()
    {
        var events = await Run(Rule("dns-rule", "dc1-bb1", "{ rule: dns-flood, destination: 192.0.2.0/24, protocol: udp, port: 53 }", "+2m"), "10m");
        // The edge routers where the queries enter install it at 62 062 and tell the data plane a lookahead (10 ms)
        // later; the catchment is worked out at once.
        var blackholed = events.First(e => e.Kind == "anycast.catchment" && e.Field("fate") == "blackholed");
        Assert.Equal(62_072, blackholed.Ms);
        Assert.DoesNotContain(events, e => e.Kind == "bgp.session_down");
        // The rollback lands on the reflector, which sends the withdrawal at once (its control plane does not wait for its
        // own hardware): the edges take the rule out a session's hop (51 ms) and a programming (11 ms) later.
        var rolledBack = events.First(e => e.Kind == "config.applied" && e.Field("restores") == "dns-rule").Ms;
        var answered = events.First(e => e.Kind == "anycast.catchment" && e.Ms > blackholed.Ms && e.Field("fate") == "answered");
        Assert.Equal(rolledBack + 51 + 11 + 10, answered.Ms);
    }

    [Fact]
    public async Task Without_Flowspec_sessions_a_rule_stays_on_the_router_that_originates_it()
    {
        var events = await Run(Rule("police-dns", "pop1-er1", "{ rule: dns-flood, destination: 192.0.2.0/24, protocol: udp, port: 53 }"), "2m", ExternalAnnouncementTests.Topology);
        Assert.Equal([(62_011L, "pop1-er1")], Installed(events, "added"));
    }

    [Theory]
    [InlineData("{ rule: x, protocol: sctp }", "'protocol' is 'sctp'; expected icmp, ospf, tcp, udp or an IP protocol number 0 to 255")]
    [InlineData("{ rule: x, protocol: tcp, port: 70000 }", "a port is a whole number from 1 to 65535")]
    [InlineData("{ rule: x, destination: 10.0.0.1/8 }", "'destination' is '10.0.0.1/8'")]
    [InlineData("{ rule: x }", "a Flowspec rule matches something")]
    [InlineData("{ rule: x, withdraw: true, port: 53 }", "a withdrawal names the rule only")]
    [InlineData("{ protocol: udp }", "'rule'")]
    public void A_bad_rule_is_refused_with_the_reason(string rule, string error)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology);
        var path = t.Write("s.yaml", TempScenario.Scenario($$"""
              - at: "+1m"
                name: bad
                push:
                  targets: { name: dc1-bb1 }
                  change:
                    - flowspec: {{rule}}
            """));
        var e = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(error, e.Message);
        Assert.Contains("s.yaml", e.Message);
    }
}
