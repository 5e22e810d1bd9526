using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Path exploration on a small clique, the setting in which Labovitz et al. ("Delayed Internet routing convergence",
/// SIGCOMM 2000) showed why a withdrawal takes MRAI rounds: AS 100 originates 100.64.0.0/24 and is a customer of ASes
/// 201, 202 and 203, which peer with each other in a full mesh and, by export maps that permit everything, pass every
/// route to every neighbour (shortest-path routing, no Gao-Rexford filtering: every alternative is explored).
/// </summary>
public class PathExplorationTests
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
            - { asn: 201, tier: tier1, region: eu }
            - { asn: 202, tier: tier1, region: eu }
            - { asn: 203, tier: tier1, region: eu }
          as_links:
            - { a: 100, b: 201, kind: customer_of }
            - { a: 100, b: 202, kind: customer_of }
            - { a: 100, b: 203, kind: customer_of }
            - { a: 201, b: 202, kind: peer }
            - { a: 201, b: 203, kind: peer }
            - { a: 202, b: 203, kind: peer }
          policies:
            - { as: 201, with: "202", export: [{ seq: 10, action: permit }] }
            - { as: 201, with: "203", export: [{ seq: 10, action: permit }] }
            - { as: 202, with: "201", export: [{ seq: 10, action: permit }] }
            - { as: 202, with: "203", export: [{ seq: 10, action: permit }] }
            - { as: 203, with: "201", export: [{ seq: 10, action: permit }] }
            - { as: 203, with: "202", export: [{ seq: 10, action: permit }] }
        """;

    [Fact]
    public async Task A_withdrawal_explores_the_longer_paths_and_converges_one_MRAI_round_later()
    {
        var events = await ExternalAnnouncementTests.RunOn("""
              - at: "+1m"
                name: withdraw
                external: { as: 100, withdraw: [100.64.0.0/24] }
            """, "", "3m", Topology);
        // AS 100 acts at 60 010 (a lookahead after the action); its withdrawals reach 201-203 55 ms later (5 ms links,
        // 50 ms processing): 60 065. Each falls back on a peer's stale path (length 2, the lowest neighbour first) and
        // sends it at once: no MRAI runs yet, and this UPDATE starts one (bgp_mrai 30 s × U[0.75, 1]).
        foreach (var asName in new[] { "as201", "as202", "as203" })
        {
            var first = events.First(e => e.Kind == "bgp.route_changed" && e.NodeName == asName && e.Ms > 60_000);
            Assert.Equal((60_065L, 2), (first.Ms, first.Field("path")!.Split(' ').Length));
        }
        // At 60 120 those arrive. 201's peers both sent paths through 201 (a loop for it: a withdrawal), so 201 has
        // nothing left and withdraws at once. 202 and 203 each take the path through the other that leads through 201
        // (length 3), which they may not send until their MRAI, started at 60 065, ends. The first to end sends its
        // path, a loop for the other, which loses its last route 55 ms later and withdraws at once; 55 ms after that the
        // first has nothing left either: between 60 065 + 22 500 + 55 and 60 065 + 30 000 + 110.
        var lost = events.Where(e => e.Kind == "bgp.route_lost" && e.Subject == "100.64.0.0/24" && e.NodeName != "as100").OrderBy(e => e.Ms).ToList();
        Assert.Equal(("as201", 60_120L), (lost[0].NodeName, lost[0].Ms));
        Assert.Equal(3, lost.Count);
        Assert.InRange(lost[1].Ms, 60_065 + 22_500 + 55, 60_065 + 30_000 + 55);
        Assert.Equal(lost[1].Ms + 55, lost[2].Ms);
        // The exploration: 23 UPDATEs received for one withdrawal in a clique of four (the same whichever MRAI ends
        // first: the clique is symmetric), where the first round's 3 withdrawals would do.
        Assert.Equal(23, events.Count(e => e.Kind == "bgp.update" && e.Ms > 60_000));
    }
}
