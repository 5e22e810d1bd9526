using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Route flap damping (<c>bgp_damping</c>, RFC 2439 as FRR's bgpd runs it: <see cref="Nodes.RouteDamping"/>) and the
/// MRAI's jitter bound (<c>bgp_mrai_jitter</c>). AS 100 and AS 101 both originate 100.64.0.0/24 (AS 101 from +10 s: an
/// aggregate has one origin in a topology) and are customers of AS 201, which prefers AS 100's route (same length, lower
/// node index). AS 100 withdraws and re-announces the prefix
/// every minute; AS 101 never changes. Each UPDATE takes 55 ms from AS to AS (5 ms link, 50 ms processing) and an AS
/// acts a lookahead (10 ms) after its timeline entry.
/// </summary>
public class RouteDampingTests
{
    private const string Topology = """
        generator: explicit
        operator: { name: Hand, asn: 64500 }
        sites:
          - { name: pop1, kind: pop, lat: 0, lon: 1, region: eu }
        routers:
          - { site: pop1, role: edge, count: 1 }
        internet:
          ases:
            - { asn: 100, tier: regional, region: eu, prefixes: [100.64.0.0/24] }
            - { asn: 101, tier: regional, region: eu }
            - { asn: 201, tier: tier1, region: eu }
          as_links:
            - { a: 100, b: 201, kind: customer_of }
            - { a: 101, b: 201, kind: customer_of }
        """;

    private const string Prefix = "100.64.0.0/24";

    /// <summary>AS 100 flaps the prefix three times: withdrawn at +1, +3 and +5 min, announced again at +2, +4 and +6.</summary>
    private const string ThreeFlaps = SecondOrigin + """
          - { at: "+1m", name: w1, external: { as: 100, withdraw: [100.64.0.0/24] } }
          - { at: "+2m", name: a1, external: { as: 100, announce: { prefixes: [100.64.0.0/24] } } }
          - { at: "+3m", name: w2, external: { as: 100, withdraw: [100.64.0.0/24] } }
          - { at: "+4m", name: a2, external: { as: 100, announce: { prefixes: [100.64.0.0/24] } } }
          - { at: "+5m", name: w3, external: { as: 100, withdraw: [100.64.0.0/24] } }
          - { at: "+6m", name: a3, external: { as: 100, announce: { prefixes: [100.64.0.0/24] } } }
        """;

    /// <summary>AS 101 originates the prefix too, from +10 s.</summary>
    private const string SecondOrigin = """
          - { at: "+10s", name: second-origin, external: { as: 101, announce: { prefixes: [100.64.0.0/24] } } }

        """;

    private static Task<List<LoggedEvent>> Run(string timeline, string parameters, string duration)
        => ExternalAnnouncementTests.RunOn(timeline, $"parameters: {{ {parameters} }}", duration, Topology);

    /// <summary>AS 201's choices for the prefix after the start: (ms, path).</summary>
    private static List<(long Ms, string? Path)> Choices(List<LoggedEvent> events)
        => events.Where(e => e.NodeName == "as201" && e.Kind.StartsWith("bgp.route_") && e.Subject == Prefix).Select(e => (e.Ms, e.Field("path"))).ToList();

    [Fact]
    public async Task A_prefix_flapped_three_times_is_suppressed_at_the_third_withdrawal_and_reused_when_its_penalty_decays_to_750()
    {
        // No MRAI, so each UPDATE reaches AS 201 55 ms after AS 100 acts: withdrawals at 60 065, 180 065 and 300 065.
        var events = await Run(ThreeFlaps, "bgp_mrai: 0s, bgp_damping: on", "34m");
        // Penalties at AS 201 for AS 100's route (half-life 15 min = 900 s): 1 000 at 60.065 s; at 180.065 s
        // 1 000 × 2^(−120/900) + 1 000 = 1 911.7 (below 2 000: still used, so the re-announcement at 240.065 s wins
        // again); at 300.065 s 1 911.7 × 2^(−120/900) + 1 000 = 2 743.0 ≥ 2 000: suppressed.
        var damped = Assert.Single(events, e => e.Kind == "bgp.damped" && e.NodeName == "as201");
        Assert.Equal((300_065L, "as100", "2743"), (damped.Ms, damped.Field("neighbor"), damped.Field("penalty")));
        // Reuse when 2 743.0 × 2^(−t/900 s) = 750: t = 900 s × log2(2 743.0 / 750) = 1 683.694 s, so at
        // 300.065 + 1 683.694 = 1 983.759 s, the timer on the next whole ms.
        Assert.Equal("1983760", damped.Field("reuse_at_ms"));
        var reused = Assert.Single(events, e => e.Kind == "bgp.reused" && e.NodeName == "as201");
        Assert.Equal((1_983_760L, "as100", "750"), (reused.Ms, reused.Field("neighbor"), reused.Field("penalty")));
        // AS 101, which never flapped, is unaffected: its route carries AS 201 from the third withdrawal through the
        // re-announcement at 360.065 s (held, suppressed) until the reuse puts AS 100's back.
        Assert.Equal(
            [(60_065, "101"), (120_065, "100"), (180_065, "101"), (240_065, "100"), (300_065, "101"), (1_983_760, "100")],
            Choices(events));
    }

    [Fact]
    public async Task Without_damping_the_same_flaps_are_followed_each_time()
    {
        var events = await Run(ThreeFlaps, "bgp_mrai: 0s", "7m");
        Assert.DoesNotContain(events, e => e.Kind is "bgp.damped" or "bgp.reused");
        Assert.Equal(
            [(60_065, "101"), (120_065, "100"), (180_065, "101"), (240_065, "100"), (300_065, "101"), (360_065, "100")],
            Choices(events));
    }

    [Fact]
    public async Task With_jitter_1_an_MRAI_lasts_exactly_bgp_mrai()
    {
        // AS 100's withdrawal at 60 010 goes out at once and starts its MRAI towards AS 201 (per peer): 30 s, no jitter,
        // so the re-announcement made at 70 010 waits until 90 010 and reaches AS 201 at 90 065 (with RFC 4271's
        // jitter it would go out somewhere in 82 510 – 90 010).
        var events = await Run(SecondOrigin + """
              - { at: "+1m", name: w1, external: { as: 100, withdraw: [100.64.0.0/24] } }
              - { at: "+1m10s", name: a1, external: { as: 100, announce: { prefixes: [100.64.0.0/24] } } }
            """, "bgp_mrai: 30s, bgp_mrai_jitter: 1", "2m");
        Assert.Equal([(60_065, "101"), (90_065, "100")], Choices(events));
    }

    [Fact]
    public async Task A_withdrawal_sent_while_the_MRAI_runs_starts_it_again_as_FRR_counts_from_the_last_UPDATE()
    {
        // The re-announcement held to 90 010 starts an MRAI to 120 010. The withdrawal at 100 010 goes out at once and,
        // as FRR's bgpd measures the interval from the last UPDATE sent (bgp_adjust_routeadv), starts it again: the
        // announcement made at 110 010 waits until 130 010 and reaches AS 201 at 130 065 (not 120 065).
        var events = await Run(SecondOrigin + """
              - { at: "+1m", name: w1, external: { as: 100, withdraw: [100.64.0.0/24] } }
              - { at: "+1m10s", name: a1, external: { as: 100, announce: { prefixes: [100.64.0.0/24] } } }
              - { at: "+1m40s", name: w2, external: { as: 100, withdraw: [100.64.0.0/24] } }
              - { at: "+1m50s", name: a2, external: { as: 100, announce: { prefixes: [100.64.0.0/24] } } }
            """, "bgp_mrai: 30s, bgp_mrai_jitter: 1", "3m");
        Assert.Equal([(60_065, "101"), (90_065, "100"), (100_065, "101"), (130_065, "100")], Choices(events));
    }
}
