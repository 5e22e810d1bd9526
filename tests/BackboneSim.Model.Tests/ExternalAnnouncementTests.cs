using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// External networks that announce on the timeline (<c>external: { announce }</c>, <c>withdraw</c>) and each AS
/// forwarding by longest-prefix match (<see cref="Nodes.AnycastCatchment"/>). The operator announces 198.51.100.0/23;
/// its front-ends answer in 198.51.101.0/24 (<c>frontend_prefix</c>); DTAG's users enter by BGP (peer at pop1-er1).
/// PakTel (AS 17557), another customer of Lumen, announces the /24: a more-specific, which draws every AS that hears
/// it away from the operator's /23, as Pakistan Telecom's announcement of YouTube's /24 did on 24 February 2008. The
/// operator's answer is to announce more-specifics still (two /25s, configured on its edge routers but held back by
/// their export filter until a push lets them out).
/// </summary>
public class ExternalAnnouncementTests
{
    internal const string Topology = """
        generator: explicit
        operator: { name: Hand, asn: 64500, prefixes: [198.51.100.0/23] }
        sites:
          - { name: dc1, kind: datacenter, lat: 0, lon: 0, region: eu, power_mw: 50 }
          - { name: pop1, kind: pop, lat: 0, lon: 1, region: eu }
        routers:
          - { name: dc1-bb1, site: dc1, role: backbone }
          - { name: dc1-dr1, site: dc1, role: datacenter-border }
          - { site: pop1, role: edge, count: 2 }
        links:
          - { a: dc1-dr1, b: dc1-bb1 }
          - { a: dc1-bb1, b: pop1-er1 }
          - { a: dc1-bb1, b: pop1-er2 }
          - { a: pop1-er1, b: pop1-er2 }
        dns:
          prefixes: [192.0.2.0/24]
          servers:
            - { name: ns1, site: pop1 }
        internet:
          ases:
            - { asn: 3356, name: Lumen, tier: tier1, region: eu }
            - { asn: 3320, name: DTAG, tier: regional, region: eu }
            - { asn: 17557, name: PakTel, tier: regional, region: pk }
          as_links:
            - { a: 3320, b: 3356, kind: customer_of }
            - { a: 17557, b: 3356, kind: customer_of }
            - { a: 17557, b: 3320, kind: peer }
          peerings:
            - { as: 3320, router: pop1-er1, kind: peer }
            - { as: 3356, router: pop1-er2, kind: transit }
        services:
          - { name: example.com, ttl: 300s }
        users: { eu: 400000 }
        frontend_catchment: bgp
        frontend_prefix: 198.51.101.0/24
        """;

