using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// <c>internet: { generate: ... }</c> (docs/scenario-format.md#generated-internet): deterministic AS numbers and
/// names, the same structure the hyperscaler builds from a list, combined with listed ASes, and users spread over
/// the generated regional ISPs.
/// </summary>
public class GeneratedInternetTests
{
    private static readonly string Generated = TempScenario.SmallTopology.Replace("""
          ases:
            - { asn: 3356, name: Lumen, tier: tier1, region: eu }
            - { asn: 3320, name: DTAG, tier: regional, region: eu }
            - { asn: 7922, name: Comcast, tier: regional, region: na }
        """, """
          generate: { tier1: 3, regional_per_region: { na: 2, eu: 1 }, ixps_per_region: 1, asn_base: 65000 }
        users: { eu: 1000, na: 3001 }
        """);

    internal static NetworkTopology Load(string topology)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", topology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())).Topology;
    }

    [Fact]
    public void Numbers_and_names_the_ASes_tier1s_first_then_region_by_region()
    {
        Assert.NotEqual(TempScenario.SmallTopology, Generated);
        var t = Load(Generated);
        // Regions in ordinal order (eu before na, whatever the file's order): each region's ISPs, then its exchange.
        Assert.Equal([(65000L, "tier1-1", AsTier.Tier1, "global"), (65001, "tier1-2", AsTier.Tier1, "global"), (65002, "tier1-3", AsTier.Tier1, "global"),
                      (65003, "eu-isp1", AsTier.Regional, "eu"), (65004, "eu-ix1", AsTier.Ixp, "eu"),
                      (65005, "na-isp1", AsTier.Regional, "na"), (65006, "na-isp2", AsTier.Regional, "na"), (65007, "na-ix1", AsTier.Ixp, "na")],
            t.ExternalAses.Select(a => (a.Asn, a.Label, a.Tier, a.Region)));
        int As(long asn) => t.ExternalAses.Single(a => a.Asn == asn).Node;
        // Tier-1 full mesh (3 sessions), one transit each (transit_per_regional: 1, round-robin), exchange members.
        Assert.Equal([(As(65000), As(65001), AsLinkKind.Peer), (As(65000), As(65002), AsLinkKind.Peer), (As(65001), As(65002), AsLinkKind.Peer),
                      (As(65003), As(65000), AsLinkKind.CustomerOf), (As(65005), As(65001), AsLinkKind.CustomerOf), (As(65006), As(65002), AsLinkKind.CustomerOf),
                      (As(65003), As(65004), AsLinkKind.RouteServer), (As(65005), As(65007), AsLinkKind.RouteServer), (As(65006), As(65007), AsLinkKind.RouteServer)],
            t.AsLinks.Select(l => (l.A, l.B, l.Kind)));
        // p1 (na) peers with one na ISP, the na exchange and tier-1 #1; p2 (eu) with eu-isp1, the eu exchange, tier-1 #2.
        Assert.Equal(["as65005", "as65007", "as65000", "as65003", "as65004", "as65001"], t.Peerings.Select(p => t.NodeNames[p.AsNode]));
        // Users spread over the region's ISPs, the first taking the remainder.
        Assert.Equal([("as65003-users", 1000L), ("as65005-users", 1501), ("as65006-users", 1500)], t.Clients.Select(c => (c.Name, c.Users)));
    }

    [Fact]
    public void Listed_ASes_come_first_and_the_generated_ones_follow()
    {
        var t = Load(Generated.Replace("  generate:", "  ases: [{ asn: 3356, name: Lumen, tier: tier1, region: eu }]\n  generate:"));
        Assert.Equal([3356L, 65000, 65001, 65002, 65003, 65004, 65005, 65006, 65007], t.ExternalAses.Select(a => a.Asn));
        Assert.Equal(6, t.AsLinks.Count(l => l.Kind == AsLinkKind.Peer)); // four tier-1s: a mesh of 6
    }

    [Fact]
    public void A_generated_Internet_is_the_same_network_as_the_same_ASes_listed()
    {
        var listed = TempScenario.SmallTopology.Replace("""
              ases:
                - { asn: 3356, name: Lumen, tier: tier1, region: eu }
                - { asn: 3320, name: DTAG, tier: regional, region: eu }
                - { asn: 7922, name: Comcast, tier: regional, region: na }
            """, """
              ases:
                - { asn: 65000, name: tier1-1, tier: tier1, region: global }
                - { asn: 65001, name: tier1-2, tier: tier1, region: global }
                - { asn: 65002, name: tier1-3, tier: tier1, region: global }
                - { asn: 65003, name: eu-isp1, tier: regional, region: eu }
                - { asn: 65004, name: eu-ix1, tier: ixp, region: eu }
                - { asn: 65005, name: na-isp1, tier: regional, region: na }
                - { asn: 65006, name: na-isp2, tier: regional, region: na }
                - { asn: 65007, name: na-ix1, tier: ixp, region: na }
            users: { eu: 1000, na: 3001 }
            """);
        var (a, b) = (Load(Generated), Load(listed));
        Assert.Equal(b.NodeNames, a.NodeNames);
        Assert.Equal(b.ExternalAses, a.ExternalAses);
        Assert.Equal(b.AsLinks, a.AsLinks);
        Assert.Equal(b.Peerings, a.Peerings);
        Assert.Equal(b.Clients.Select(c => (c.Name, c.Users, c.ServingGateways.Count)), a.Clients.Select(c => (c.Name, c.Users, c.ServingGateways.Count)));
    }

    [Theory]
    [InlineData("asn_base: 65000", "asn_base: 64495", "topo.yaml:9:94: the generated ASes are numbered 64495 to 64502, which includes AS 64500, the operator's own; choose an asn_base outside it (for example 64501)", true)]
    [InlineData("  generate:", "  ases: [{ asn: 65003, tier: tier1, region: eu }]\n  generate:", "topo.yaml:10:94: the generated ASes are numbered 65000 to 65007, which includes AS 65003, listed at |topo.yaml:9:10; choose an asn_base outside it (for example 65004)", true)]
    [InlineData("tier1: 3", "tier1: 4996", "topo.yaml:9:13: the generated Internet would have 5,001 ASes; the limit is 5,000", false)]
    [InlineData("{ na: 2, eu: 1 }", "{ na: 2, e.u: 1 }", "topo.yaml:9:55: region 'e.u' may use only letters, digits, '-' and '_'", false)]
    public void Errors_point_at_the_generate_entry(string from, string to, string expected, bool alone)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Generated.Replace(from, to));
        var path = t.Write("s.yaml", TempScenario.Scenario());
        var e = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.All(expected.Split('|'), part => Assert.Contains(part, e.Message));
        // Nothing follows from a clash (over the limit nothing is generated, so the users of its regions have no ISP).
        if (alone) Assert.Single(e.Errors);
    }
}
