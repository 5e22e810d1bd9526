using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;
using BackboneSim.Scenarios.Generators;

namespace BackboneSim.Model.Tests;

/// <summary>
/// <c>generator: regional-isp</c> (docs/scenario-format.md#regional-isp-topology): what it builds for a small input,
/// counted and named by hand; the ring and its chords; dual-homing to the nearest core sites; access PoPs generated
/// around core sites; the subscribers' stand-in ASes; and that the same input gives the same network.
/// </summary>
public class RegionalIspTopologyTests
{
    /// <summary>
    /// Four core sites on a one-degree square (a and d at lon 0, b and c at lon 1), a data center and a border PoP
    /// near a/d, an access PoP between b and c and one between d and a, a generated Internet of 2 tier-1s, 2
    /// regional ISPs and an exchange in region eu.
    /// </summary>
    public const string Square = """
        generator: regional-isp
        operator: { name: Isp, asn: 64500, prefixes: [198.51.100.0/24] }
        routers: { core_per_site: 2, border_per_datacenter: 1, edge_per_pop: 2, edge_per_border: 2 }
        links: { chords: 0, parallel: 2, uplinks: 2, core_capacity_gbps: 400, access_capacity_gbps: 100 }
        core:
          - { name: a, lat: 0, lon: 0, region: west }
          - { name: b, lat: 0, lon: 1, region: east }
          - { name: c, lat: 1, lon: 1, region: east, tags: [north] }
          - { name: d, lat: 1, lon: 0, region: west }
        datacenters:
          - { name: dc1, lat: 0.3, lon: 0, region: west, power_mw: 5 }
        pops:
          - { name: p-bc, lat: 0.5, lon: 1, region: east }
          - { name: p-da, lat: 0.5, lon: 0, region: west }
        borders:
          - { name: ix1, lat: 0.5, lon: -0.01, region: eu }
        dns: { per_pop: 1, prefixes: [192.0.2.0/24] }
        internet:
          transit_per_border: 2
          peers_per_border: 1
          generate: { tier1: 2, regional_per_region: { eu: 2 }, ixps_per_region: 1, asn_base: 64600 }
        subscribers: { asn_base: 64512 }
        services:
          - { name: portal, ttl: 300s, datacenters: [dc1] }
        users: { east: 40000, west: 60000, eu: 1000 }
        """;

    private static NetworkTopology Load(string topology, string timeline = "") => LoadScenario(topology, timeline).Topology;

