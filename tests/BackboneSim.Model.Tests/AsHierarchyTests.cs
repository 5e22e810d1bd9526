using BackboneSim.Engine;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The deeper generated Internet (<c>transit_per_region</c>, <c>stubs_per_region</c>; docs/model.md, "A realistic AS
/// graph"): its wiring, that it is the same on every load, and that a withdrawal explores its alternative paths for
/// several MRAI rounds before it is gone where withdrawals are paced, and is gone at once where they are not.
/// </summary>
public class AsHierarchyTests
{
    private static readonly string Deep = TempScenario.SmallTopology.Replace("""
          ases:
            - { asn: 3356, name: Lumen, tier: tier1, region: eu }
            - { asn: 3320, name: DTAG, tier: regional, region: eu }
            - { asn: 7922, name: Comcast, tier: regional, region: na }
        """, """
          generate:
            tier1: 4
            regional_per_region: { na: 2, eu: 2 }
            ixps_per_region: 1
            transit_per_region: { na: 3, eu: 3 }
            stubs_per_region: { na: 8, eu: 8 }
            asn_base: 65000
        users: { eu: 1000, na: 1000 }
        """);

    private static NetworkTopology Load(string topology) => GeneratedInternetTests.Load(topology);

    [Fact]
    public void Transits_and_stubs_follow_everything_else_and_hang_below_it()
    {
        var t = Load(Deep);
        Assert.NotEqual(TempScenario.SmallTopology, Deep);
        var byLabel = t.ExternalAses.ToDictionary(a => a.Label);
        // Numbering: 4 tier-1s, eu's 2 ISPs and exchange, na's 2 ISPs and exchange (65000-65009), then transits, then stubs.
        Assert.Equal(65010, byLabel["eu-transit1"].Asn);
        Assert.Equal(65013, byLabel["na-transit1"].Asn);
        Assert.Equal(65016, byLabel["eu-stub1"].Asn);
        Assert.Equal(65031, byLabel["na-stub8"].Asn);
        var providers = t.AsLinks.Where(l => l.Kind == AsLinkKind.CustomerOf).ToLookup(l => l.A, l => l.B);
        var tierOf = t.ExternalAses.ToDictionary(a => a.Node, a => a.Tier);
        var regionOf = t.ExternalAses.ToDictionary(a => a.Node, a => a.Region);
        // A transit buys from two tier-1s: transit t from tier-1s t and t+1 (mod 4).
        Assert.Equal([byLabel["tier1-1"].Node, byLabel["tier1-2"].Node], providers[byLabel["eu-transit1"].Node]);
        Assert.Equal([byLabel["tier1-4"].Node, byLabel["tier1-1"].Node], providers[byLabel["na-transit1"].Node]);
        // Three transits in a region: a ring with chords is their full mesh (3 private peerings each region), plus
        // the region's exchange.
        Assert.Equal(6, t.AsLinks.Count(l => l.Kind == AsLinkKind.Peer && tierOf[l.A] == AsTier.Transit));
        Assert.Equal(6, t.AsLinks.Count(l => l.Kind == AsLinkKind.RouteServer && tierOf[l.A] == AsTier.Transit));
        // Every regional ISP buys from one transit of its region besides its tier-1.
        foreach (var isp in t.ExternalAses.Where(a => a.Tier == AsTier.Regional))
            Assert.Single(providers[isp.Node], p => tierOf[p] == AsTier.Transit && regionOf[p] == isp.Region);
        // Every stub is multihomed: two distinct providers of its own region, transits or regional ISPs.
        foreach (var stub in t.ExternalAses.Where(a => a.Tier == AsTier.Stub))
        {
            var ps = providers[stub.Node].ToList();
            Assert.Equal(2, ps.Distinct().Count());
            Assert.All(ps, p => Assert.True(regionOf[p] == stub.Region && tierOf[p] is AsTier.Transit or AsTier.Regional));
            Assert.DoesNotContain(t.AsLinks, l => l.B == stub.Node && l.Kind == AsLinkKind.CustomerOf); // no customers
        }
        // The same file gives the same graph.
        Assert.Equal(t.AsLinks, Load(Deep).AsLinks);
    }

    [Fact]
    public void An_Internet_without_the_deeper_tiers_is_wired_as_before()
    {
        var without = Load(Deep.Replace("    transit_per_region: { na: 3, eu: 3 }\n", "").Replace("    stubs_per_region: { na: 8, eu: 8 }\n", ""));
        Assert.DoesNotContain(without.ExternalAses, a => a.Tier is AsTier.Transit or AsTier.Stub);
        Assert.Equal(6 + 4 + 4, without.AsLinks.Count); // tier-1 mesh, one transit per ISP, exchange members
    }

    private static async Task<(long Withdrawn, long LastGone, int AsesThatLost)> Withdrawal(string withdrawals)
    {
        var events = await ExternalAnnouncementTests.RunOn("""
              - at: "+2m"
                name: dns-down-p1
                fail: { dns_servers: { site: p1 } }
              - at: "+2m"
                name: dns-down-p2
                fail: { dns_servers: { site: p2 } }
            """, $"parameters: {{ bgp_mrai: 30s, bgp_mrai_withdrawals: {withdrawals} }}", "12m", Deep);
        var withdrawn = events.Where(e => e.Kind == "bgp.origin_withdraw").Min(e => e.Ms);
        var lost = events.Where(e => e.Kind == "bgp.route_lost" && e.Subject == "192.0.2.0/24" && e.NodeName.StartsWith("as", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(events, e => e.Kind == "bgp.route_learned" && e.Subject == "192.0.2.0/24" && e.Ms > withdrawn + 5 * 60_000);
        return (withdrawn, lost.Max(e => e.Ms), lost.Select(e => e.NodeName).Distinct().Count());
    }

    [Fact]
    public async Task A_withdrawal_explores_alternative_paths_for_MRAI_rounds_where_withdrawals_are_paced()
    {
        var (withdrawn, lastGone, ases) = await Withdrawal("paced");
        var (withdrawnAtOnce, lastGoneAtOnce, asesAtOnce) = await Withdrawal("immediate");
        // Every one of the 32 ASes (route servers too) held the prefix and lost it.
        Assert.Equal(32, ases);
        Assert.Equal(32, asesAtOnce);
        // Withdrawals sent at once (RFC 4271, FRR) overtake the stale alternatives: every AS has none within a few
        // 5 ms hops. Paced like announcements (WRATE, Labovitz et al. 2000), each AS announces its next stale path one
        // MRAI round after the last: at least two rounds at the shortest jittered interval (2 × 22.5 s).
        Assert.InRange(lastGoneAtOnce - withdrawnAtOnce, 0, 1_000);
        Assert.True(lastGone - withdrawn >= 45_000, $"the last AS lost the prefix {lastGone - withdrawn} ms after the first withdrawal");
    }
}
