using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>Topology includes: lists of files, nesting, the merge rules and what stays an error (docs/scenario-format.md).</summary>
public class IncludeTests
{
    private const string Operator = """
        operator: { name: Example, asn: 64500 }
        dns: { per_pop: 1, prefixes: [192.0.2.0/24] }
        internet:
          ases:
            - { asn: 3356, name: Lumen, tier: tier1, region: eu }
        """;

    private const string Sites = """
        include: operator.yaml
        datacenters:
          - { name: dc1, lat: 53.4, lon: -6.4, region: eu }
        pops:
          - { name: p1, lat: 51.5, lon: -0.1, region: eu }
        """;

    private static string Scenario(string topology) => $"""
        scenario: inc
        title: Includes
        start: 2021-10-04T15:30:00Z
        duration: 1h
        topology:
        {topology}
        """;

    [Fact]
    public void Included_files_merge_in_order_then_the_including_keys_on_top()
    {
        using var t = new TempScenario();
        t.Write("shared/operator.yaml", Operator);
        t.Write("shared/sites.yaml", Sites);
        // The diamond: operator.yaml comes in through sites.yaml and directly; it is merged once.
        t.Write("net.yaml", """
            include: [shared/operator.yaml, shared/sites.yaml]
            generator: hyperscaler
            pops:
              - { name: p2, lat: 50.1, lon: 8.7, region: eu }
            internet:
              ases:
                - { asn: 3320, name: DTAG, tier: regional, region: eu }
            """);
        var s = ScenarioLoader.Load(t.Write("s.yaml", Scenario("""
              include: net.yaml
              dns: { per_pop: 3 }
            """)));
        Assert.Equal(["dc1", "p1", "p2"], s.Topology.Sites.Select(x => x.Name));      // lists concatenated, included first
        Assert.Equal(6, s.Topology.DnsServers.Count);                                   // per_pop 3 replaced 1 ...
        Assert.All(s.Topology.DnsServers, d => Assert.Equal(["192.0.2.0/24"], d.Prefixes)); // ... and kept the prefixes once
        Assert.Equal([3356L, 3320L], s.Topology.ExternalAses.Select(a => a.Asn));
    }

    [Fact]
    public void A_file_reached_twice_is_merged_where_it_is_first_reached()
    {
        using var t = new TempScenario();
        t.Write("operator.yaml", Operator);
        t.Write("a.yaml", "include: operator.yaml\ndns: { per_pop: 2 }\n");
        t.Write("b.yaml", "include: operator.yaml\ngenerator: hyperscaler\n" + Sites.Replace("include: operator.yaml\n", ""));
        var s = ScenarioLoader.Load(t.Write("s.yaml", Scenario("  include: [a.yaml, b.yaml]")));
        // b.yaml's operator.yaml adds nothing: a.yaml's per_pop: 2 is not undone by the shared file's 1.
        Assert.Equal(2, s.Topology.DnsServers.Count);
    }

    [Fact]
    public void A_single_include_keeps_the_included_files_own_positions()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("generator: hyperscaler\n", ""));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(("topo.yaml", 1, 1), (Path.GetFileName(e.Location.File), e.Location.Line, e.Location.Column));
        Assert.Equal("topology is missing the required field 'generator'", e.Message);
    }

    [Fact]
    public void A_merged_topology_is_reported_at_the_including_mapping()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("generator: hyperscaler\n", ""));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml",
            TempScenario.Scenario().Replace("  include: topo.yaml", "  include: topo.yaml\n  routers: { edge_per_pop: 1 }"))));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(("s.yaml", 8, 3), (Path.GetFileName(e.Location.File), e.Location.Line, e.Location.Column));
        Assert.Equal("topology is missing the required field 'generator'", e.Message);
    }

    [Fact]
    public void Include_paths_are_relative_to_the_including_file_but_stay_below_the_scenario()
    {
        using var t = new TempScenario();
        t.Write("shared/operator.yaml", Operator);
        t.Write("topologies/net.yaml", "include: [../shared/operator.yaml, ../../outside.yaml]\n");
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", Scenario("  include: topologies/net.yaml"))));
        var e = Assert.Single(ex.Errors);
        Assert.EndsWith("net.yaml", e.Location.File);
        Assert.Equal((1, 36), (e.Location.Line, e.Location.Column));
        Assert.StartsWith("include '../../outside.yaml' leaves the scenario's folder; includes must be below ", e.Message);
    }

    [Fact]
    public void A_cycle_is_named_at_the_include_that_closes_it_and_depth_is_limited()
    {
        using var t = new TempScenario();
        t.Write("a.yaml", "include: b.yaml\n");
        t.Write("b.yaml", "include: [a.yaml]\n");
        var cycle = Assert.Single(Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", Scenario("  include: a.yaml")))).Errors);
        Assert.EndsWith("b.yaml", cycle.Location.File);
        Assert.Equal((1, 11), (cycle.Location.Line, cycle.Location.Column));
        Assert.Matches(@"^include cycle: \S*a\.yaml -> \S*b\.yaml -> \S*a\.yaml$", cycle.Message);

        for (var i = 1; i <= TopologyIncludes.MaxDepth + 3; i++) t.Write($"d{i}.yaml", $"include: d{i + 1}.yaml\n");
        var deep = Assert.Single(Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("deep.yaml", Scenario("  include: d1.yaml")))).Errors);
        Assert.EndsWith($"d{TopologyIncludes.MaxDepth}.yaml", deep.Location.File);
        Assert.Equal($"include 'd{TopologyIncludes.MaxDepth + 1}.yaml' is nested {TopologyIncludes.MaxDepth + 1} levels deep; includes nest at most {TopologyIncludes.MaxDepth} levels", deep.Message);
    }

    [Fact]
    public void The_library_topology_loads_the_same_through_a_nested_include()
    {
        // scenarios/topologies/hyperscaler.yaml through one more level of include gives the same network.
        var library = BackboneSim.Tests.Shared.RepoPaths.File("scenarios/topologies/hyperscaler.yaml");
        using var t = new TempScenario();
        t.Write("topologies/hyperscaler.yaml", File.ReadAllText(library));
        t.Write("topologies/wrapper.yaml", "include: hyperscaler.yaml\n");
        var direct = ScenarioLoader.Load(t.Write("a.yaml", Scenario("  include: topologies/hyperscaler.yaml")));
        var wrapped = ScenarioLoader.Load(t.Write("b.yaml", Scenario("  include: [topologies/wrapper.yaml]\n  routers: {}")));
        Assert.Equal(direct.Topology.NodeNames, wrapped.Topology.NodeNames);
        Assert.Equal(direct.Topology.Links, wrapped.Topology.Links);
        Assert.Equal(direct.Topology.IbgpSessions, wrapped.Topology.IbgpSessions);
    }
}
