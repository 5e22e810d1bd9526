using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Route maps in runs, on <see cref="ExternalAnnouncementTests.Topology"/>: PakTel (AS 17557) is a customer of Lumen
/// and a peer of DTAG, whose 400,000 users reach the operator's front-ends (198.51.101.0/24 inside its /23) by BGP.
/// </summary>
public class RouteMapScenarioTests
{
    private static Task<List<LoggedEvent>> Run(string timeline, string policies = "", string config = "") =>
        ExternalAnnouncementTests.RunOn(timeline, $$"""
            parameters: { push_spread: 0s, internal_tools_gbps: 0 }
            {{config}}
            """, "4m", policies.Length == 0 ? null
                : ExternalAnnouncementTests.Topology.Replace("  peerings:\n", policies.TrimEnd('\n') + "\n  peerings:\n"));

    private const string Hijack = """
          - at: "+1m"
            name: hijack
            external: { as: 17557, announce: { prefixes: [198.51.101.0/24] } }
        """;

    [Fact]
    public async Task Prefix_filters_on_the_customers_and_peers_sessions_stop_a_hijack()
    {
        // Lumen and DTAG accept from PakTel only what PakTel may originate (a prefix list on its registered space,
        // 192.0.2.128/25 here, as an IRR-built filter would): the /24 stops at both.
        var events = await Run(Hijack, """
              policies:
                - { as: 3356, with: "17557", import: [{ seq: 10, action: permit, match: { prefixes: ["192.0.2.128/25 le 32"] } }] }
                - { as: 3320, with: "17557", import: [{ seq: 10, action: permit, match: { prefixes: ["192.0.2.128/25 le 32"] } }] }

            """.Replace("\n", "\n  ").TrimEnd(' '));
        Assert.Contains(events, e => e.Kind == "bgp.update" && e.NodeName == "as3320" && e.Subject == "198.51.101.0/24");  // it arrives
        Assert.DoesNotContain(events, e => e.Kind == "bgp.route_learned" && e.NodeName != "as17557" && e.Subject == "198.51.101.0/24");
        Assert.DoesNotContain(events, e => e.Kind == "anycast.frontend_catchment" && e.Ms > 60_000);
    }

    [Fact]
    public async Task A_route_with_no_export_stays_in_the_ASes_that_hear_it()
    {
        // Announced with no-export, the /24 reaches Lumen and DTAG (PakTel's neighbours) and goes no further: DTAG hears it
        // once, from PakTel at 60 065, never from Lumen.
        var events = await Run("""
              - at: "+1m"
                name: hijack
                external: { as: 17557, announce: { prefixes: [198.51.101.0/24], communities: [no-export] } }
            """);
        var heard = events.Where(e => e.Kind == "bgp.update" && e.NodeName == "as3320" && e.Subject == "198.51.101.0/24").Select(e => e.Ms).ToList();
        Assert.Equal([60_065L], heard);
        Assert.Single(events, e => e.Kind == "bgp.update" && e.NodeName == "as3356" && e.Subject == "198.51.101.0/24");
    }

    [Fact]
    public async Task A_push_that_inserts_a_deny_before_the_permit_withdraws_the_prefix()
    {
        // The edge routers' export map permits everything (seq 20); the push adds seq 10, a deny on the /23, in front of it.
        // It lands at 62 000 (push_base 2 s): the withdrawals reach DTAG over the peering and Lumen 51 ms later. DTAG falls
        // back on Lumen's route, which Lumen has just lost: the data plane, a local hop later, finds no route beyond Lumen,
        // and DTAG's users lose the front-ends a local hop after that. Lumen's own withdrawal reaches DTAG at 62 106.
        var events = await Run("""
              - at: "+1m"
                name: deny-first
                push:
                  targets: { role: edge }
                  change:
                    - bgp: { peer: ebgp, export_map: [{ seq: 10, action: deny, match: { prefixes: ["198.51.100.0/23"] } }, { seq: 20, action: permit }] }
            """, config: """
            config:
              - targets: { role: edge }
                bgp:
                  - { peer: ebgp, export_map: [{ seq: 20, action: permit }] }
            """);
        var lost = events.Single(e => e.Kind == "bgp.route_lost" && e.NodeName == "as3320" && e.Subject == "198.51.100.0/23");
        Assert.Equal(62_106, lost.Ms);
        var catchment = events.First(e => e.Kind == "anycast.frontend_catchment" && e.Ms > 60_000);
        Assert.Equal((62_061L, "no_route"), (catchment.Ms, catchment.Field("fate")));
        var down = events.First(e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Ms > 60_000);
        Assert.Equal((62_071L, 0.0), (down.Ms, down.Value));
        var policy = events.First(e => e.Kind == "bgp.policy" && e.Ms == 62_000);
        Assert.Contains("10 deny prefixes [198.51.100.0/23]; 20 permit; else deny", policy.Field("export_map"));
    }

    [Theory]
    [InlineData("[{ seq: 10, action: allow }]", "'action' is 'allow'; expected one of permit, deny")]
    [InlineData("[{ seq: 10, action: permit }, { seq: 10, action: deny }]", "two terms have seq 10")]
    [InlineData("[{ seq: 10, action: deny, set: { local_pref: 200 } }]", "a deny term sets nothing")]
    [InlineData("[{ seq: 10, action: permit, match: { as_path: \"(17557\" } }]", "is not an AS-path regular expression")]
    [InlineData("[{ seq: 10, action: permit, match: { community: [\"70000:1\"] } }]", "each part of a community is a whole number 0 to 65535")]
    [InlineData("[{ seq: 10, action: permit, match: { learned_from: [upstream] } }]", "'upstream' is not how a route is learned")]
    [InlineData("[{ seq: 10, action: permit, match: { prefixes: [\"10.0.0.0/8 le 4\"] } }]", "the lengths must satisfy")]
    [InlineData("[{ seq: 10, action: permit, set: { prepend: 40 } }]", "'prepend' is 40")]
    public void A_wrong_route_map_is_named_with_its_file_and_line(string map, string message)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", ExternalAnnouncementTests.Topology);
        var path = t.Write("s.yaml", TempScenario.Scenario($$"""
              - at: "+1m"
                name: x
                external: { as: 3356, with: "17557", import: {{map}} }
            """));
        var e = Assert.Single(Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path)).Errors);
        Assert.EndsWith("s.yaml", e.Location.File);
        Assert.Equal(12, e.Location.Line);
        Assert.Contains(message, e.Message);
    }
}
