using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// <c>generator: explicit</c> (docs/scenario-format.md#explicit-topology): what is written is what runs, defaults
/// computed from coordinates, tags in selectors, and the shared finishing stage (<see cref="NetworkAssembler"/>)
/// giving a hand-written copy of a generated network the same run, byte for byte.
/// </summary>
public class ExplicitTopologyTests
{
    /// <summary>Three sites at whole degrees on the equator, five routers, a DNS server, two ASes.</summary>
    private const string Small = """
        generator: explicit
        operator: { name: Hand, asn: 64500, prefixes: [198.51.100.0/24] }
        sites:
          - { name: dc1, kind: datacenter, lat: 0, lon: 0, region: eu, tags: [core], power_mw: 5 }
          - { name: hub1, kind: hub, lat: 0, lon: 1, region: eu }
          - { name: pop1, kind: pop, lat: 0, lon: 2, region: eu, tags: [edge-site] }
        routers:
          - { name: dc1-bb1, site: dc1, role: backbone }
          - { name: dc1-dr1, site: dc1, role: datacenter-border }
          - { name: hub1-bb1, site: hub1, role: backbone, tags: [corridor] }
          - { site: pop1, role: edge, count: 2, tags: [corridor] }
        links:
          - { a: dc1-dr1, b: dc1-bb1 }
          - { a: dc1-bb1, b: hub1-bb1, capacity_gbps: 40 }
          - { a: hub1-bb1, b: pop1-er1, latency_ms: 3, metric: 7 }
          - { a: hub1-bb1, b: pop1-er2, kind: metro }
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
            - { a: 3320, b: 3356, kind: customer_of }
          peerings:
            - { as: 3320, router: pop1-er1, kind: peer }
            - { as: 3356, router: pop1-er2, kind: transit, latency_ms: 2 }
        bgp: { reflectors_per_client: 2 }
        services:
          - { name: example.com, ttl: 300s }
        users: { eu: 1000 }
        """;