    private static ScenarioDefinition LoadScenario(string topology, string timeline = "")
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", topology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline)));
    }

    [Fact]
    public void Builds_the_routers_of_each_layer_in_site_order()
    {
        var t = Load(Square);
        Assert.Equal(
            ["scenario",
             "a-cr1", "a-cr2", "b-cr1", "b-cr2", "c-cr1", "c-cr2", "d-cr1", "d-cr2", // core: 4 sites x 2
             "dc1-dr1",                                                            // the ISP's data center
             "p-bc-er1", "p-bc-er2", "p-da-er1", "p-da-er2",                       // access PoPs
             "ix1-br1", "ix1-br2",                                                 // the border PoP
             "p-bc-dns1", "p-da-dns1", "ix1-dns1",                                 // one DNS server per PoP
             "as64600", "as64601", "as64602", "as64603", "as64604",                // tier-1 x2, eu ISPs x2, eu exchange
             "as64512", "as64513",                                                 // subscribers: east, west
             "as64602-resolvers", "as64603-resolvers", "as64512-resolvers", "as64513-resolvers",
             "as64512-users", "as64602-users", "as64603-users", "as64513-users",   // regions east, eu, west
             "dc1-dc", "backbone", "responders"],
            t.NodeNames);
        Assert.Equal(Enumerable.Repeat(RouterRole.Backbone, 8).Append(RouterRole.DataCenterBorder).Concat(Enumerable.Repeat(RouterRole.Edge, 6)),
            t.Routers.Select(r => r.Role));
        // Layer and region tags first, then the site's own.
        Assert.Equal(["core", "west"], t.Routers[0].Tags);
        Assert.Equal(["core", "east", "north"], t.Routers[4].Tags);
        Assert.Equal(["datacenter", "west"], t.Routers[8].Tags);
        Assert.Equal(["access", "east"], t.Routers[9].Tags);
        Assert.Equal(["border", "eu"], t.Routers[13].Tags);
        Assert.Equal(("dc1", 9, 5.0), (t.DataCenters[0].Site, t.DataCenters[0].Gateway, t.DataCenters[0].PeakPowerMw));
    }

    [Fact]
    public void Joins_the_core_in_a_ring_with_parallel_links_and_homes_every_site_to_its_two_nearest_core_sites()
    {
        var t = Load(Square);
        Assert.Equal(
            [// metro rings inside the core sites (two routers: one link)
             "a-cr1~a-cr2", "b-cr1~b-cr2", "c-cr1~c-cr2", "d-cr1~d-cr2",
             // the ring in list order, a-b, b-c, c-d, d-a, two parallel links each: router p to router p
             "a-cr1~b-cr1", "a-cr2~b-cr2", "b-cr1~c-cr1", "b-cr2~c-cr2", "c-cr1~d-cr1", "c-cr2~d-cr2", "a-cr1~d-cr1", "a-cr2~d-cr2",
             // dc1 (lat 0.3) is 0.3 degrees from a and 0.7 from d
             "dc1-dr1~a-cr1", "dc1-dr1~d-cr1",
             // p-bc sits halfway between b and c (a tie: list order); router j to core router j of each
             "p-bc-er1~p-bc-er2", "p-bc-er1~b-cr1", "p-bc-er1~c-cr1", "p-bc-er2~b-cr2", "p-bc-er2~c-cr2",
             "p-da-er1~p-da-er2", "p-da-er1~a-cr1", "p-da-er1~d-cr1", "p-da-er2~a-cr2", "p-da-er2~d-cr2",
             // ix1, just west of the a-d line: d (lat 1) is nearer than a, as degrees of longitude shrink northwards
             "ix1-br1~ix1-br2", "ix1-br1~d-cr1", "ix1-br1~a-cr1", "ix1-br2~d-cr2", "ix1-br2~a-cr2"],
            t.Links.Select(l => l.Name));
        Assert.Equal(["metro", "backbone"], t.Links.Select(l => l.Kind).Distinct());
        Assert.All(t.Links.Take(12), l => Assert.Equal(400, l.CapacityGbps));
        Assert.All(t.Links.Skip(12).Where(l => l.Kind == "backbone"), l => Assert.Equal(100, l.CapacityGbps));
        // One degree of longitude on the equator: 0.83396 ms of fibre (see ExplicitTopologyTests), metric 8.
        Assert.Equal((0.83396, 8), (Math.Round(t.Links[4].LatencyMs, 5), t.Links[4].Metric));
    }

    [Fact]
    public void Chords_join_each_core_site_to_its_nearest_ones_beyond_the_ring()
    {
        // Four sites on a line, one degree apart: the ring is a-b, b-c, c-d, d-a. Each site's 2 nearest: a: b, c
        // (new chord a-c); b: a, c (a tie at one degree); c: b, d; d: c, b (new chord b-d). One nearest adds nothing.
        var line = new List<Site>
        {
            new("a", SiteKind.Hub, "a", 0, 0, "x"), new("b", SiteKind.Hub, "b", 0, 1, "x"),
            new("c", SiteKind.Hub, "c", 0, 2, "x"), new("d", SiteKind.Hub, "d", 0, 3, "x"),
        };
        Assert.Equal([(0, 1), (1, 2), (2, 3), (0, 3), (0, 2), (1, 3)], RegionalIspGenerator.CorePairs(line, 2));
        Assert.Equal([(0, 1), (1, 2), (2, 3), (0, 3)], RegionalIspGenerator.CorePairs(line, 1));
        Assert.Equal([(0, 1)], RegionalIspGenerator.CorePairs(line.Take(2).ToList(), 3)); // two sites: one pair, not a ring of two
        Assert.Empty(RegionalIspGenerator.CorePairs(line.Take(1).ToList(), 3));

        var t = Load(Square.Replace("chords: 0, parallel: 2", "chords: 3, parallel: 1"));
        // In the square every site's third-nearest is the opposite corner: chords a-c and b-d, once each.
        Assert.Equal(["a-cr1~b-cr1", "b-cr1~c-cr1", "c-cr1~d-cr1", "a-cr1~d-cr1", "a-cr1~c-cr1", "b-cr1~d-cr1"],
            t.Links.Where(l => l.Kind == "backbone" && l.Name.Split('~').All(n => n.Contains("-cr"))).Select(l => l.Name));
    }

    [Fact]
    public void The_Internet_the_subscribers_and_the_border_peerings()
    {
        var t = Load(Square);
        Assert.Equal([(64600L, "tier1-1", AsTier.Tier1, "global"), (64601, "tier1-2", AsTier.Tier1, "global"), (64602, "eu-isp1", AsTier.Regional, "eu"),
                      (64603, "eu-isp2", AsTier.Regional, "eu"), (64604, "eu-ix1", AsTier.Ixp, "eu"),
                      (64512, "subscribers east", AsTier.Regional, "east"), (64513, "subscribers west", AsTier.Regional, "west")],
            t.ExternalAses.Select(a => (a.Asn, a.Label, a.Tier, a.Region)));
        int As(long asn) => t.ExternalAses.Single(a => a.Asn == asn).Node;
        int Router(string name) => t.Routers.Single(r => r.Name == name).Node;
        // Tier-1 mesh; eu-isp1 buys from tier-1s 1 and 2, eu-isp2 from 2 and 1; both are members of the exchange.
        Assert.Equal([(As(64600), As(64601), AsLinkKind.Peer), (As(64602), As(64600), AsLinkKind.CustomerOf), (As(64602), As(64601), AsLinkKind.CustomerOf),
                      (As(64603), As(64601), AsLinkKind.CustomerOf), (As(64603), As(64600), AsLinkKind.CustomerOf),
                      (As(64602), As(64604), AsLinkKind.RouteServer), (As(64603), As(64604), AsLinkKind.RouteServer)],
            t.AsLinks.Select(l => (l.A, l.B, l.Kind)));
        // Each region's subscribers peer with its access PoPs' first edge router; the border PoP peers with one eu
        // ISP and the exchange, and buys transit from both tier-1s, on its routers in turn.
        Assert.Equal([(As(64512), Router("p-bc-er1"), AsLinkKind.Peer), (As(64513), Router("p-da-er1"), AsLinkKind.Peer),
                      (As(64602), Router("ix1-br1"), AsLinkKind.Peer), (As(64604), Router("ix1-br1"), AsLinkKind.RouteServer),
                      (As(64600), Router("ix1-br1"), AsLinkKind.CustomerOf), (As(64601), Router("ix1-br2"), AsLinkKind.CustomerOf)],
            t.Peerings.Select(p => (p.AsNode, p.RouterNode, p.Kind)));
        // Users: east's subscribers are served through p-bc only, west's through p-da only.
        Assert.Equal([Router("p-bc-er1")], t.Clients.Single(c => c.Name == "as64512-users").ServingGateways);
        Assert.Equal([Router("p-da-er1")], t.Clients.Single(c => c.Name == "as64513-users").ServingGateways);
        Assert.Equal([40000L, 500, 500, 60000], t.Clients.Select(c => c.Users));
    }

    [Fact]
    public void The_core_routers_are_the_route_reflectors_and_the_DNS_servers_announce_through_their_PoP()
    {
        var t = Load(Square);
        var core = t.Routers.Where(r => r.Role == RouterRole.Backbone).Select(r => r.Node).ToHashSet();
        Assert.Equal(8 * 7 / 2, t.IbgpSessions.Count(s => s.Mesh && core.Contains(s.A) && core.Contains(s.B)));
        // 7 clients (dc1-dr1, 4 access and 2 border routers), each of 2 reflectors: those of its nearest core site.
        Assert.Equal(14, t.IbgpSessions.Count(s => !s.Mesh));
        Assert.All(t.IbgpSessions.Where(s => !s.Mesh), s => Assert.Contains(s.B, core));
        var dcClient = t.IbgpSessions.Where(s => s.A == 9).Select(s => t.NodeNames[s.B]);
        Assert.Equal(["a-cr1", "a-cr2"], dcClient);
        var ns = t.DnsServers[0];
        Assert.Equal(("p-bc-dns1", 10), (ns.Name, ns.Gateway));
        Assert.Equal([10, 11], ns.AnnounceVia);
    }

    [Fact]
    public void Access_PoPs_generated_around_each_core_site_on_a_circle_from_north()
    {
        var t = Load(Square.Replace("pops:\n  - { name: p-bc, lat: 0.5, lon: 1, region: east }\n  - { name: p-da, lat: 0.5, lon: 0, region: west }\n",
            "access: { per_core: 2, radius_km: 10 }\n"));
        var access = t.Sites.Where(s => s.Tags.Contains("access")).ToList();
        // 10 km is 10 / 111.32 = 0.0898 degrees of latitude: north first, then south (bearing 180).
        Assert.Equal([("a-a1", 0.0898, 0.0), ("a-a2", -0.0898, 0), ("b-a1", 0.0898, 1), ("b-a2", -0.0898, 1),
                      ("c-a1", 1.0898, 1), ("c-a2", 0.9102, 1), ("d-a1", 1.0898, 0), ("d-a2", 0.9102, 0)],
            access.Select(s => (s.Name, s.Lat, s.Lon)));
        Assert.Equal(["west", "west", "east", "east", "east", "east", "west", "west"], access.Select(s => s.Region));
        Assert.Equal(16, t.Routers.Count(r => r.Tags.Contains("access")));
        // a-a1 is homed to a, then to d (0.91 degrees) rather than b (one degree and a little).
        Assert.Equal(["a-a1-er1~a-a1-er2", "a-a1-er1~a-cr1", "a-a1-er1~d-cr1", "a-a1-er2~a-cr2", "a-a1-er2~d-cr2"],
            t.Links.Where(l => l.Name.StartsWith("a-a1-", StringComparison.Ordinal)).Select(l => l.Name));
        // The subscribers of each region peer with all 4 of its access PoPs.
        Assert.Equal(8, t.Peerings.Count(p => t.NodeNames[p.AsNode] is "as64512" or "as64513"));
    }

    [Fact]
    public void Tags_select_a_layer()
    {
        var s = LoadScenario(Square, """
              - at: "+1m"
                name: access
                push: { targets: { tag: access }, change: [ { igp: { overload: true } } ] }
              - at: "+2m"
                name: east-core
                push: { targets: { tag: core, region: east }, change: [ { igp: { overload: true } } ] }
            """);
        Assert.Equal([10, 11, 12, 13], s.Timeline[0].Targets);
        Assert.Equal([3, 4, 5, 6], s.Timeline[1].Targets);
    }

    [Fact]
    public void The_same_input_gives_the_same_network()
    {
        var a = Load(Square.Replace("pops:", "access: { per_core: 3, radius_km: 25 }\npops:"));
        var b = Load(Square.Replace("pops:", "access: { per_core: 3, radius_km: 25 }\npops:"));
        Assert.Equal(a.NodeNames, b.NodeNames);
        Assert.Equal(a.Links, b.Links);
        Assert.Equal(a.Sites.Select(s => (s.Name, s.Lat, s.Lon)), b.Sites.Select(s => (s.Name, s.Lat, s.Lon)));
        Assert.Equal(a.Peerings, b.Peerings);
        Assert.Equal(a.AsLinks, b.AsLinks);
        Assert.Equal(a.IbgpSessions, b.IbgpSessions);
    }
}
