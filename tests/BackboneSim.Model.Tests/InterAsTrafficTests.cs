using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Users' traffic across other networks both ways (<c>frontend_catchment: bgp</c>, <see cref="Nodes.InterAsTraffic"/>):
/// DTAG's 400,000 users receive 4 Gb/s (1 % active at 1 Mb/s) and send a tenth of that (<c>upstream_ratio</c> 0.1:
/// 0.4 Gb/s). They normally enter at pop1-er1, where DTAG peers with the operator, and the responses go back the same
/// way: the operator prefers its peer's route to DTAG's aggregate (100.64.0.0/24, numbered for it; local preference
/// 100, AS path 3320) to its transit provider Lumen's (50, 3356 3320). DTAG also buys transit from Lumen over a link
/// with a capacity.
/// </summary>
public class InterAsTrafficTests
{
    private static string Topology(string dtagToLumen) => $$"""
        generator: explicit
        operator: { name: Hand, asn: 64500, prefixes: [198.51.100.0/24] }
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
          as_links:
            - { a: 3320, b: 3356, kind: customer_of{{dtagToLumen}} }
          peerings:
            - { as: 3320, router: pop1-er1, kind: peer }
            - { as: 3356, router: pop1-er2, kind: transit }
        services:
          - { name: example.com, ttl: 300s }
        users: { eu: 400000 }
        frontend_catchment: bgp
        """;

    private const string Withdraw = """
              - at: "+1m"
                name: withdraw-er1
                push:
                  targets: { name: pop1-er1 }
                  change:
                    - bgp: { peer: ebgp, announce: [192.0.2.0/24] }
            """;

    private const string DtagShutsPeering = """
              - at: "+1m"
                name: dtag-shuts-er1
                external: { as: 3320, with: pop1-er1, session: shutdown }
            """;

    private static async Task<List<LoggedEvent>> Run(string dtagToLumen, string timeline = Withdraw)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Topology(dtagToLumen));
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline, extra:
            "parameters: { push_spread: 0s, internal_tools_gbps: 0, active_user_fraction: 0.01, mbps_per_active_user: 1, backbone_traffic_share: 1 }")
            .Replace("duration: 1h", "duration: 5m")));
        return (await RingNetwork.RunAsync(scenario)).Events;
    }

    /// <summary>When pop1-er1 stops announcing the front-ends' prefix, DTAG's best route leads through Lumen to pop1-er2:
    /// the users' 0.4 Gb/s of requests meet a 0.1 Gb/s link. The responses still leave by the peer (pop1-er1 still
    /// hears DTAG's aggregate), so only the way in is squeezed.</summary>
    [Fact]
    public async Task A_route_that_draws_users_through_a_small_link_fills_it_and_they_get_the_share_that_fits()
    {
        var events = await Run(", capacity_gbps: 0.1");
        // Before the push the users' way in crosses no link with a capacity: nothing outside is reported.
        Assert.DoesNotContain(events, e => e.Kind == "link.utilisation" && e.Subject == "as3356~as3320" && e.Ms < 60_000);
        // The push lands at 62 000 (push_base 2 s); the withdrawal reaches DTAG 51 ms later and its route moves through
        // Lumen (62 051); the data plane hears a lookahead (10 ms) later and works the catchment out (users now enter at
        // pop1-er2) and, with it, the load on the way in: 0.4 Gb/s offered to Lumen's 0.1 Gb/s link.
        var moved = events.First(e => e.Kind == "anycast.frontend_catchment" && e.Ms > 60_000);
        Assert.Equal(62_061, moved.Ms);
        Assert.Equal("pop1-er2", moved.Field("router"));
        var full = Assert.Single(events, e => e.Kind == "link.utilisation" && e.Subject == "as3356~as3320");
        Assert.Equal((moved.Ms, 4.0, 0.4), (full.Ms, full.Value, Gbps(full)));
        // A quarter gets through: the users of example.com are served at 0.24 (0.25 in the front-ends' 2 % steps,
        // rounded to even) once the cohort hears it, a local hop (10 ms) later.
        var served = Assert.Single(events, e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Ms > 60_000);
        Assert.Equal((moved.Ms + 10, 0.24), (served.Ms, Math.Round(served.Value, 6)));
        Assert.Equal(full.Cause, moved.Cause); // both follow DTAG's route change: explain runs from the users to the leak
    }

    /// <summary>
    /// DTAG shuts its session with pop1-er1 at 60 000. Both ways now go through Lumen: DTAG's requests enter at pop1-er2
    /// (0.4 Gb/s up DTAG's 1 Gb/s link to Lumen: they fit), and pop1-er1 no longer hears DTAG's aggregate, so the
    /// responses leave at pop1-er2 through Lumen (AS path 3356 3320) and meet the same link the other way: 4 Gb/s
    /// offered to 1 Gb/s. A quarter gets through: the users get what the way back carries, though their requests arrive.
    /// </summary>
    [Fact]
    public async Task The_responses_way_back_follows_the_operators_route_to_the_users_aggregate_and_congests_towards_them()
    {
        var events = await Run(", capacity_gbps: 1", DtagShutsPeering);
        var down = events.First(e => e.Kind == "bgp.session_down" && e.NodeName == "as3320");
        var full = Assert.Single(events, e => e.Kind == "link.utilisation" && e.Subject == "as3356~as3320");
        Assert.Equal((4.0, 4.0), (full.Value, Gbps(full))); // the busier way: the responses
        var served = events.Where(e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Ms > 60_000).ToList();
        // DTAG acts a lookahead (10 ms) after the action and tells the data plane its offers at once; they arrive a local
        // hop (10 ms) later, when the way back is worked out; the cohort hears its share another local hop later.
        Assert.Equal(60_010, down.Ms);
        Assert.Equal((60_020L, (long?)down.Id), (full.Ms, full.Cause));
        Assert.Equal((60_030, 0.24), (served.Last().Ms, Math.Round(served.Last().Value, 6)));
    }

    private static double Gbps(LoggedEvent e) => e.Field("gbps") is { } g ? double.Parse(g, System.Globalization.CultureInfo.InvariantCulture) : -1;

    [Fact]
    public async Task Without_a_capacity_the_link_outside_never_congests()
    {
        var events = await Run("");
        Assert.DoesNotContain(events, e => e.Kind == "link.utilisation" && e.Subject == "as3356~as3320");
        var served = events.Where(e => e.Kind == "service.availability" && e.NodeName == "as3320-users" && e.Ms > 60_000).ToList();
        Assert.True(served.Count == 0 || served.Last().Value == 1, string.Join("; ", served.Select(e => $"{e.Ms}: {e.Value}")));
    }
}