    /// <summary>Runs a timeline on <see cref="Topology"/> (or another topology text) with the given extra scenario
    /// lines (parameters, config) for the given duration; the events.</summary>
    internal static async Task<List<LoggedEvent>> RunOn(string timeline, string extra, string duration, string? topology = null)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", topology ?? Topology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline, extra).Replace("duration: 1h", $"duration: {duration}")));
        return (await RingNetwork.RunAsync(scenario)).Events;
    }

    private static async Task<List<LoggedEvent>> Run(string timeline)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline, extra: """
            parameters: { push_spread: 0s, internal_tools_gbps: 0 }
            config:
              - targets: { role: edge }
                bgp:
                  - { peer: ebgp, announce: [198.51.100.0/23, 192.0.2.0/24] }
                announce: [198.51.101.0/25, 198.51.101.128/25]
            """).Replace("duration: 1h", "duration: 6m")));
        return (await RingNetwork.RunAsync(scenario)).Events;
    }

    private const string Hijack = """
          - at: "+1m"
            name: hijack
            external: { as: 17557, announce: { prefixes: [198.51.101.0/24] } }
          - at: "+3m"
            name: more-specifics
            push:
              targets: { role: edge }
              change:
                - bgp: { peer: ebgp, announce: [operator] }
          - at: "+5m"
            name: hijack-withdrawn
            external: { as: 17557, withdraw: [198.51.101.0/24] }
        """;

    [Fact]
    public async Task A_more_specific_from_another_network_draws_the_users_away_until_the_operator_announces_longer_ones()
    {
        var events = await Run(Hijack);
        LoggedEvent Learned(string asName, string prefix) => events.Single(e => e.Kind == "bgp.route_learned" && e.NodeName == asName && e.Subject == prefix);
        // PakTel acts a lookahead (10 ms) after the action; Lumen hears it 55 ms later (5 ms link, 50 ms processing), and
        // so does DTAG directly over their peering; DTAG prefers its peer's route (100) to its provider's (50).
        Assert.Equal(60_010, Learned("as17557", "198.51.101.0/24").Ms);
        Assert.Equal(60_065, Learned("as3356", "198.51.101.0/24").Ms);
        var atDtag = Learned("as3320", "198.51.101.0/24");
        Assert.Equal((60_065L, "17557"), (atDtag.Ms, atDtag.Field("path")));
        // DTAG forwards to the front-ends' address by its longest match, the /24, to PakTel, which keeps the traffic: the
        // data plane hears a local hop (10 ms) later, and the users lose the service another local hop later.
        var lost = events.First(e => e.Kind == "anycast.frontend_catchment" && e.Ms > 60_000);
        Assert.Equal((60_075L, "blackholed", (long?)atDtag.Id), (lost.Ms, lost.Field("fate"), lost.Cause));
        var down = events.First(e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Ms > 60_000);
        Assert.Equal((60_085L, 0.0), (down.Ms, down.Value));
        // The push lands at 182 000 (push_base 2 s): the /25s reach DTAG over the peering (1 ms + 50 ms), which forwards by
        // them to pop1-er1: the users are back at 182 051 + 10 + 10.
        Assert.Equal(182_051, Learned("as3320", "198.51.101.0/25").Ms);
        var back = events.First(e => e.Kind == "anycast.frontend_catchment" && e.Ms > 180_000);
        Assert.Equal((182_061L, "answered", "pop1-er1"), (back.Ms, back.Field("fate"), back.Field("router")));
        Assert.Equal((182_071L, 1.0), events.Where(e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Ms > 180_000)
            .Select(e => (e.Ms, e.Value)).First());
        // The hijack's withdrawal moves nothing the users feel: the /25s are longer.
        Assert.Contains(events, e => e.Kind == "bgp.route_lost" && e.NodeName == "as3320" && e.Subject == "198.51.101.0/24" && e.Ms > 300_000);
        Assert.DoesNotContain(events, e => e.Kind == "anycast.frontend_catchment" && e.Ms > 300_000);
    }

    [Fact]
    public async Task A_leak_claims_a_path_and_goes_only_to_the_neighbours_named()
    {
        // PakTel passes on a route it claims to have from the operator, to Lumen only: DTAG hears it through Lumen
        // (3356 17557 64500), never over its peering with PakTel.
        var events = await Run("""
              - at: "+1m"
                name: leak
                external: { as: 17557, announce: { prefixes: [198.51.101.0/24], path: [64500], to: [3356] } }
            """);
        var atLumen = events.Single(e => e.Kind == "bgp.route_learned" && e.NodeName == "as3356" && e.Subject == "198.51.101.0/24");
        Assert.Equal((60_065L, "17557 64500"), (atLumen.Ms, atLumen.Field("path")));
        var atDtag = events.Single(e => e.Kind == "bgp.route_learned" && e.NodeName == "as3320" && e.Subject == "198.51.101.0/24");
        Assert.Equal((60_120L, "3356 17557 64500"), (atDtag.Ms, atDtag.Field("path")));
    }

    [Fact]
    public async Task A_leaked_route_carries_the_traffic_on_to_where_the_leaker_learned_it()
    {
        // PakTel passes a more-specific it says it has from its provider Lumen (3356 64500) to its peer DTAG only: DTAG's
        // users now cross PakTel and Lumen and enter at pop1-er2, Lumen's session, instead of at their own peering.
        // PakTel acts at 60 010; DTAG hears it 55 ms later; the data plane a local hop after that.
        var events = await Run("""
              - at: "+1m"
                name: leak
                external: { as: 17557, announce: { prefixes: [198.51.101.0/24], path: [3356, 64500], to: [3320] } }
            """);
        var moved = events.First(e => e.Kind == "anycast.frontend_catchment" && e.Ms > 60_000);
        Assert.Equal((60_075L, "answered", "pop1-er2"), (moved.Ms, moved.Field("fate"), moved.Field("router")));
        Assert.DoesNotContain(events, e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Ms > 60_000 && e.Value < 1);
    }

    [Theory]
    [InlineData("{ as: 17557, announce: { prefixes: [198.51.101.1/24] } }", "host bits set")]
    [InlineData("{ as: 17557, announce: { prefixes: [198.51.101.0/24, 198.51.101.0/24] } }", "prefix 198.51.101.0/24 is listed twice")]
    [InlineData("{ as: 17557, announce: { prefixes: [198.51.101.0/24], path: [nope] } }", "'nope' in 'path' is not an AS number")]
    [InlineData("{ as: 17557, announce: { prefixes: [198.51.101.0/24], to: [7018] } }", "AS 17557 has no session with AS 7018")]
    [InlineData("{ as: 17557, session: reset, withdraw: [198.51.101.0/24] }", "'session' and 'withdraw' cannot go together")]
    [InlineData("{ as: 17557, with: 3356, withdraw: [198.51.101.0/24] }", "'with' names a session")]
    [InlineData("{ as: 17557, withdraw: [] }", "'withdraw' must list at least one prefix")]
    [InlineData("{ as: 17557 }", "needs one of 'session', 'announce', 'withdraw', 'max_prefix', or a policy ('import', 'export')")]
    public void A_wrong_announcement_is_named_with_its_file_and_line(string external, string message)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology);
        var path = t.Write("s.yaml", TempScenario.Scenario($$"""
              - at: "+1m"
                name: x
                external: {{external}}
            """));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        var e = Assert.Single(ex.Errors);
        Assert.EndsWith("s.yaml", e.Location.File);
        Assert.Equal(12, e.Location.Line);
        Assert.Contains(message, e.Message);
    }
}
