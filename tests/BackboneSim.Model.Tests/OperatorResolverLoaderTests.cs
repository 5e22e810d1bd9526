using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>A public resolver the operator runs (<c>operator: true</c>, <c>prefix</c>, <c>sites</c>): each mistake is
/// reported at the field that holds it, with the file and line.</summary>
public class OperatorResolverLoaderTests
{
    private static ScenarioError SingleError(string entry)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + $$"""

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000 }
            resolvers:
              public:
                - {{entry}}
            """);
        var path = t.Write("s.yaml", TempScenario.Scenario());
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        var e = Assert.Single(ex.Errors);
        Assert.EndsWith("topo.yaml", e.Location.File);
        Assert.Equal(27, e.Location.Line); // the entry's line
        return e;
    }

    [Theory]
    [InlineData("{ name: op, operator: true, asn: 3320, prefix: 198.51.100.0/24, share: 0.1 }", "3320", "'asn' is for a resolver in an external AS")]
    [InlineData("{ name: op, operator: true, share: 0.1 }", "{", "missing the required field 'prefix'")]
    [InlineData("{ name: op, operator: true, prefix: 198.51.100.1/24, share: 0.1 }", "198.51.100.1", "host bits set after the first 24; the prefix is 198.51.100.0/24")]
    [InlineData("{ name: op, operator: true, prefix: 198.51.100/24, share: 0.1 }", "198.51.100/24", "is not an IPv4 address")]
    [InlineData("{ name: op, operator: true, prefix: 192.0.2.0/24, share: 0.1 }", "192.0.2.0/24", "is one of the DNS servers' prefixes")]
    [InlineData("{ name: op, operator: true, prefix: 198.51.100.0/24, share: 0.1, sites: [p3] }", "p3", "no site named 'p3'")]
    [InlineData("{ name: op, operator: true, prefix: 198.51.100.0/24, share: 0.1, sites: [h1] }", "h1", "site 'h1' has no edge router with eBGP sessions")]
    [InlineData("{ name: op, operator: true, prefix: 198.51.100.0/24, share: 0.1, sites: [p1, p1] }", "p1]", "site 'p1' is listed twice")]
    [InlineData("{ name: op, operator: true, prefix: 198.51.100.0/24, share: 0.1, sites: [] }", "[]", "'sites' must list at least one site")]
    [InlineData("{ name: op, asn: 3356, prefix: 198.51.100.0/24, share: 0.1 }", "198.51", "'prefix' is for a resolver the operator runs (operator: true)")]
    public void Each_mistake_is_named_at_its_field(string entry, string at, string message)
    {
        var e = SingleError(entry);
        Assert.Contains(message, e.Message);
        Assert.Equal(7 + entry.IndexOf(at, StringComparison.Ordinal), e.Location.Column);
    }

    [Fact]
    public void Its_prefix_may_not_be_the_operators_static_space_nor_another_resolvers()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("operator: { name: Example, asn: 64500 }", "operator: { name: Example, asn: 64500, prefixes: [203.0.113.0/24] }") + """

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000 }
            resolvers:
              public:
                - { name: op1, operator: true, prefix: 203.0.113.0/24, share: 0.1 }
                - { name: op2, operator: true, prefix: 198.51.100.0/24, share: 0.1 }
                - { name: op3, operator: true, prefix: 198.51.100.0/24, share: 0.1 }
            """);
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        Assert.Collection(ex.Errors,
            e => Assert.Equal((27, "prefix 203.0.113.0/24 is one of the operator's static prefixes (operator.prefixes); the resolver needs a prefix of its own"),
                (e.Location.Line, e.Message)),
            e => Assert.Equal((29, "prefix 198.51.100.0/24 is already resolver 'op2''s; each operator-run resolver needs a prefix of its own"),
                (e.Location.Line, e.Message)));
    }

    [Fact]
    public void Listed_sites_announce_it_from_their_edge_routers_with_eBGP_sessions()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + """

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000 }
            resolvers:
              public:
                - { name: op, operator: true, prefix: 198.51.100.0/24, share: 0.1, sites: [p2], serve_stale: true, instances: 7 }
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario()));
        var op = Assert.Single(scenario.Topology.Resolvers, r => r.Name == "op");
        Assert.Equal((-1, true, true, 7), (op.AsNode, op.Public, op.ServeStale, op.Instances));
        Assert.Equal(("198.51.100.0/24", "p2-er1 p2-er2"), (op.OperatorRun!.Prefix, string.Join(' ', op.OperatorRun.AnnounceVia.Select(n => scenario.Topology.NodeNames[n]))));
        Assert.Contains(scenario.Topology.Clients, c => c.Resolvers.Contains((op.Node, 0.1)));
    }

    /// <summary>A hand-written network (generator: explicit): one PoP whose two edge routers have eBGP sessions.</summary>
    private const string Explicit = """
        generator: explicit
        operator: { name: Hand, asn: 64500 }
        sites:
          - { name: dc1, kind: datacenter, lat: 0, lon: 0, region: eu }
          - { name: pop1, kind: pop, lat: 0, lon: 2, region: eu }
        routers:
          - { name: dc1-dr1, site: dc1, role: datacenter-border }
          - { site: pop1, role: edge, count: 2 }
        links:
          - { a: dc1-dr1, b: pop1-er1 }
          - { a: dc1-dr1, b: pop1-er2 }
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
            - { as: 3356, router: pop1-er2, kind: transit }
        services:
          - { name: example.com, ttl: 300s }
        users: { eu: 1000 }
        resolvers:
          public:
        """;

    [Fact]
    public void A_hand_written_network_announces_it_from_the_DNS_sites_and_refuses_a_site_without_eBGP()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", Explicit + "\n    - { name: op, operator: true, prefix: 198.51.100.0/24, share: 0.2 }\n");
        var topology = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())).Topology;
        var op = Assert.Single(topology.Resolvers, r => r.Name == "op");
        Assert.Equal("pop1-er1 pop1-er2", string.Join(' ', op.OperatorRun!.AnnounceVia.Select(n => topology.NodeNames[n])));

        t.Write("topo.yaml", Explicit + "\n    - { name: op, operator: true, prefix: 198.51.100.0/24, share: 0.2, sites: [dc1] }\n");
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        var e = Assert.Single(ex.Errors);
        Assert.Equal("site 'dc1' has no edge router with eBGP sessions, so it cannot announce the resolver's prefix 198.51.100.0/24", e.Message);
        Assert.Equal((31, 80), (e.Location.Line, e.Location.Column)); // at the site named
    }
}