    private static NetworkTopology Load(string topology, string timeline = "")
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", topology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline))).Topology;
    }

    [Fact]
    public void Expands_to_exactly_the_nodes_links_and_sessions_written()
    {
        var t = Load(Small);
        Assert.Equal(
            ["scenario", "dc1-bb1", "dc1-dr1", "hub1-bb1", "pop1-er1", "pop1-er2", "ns1", "as3356", "as3320",
             "as3320-resolvers", "as3320-users", "dc1-dc", "backbone", "responders"],
            t.NodeNames);
        Assert.Equal([RouterRole.Backbone, RouterRole.DataCenterBorder, RouterRole.Backbone, RouterRole.Edge, RouterRole.Edge], t.Routers.Select(r => r.Role));
        Assert.Equal(["dc1-dr1~dc1-bb1", "dc1-bb1~hub1-bb1", "hub1-bb1~pop1-er1", "hub1-bb1~pop1-er2", "pop1-er1~pop1-er2"], t.Links.Select(l => l.Name));
        // Kinds: fabric from a border router inside a site, backbone between sites, as written, metro inside a site.
        Assert.Equal(["fabric", "backbone", "backbone", "metro", "metro"], t.Links.Select(l => l.Kind));
        Assert.Equal([100, 40, 100, 100, 100], t.Links.Select(l => l.CapacityGbps));
        Assert.Equal((3.0, 7), (t.Links[2].LatencyMs, t.Links[2].Metric));

        var ns = Assert.Single(t.DnsServers);
        Assert.Equal(("pop1", 4), (ns.Site, ns.Gateway)); // default gateway: the site's first edge router
        Assert.Equal([4, 5], ns.AnnounceVia);            // default: the site's edge routers
        Assert.Equal(["192.0.2.0/24"], ns.Prefixes);     // default: dns.prefixes
        Assert.Equal([new AsLinkSpec(8, 7, 5, AsLinkKind.CustomerOf)], t.AsLinks);
        Assert.Equal([new PeeringSpec(8, 4, 1, AsLinkKind.Peer), new PeeringSpec(7, 5, 2, AsLinkKind.CustomerOf)], t.Peerings);
        // The one reflector (dc1's backbone router) serves the border and both edge routers; no mesh with one reflector.
        Assert.Equal([(2, 1), (4, 1), (5, 1)], t.IbgpSessions.Select(s => (s.A, s.B)));
        var dc = Assert.Single(t.DataCenters);
        Assert.Equal(("dc1", 2, 5.0), (dc.Site, dc.Gateway, dc.PeakPowerMw));
        // A router carries its site's tags, then its own.
        Assert.Equal(["edge-site", "corridor"], t.Routers[3].Tags);
        Assert.Equal(["core"], t.Routers[0].Tags);
    }

    [Fact]
    public void Default_latency_is_the_fibre_delay_between_the_sites_coordinates()
    {
        var t = Load(Small);
        // One degree of longitude on the equator: 6371 km x pi/180 = 111.195 km; over a 1.5x longer fibre path at
        // 200 km/ms that is 0.83396 ms. The metric is the latency in tenths of a ms, rounded: 8.
        var link = t.Links.Single(l => l.Name == "dc1-bb1~hub1-bb1");
        Assert.Equal(0.83396, link.LatencyMs, 5);
        Assert.Equal(8, link.Metric);
        // Inside a site: 0.1 ms, metric 1.
        Assert.Equal((0.1, 1), (t.Links[0].LatencyMs, t.Links[0].Metric));
        // Two degrees (hub1 to pop1's er2 are one degree apart too): the same delay.
        Assert.Equal(0.83396, t.Links[3].LatencyMs, 5);
    }

    [Fact]
    public void Route_reflectors_are_those_listed_and_each_client_takes_the_nearest()
    {
        var t = Load(Small.Replace("bgp: { reflectors_per_client: 2 }", "route_reflectors: [hub1-bb1, dc1-bb1]\nbgp: { reflectors_per_client: 1 }"));
        // pop1 (lon 2) is nearer hub1 (lon 1); dc1-dr1 sits with dc1-bb1. The two reflectors mesh.
        Assert.Equal([(2, 1, false), (4, 3, false), (5, 3, false), (3, 1, true)], t.IbgpSessions.Select(s => (s.A, s.B, s.Mesh)));
    }

    [Fact]
    public void A_tag_selects_the_routers_that_carry_it_and_the_DNS_servers_of_tagged_sites()
    {
        using var tmp = new TempScenario();
        tmp.Write("topo.yaml", Small);
        var s = ScenarioLoader.Load(tmp.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: corridor
                push: { targets: { tag: corridor }, change: [ { interfaces: { match: backbone, admin: down } } ] }
              - at: "+2m"
                name: by-site-tag
                push: { targets: { role: edge, tag: edge-site }, change: [ { igp: { overload: true } } ] }
              - at: "+3m"
                name: dns
                push: { targets: { role: dns, tag: edge-site }, change: [ { zone: { remove: [example.com] } } ] }
            """)));
        Assert.Equal([3, 4, 5], s.Timeline[0].Targets);  // hub1-bb1 and both edge routers
        Assert.Equal([4, 5], s.Timeline[1].Targets);     // inherited from pop1
        Assert.Equal([6], s.Timeline[2].Targets);        // ns1 at pop1
    }

    [Fact]
    public void Hyperscaler_sites_carry_tags_to_their_routers()
    {
        var topology = TempScenario.SmallTopology.Replace("{ name: p2, lat: 50.1, lon: 8.7, region: eu }", "{ name: p2, lat: 50.1, lon: 8.7, region: eu, tags: [frankfurt] }");
        using var t = new TempScenario();
        t.Write("topo.yaml", topology);
        var s = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: fra
                push: { targets: { tag: frankfurt }, change: [ { igp: { overload: true } } ] }
            """)));
        Assert.Equal(["p2-er1", "p2-er2"], s.Timeline[0].Targets.Select(n => s.Topology.NodeNames[n]));
        Assert.All(s.Topology.Routers.Where(r => r.Site != "p2"), r => Assert.Empty(r.Tags));
    }

    /// <summary>A tiny generated network: one data center, one hub, one PoP with two edge routers, two ASes.</summary>
    private const string TinyGenerated = """
        generator: hyperscaler
        operator: { name: Tiny, asn: 64500, prefixes: [198.51.100.0/24] }
        routers: { backbone_per_datacenter: 1, border_per_datacenter: 1, backbone_per_hub: 1, edge_per_pop: 2 }
        links: { hub_neighbors: 1, parallel: 1, pop_uplinks: 2, backbone_capacity_gbps: 100 }
        dns: { per_pop: 1, prefixes: [192.0.2.0/24] }
        internet:
          pop_regional_peers: 1
          transit_per_regional: 1
          ases:
            - { asn: 3356, name: Lumen, tier: tier1, region: eu }
            - { asn: 3320, name: DTAG, tier: regional, region: eu }
        datacenters:
          - { name: dc1, lat: 50, lon: 8, region: eu, power_mw: 20 }
        hubs:
          - { name: hub1, lat: 52, lon: 13, region: eu }
        pops:
          - { name: pop1, lat: 51, lon: 10, region: eu }
        services:
          - { name: example.com, ttl: 60s }
        users: { eu: 100000 }
        """;

    /// <summary>
    /// <see cref="TinyGenerated"/> written out by hand from what the generator does: a fabric link from the border
    /// router, the PoP's ring, one long-haul link to the nearest backbone site, each edge router up to the j-th
    /// nearest backbone site at a quarter of the capacity, the regional ISP buying transit from the tier-1, the PoP's
    /// first edge router peering with the ISP and its last buying transit.
    /// </summary>
    private const string TinyByHand = """
        generator: explicit
        operator: { name: Tiny, asn: 64500, prefixes: [198.51.100.0/24] }
        sites:
          - { name: dc1, kind: datacenter, lat: 50, lon: 8, region: eu, power_mw: 20 }
          - { name: hub1, kind: hub, lat: 52, lon: 13, region: eu }
          - { name: pop1, kind: pop, lat: 51, lon: 10, region: eu }
        routers:
          - { name: dc1-bb1, site: dc1, role: backbone }
          - { name: dc1-dr1, site: dc1, role: datacenter-border }
          - { name: hub1-bb1, site: hub1, role: backbone }
          - { site: pop1, role: edge, count: 2 }
        links:
          - { a: dc1-dr1, b: dc1-bb1 }
          - { a: pop1-er1, b: pop1-er2 }
          - { a: dc1-bb1, b: hub1-bb1 }
          - { a: pop1-er1, b: dc1-bb1, capacity_gbps: 25 }
          - { a: pop1-er2, b: hub1-bb1, capacity_gbps: 25 }
        dns: { per_pop: 1, prefixes: [192.0.2.0/24] }
        internet:
          ases:
            - { asn: 3356, name: Lumen, tier: tier1, region: eu }
            - { asn: 3320, name: DTAG, tier: regional, region: eu }
          as_links:
            - { a: 3320, b: 3356, kind: customer_of }
          peerings:
            - { as: 3320, router: pop1-er1, kind: peer }
            - { as: 3356, router: pop1-er2, kind: transit }
        services:
          - { name: example.com, ttl: 60s }
        users: { eu: 100000 }
        """;

    private const string Drain = """
          - at: "+1m"
            name: drain
            push: { targets: { role: backbone }, change: [ { interfaces: { match: backbone, admin: down } } ] }
          - at: "+10m"
            name: fix
            respond: { rollback: drain }
        """;

    [Fact]
    public async Task A_hand_written_copy_of_a_generated_network_runs_byte_for_byte_the_same()
    {
        var (generated, generatedLog) = await Run(TinyGenerated);
        var (byHand, handLog) = await Run(TinyByHand);
        Assert.Equal(generated.NodeNames, byHand.NodeNames);
        Assert.Equal(generated.Links, byHand.Links);
        Assert.Equal(generated.AsLinks, byHand.AsLinks);
        Assert.Equal(generated.Peerings, byHand.Peerings);
        Assert.Equal(generated.IbgpSessions, byHand.IbgpSessions);
        Assert.Equal(generated.DataCenters, byHand.DataCenters);
        Assert.Equal(generated.Clients.Select(c => (c.Name, c.Users, string.Join(",", c.ServingGateways))), byHand.Clients.Select(c => (c.Name, c.Users, string.Join(",", c.ServingGateways))));
        // The run does something: the drain takes the backbone down and the rollback brings it back.
        Assert.Contains("\"igp.adjacency_down\"", generatedLog);
        Assert.Contains("\"igp.adjacency_up\"", generatedLog);
        Assert.Equal(generatedLog, handLog);
    }

    private static async Task<(NetworkTopology, string)> Run(string topology)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", topology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(Drain, extra: "responders: { oob: separate, oob_login: 1m, diagnose: 1m }")));
        var text = new StringWriter();
        var writer = new JsonLinesEventWriter(text, scenario.Start);
        await using (var driver = InMemoryRun.Create(new SimulationFactory(scenario), null))
            await driver.RunToEndAsync(writer, scenario.DurationMs);
        return (scenario.Topology, text.ToString());
    }

    [Theory]
    [InlineData("a link from a router to itself", "{ a: pop1-er1, b: pop1-er2 }", "{ a: pop1-er1, b: pop1-er1 }", "a link from router 'pop1-er1' to itself")]
    [InlineData("a gateway at another site", "{ name: ns1, site: pop1 }", "{ name: ns1, site: pop1, gateway: hub1-bb1 }",
        "gateway 'hub1-bb1' is at site 'hub1', not at the DNS server's site 'pop1'")]
    [InlineData("a peering on a backbone router", "{ as: 3320, router: pop1-er1, kind: peer }", "{ as: 3320, router: hub1-bb1, kind: peer }",
        "router 'hub1-bb1' is not an edge router")]
    [InlineData("an AS not listed", "{ a: 3320, b: 3356, kind: customer_of }", "{ a: 3320, b: 3357, kind: customer_of }",
        "AS 3357 is not listed under internet.ases — did you mean '3356'?")]
    [InlineData("a disconnected network", "  - { a: dc1-bb1, b: hub1-bb1, capacity_gbps: 40 }\n", "",
        "the routers form 2 separate networks (dc1-bb1, dc1-dr1; hub1-bb1, pop1-er1, pop1-er2)")]
    [InlineData("a data center hosting services without a border router", "  - { name: dc1-dr1, site: dc1, role: datacenter-border }\n", "",
        "data center 'dc1' hosts example.com but has no datacenter-border router")]
    [InlineData("an unknown route reflector", "bgp: { reflectors_per_client: 2 }", "route_reflectors: [dc1-bb2]",
        "no router named 'dc1-bb2' — did you mean 'dc1-bb1'?")]
    [InlineData("a route reflector listed twice", "bgp: { reflectors_per_client: 2 }", "route_reflectors: [dc1-bb1, dc1-bb1]",
        "route reflector 'dc1-bb1' is listed twice")]
    [InlineData("an AS link written twice", "    - { a: 3320, b: 3356, kind: customer_of }\n", "    - { a: 3320, b: 3356, kind: customer_of }\n    - { a: 3356, b: 3320, kind: peer }\n",
        "ASes 3356 and 3320 are already linked")]
    [InlineData("a peering written twice", "    - { as: 3320, router: pop1-er1, kind: peer }\n", "    - { as: 3320, router: pop1-er1, kind: peer }\n    - { as: 3320, router: pop1-er1, kind: transit }\n",
        "AS 3320 already has a session with router 'pop1-er1'")]
    [InlineData("a DNS prefix that is not the operator's", "{ name: ns1, site: pop1 }", "{ name: ns1, site: pop1, prefixes: [bad, 192.0.2.0/24, 203.0.113.0/24] }",
        "prefix 203.0.113.0/24 is not among dns.prefixes")]
    [InlineData("a router named like an AS node", "{ name: hub1-bb1, site: hub1", "{ name: as65000, site: hub1", "router name 'as65000' is taken")]
    [InlineData("power on a hub", "{ name: hub1, kind: hub, lat: 0, lon: 1, region: eu }", "{ name: hub1, kind: hub, lat: 0, lon: 1, region: eu, power_mw: 3 }",
        "'power_mw' is for data centers")]
    public void Mistakes_are_errors_at_their_place(string what, string from, string to, string message)
    {
        Assert.Contains(from, Small);
        var text = Small.Replace(from, to);
        using var t = new TempScenario();
        t.Write("topo.yaml", text);
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        Assert.True(ex.Errors.Any(e => e.Message.Contains(message, StringComparison.Ordinal) && e.Location.File.EndsWith("topo.yaml", StringComparison.Ordinal)),
            $"{what}: expected '{message}', got:\n{string.Join("\n", ex.Errors)}");
    }
}
