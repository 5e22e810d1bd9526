using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The Internet's aggregates (<see cref="InternetAggregates"/>): numbered for ASes with users unless listed, originated
/// by their AS and spread by the same BGP rules as any prefix, and the operator's exits towards them
/// (<see cref="InternetExits"/>).
/// </summary>
public class InternetAggregatesTests
{
    private static NetworkTopology Load(string asLines)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("""
                - { asn: 3320, name: DTAG, tier: regional, region: eu }
            """, asLines) + """

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000, na: 1000 }
            """);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())).Topology;
    }

    [Fact]
    public void Every_AS_with_users_gets_a_numbered_aggregate_and_listed_ones_are_kept()
    {
        var t = Load("""
                - { asn: 3320, name: DTAG, tier: regional, region: eu }
            """);
        // Users live in the regional ASes (DTAG in eu, Comcast in na): the first two /24s of 100.64.0.0/10, in AS order.
        Assert.Equal(["100.64.0.0/24", "100.64.1.0/24"], t.InternetAggregates);
        Assert.Empty(t.ExternalAses.Single(a => a.Asn == 3356).Prefixes);

        var listed = Load("""
                - { asn: 3320, name: DTAG, tier: regional, region: eu, prefixes: [100.64.0.0/16, 2003::/19] }
            """);
        // DTAG keeps its own; Comcast's numbered one skips everything inside DTAG's /16.
        Assert.Equal(["100.64.0.0/16", "2003::/19"], listed.ExternalAses.Single(a => a.Asn == 3320).Prefixes);
        Assert.Equal(["100.65.0.0/24"], listed.ExternalAses.Single(a => a.Asn == 7922).Prefixes);
    }

    [Theory]
    [InlineData("[100.64.0.1/24]", "host bits set")]
    [InlineData("[100.64.0.0/24, 100.64.0.0/24]", "prefix 100.64.0.0/24 is listed twice")]
    [InlineData("[nonsense]", "AS 3320's prefixes: 'nonsense' has no prefix length")]
    public void A_wrong_aggregate_is_named_with_its_file_and_line(string prefixes, string message)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("{ asn: 3320, name: DTAG, tier: regional, region: eu }",
            $"{{ asn: 3320, name: DTAG, tier: regional, region: eu, prefixes: {prefixes} }}"));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        var e = Assert.Single(ex.Errors);
        Assert.EndsWith("topo.yaml", e.Location.File);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Two_ASes_may_not_originate_one_aggregate()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology
            .Replace("{ asn: 3320, name: DTAG, tier: regional, region: eu }", "{ asn: 3320, name: DTAG, tier: regional, region: eu, prefixes: [100.64.0.0/16] }")
            .Replace("{ asn: 7922, name: Comcast, tier: regional, region: na }", "{ asn: 7922, name: Comcast, tier: regional, region: na, prefixes: [100.64.0.0/16] }"));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        Assert.Contains("prefix 100.64.0.0/16 is already originated by AS 3320", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Every_AS_starts_with_a_valley_free_route_to_every_aggregate()
    {
        var t = Load("""
                - { asn: 3320, name: DTAG, tier: regional, region: eu }
            """);
        var state = BgpSteadyState.Compute(t, new Dictionary<int, IReadOnlyList<string>>(), (_, _) => AsRoute.Plain([64500]));
        var node = t.ExternalAses.ToDictionary(a => a.Asn, a => a.Node);
        // DTAG originates 100.64.0.0/24 (its own route: empty path); Lumen, its provider, learns it from DTAG; Comcast,
        // another customer of Lumen, through Lumen.
        Assert.Equal([], state[node[3320]]["100.64.0.0/24"][node[3320]].Path);
        Assert.Equal([3320L], state[node[3356]]["100.64.0.0/24"][node[3320]].Path);
        Assert.Equal([3356L, 3320L], state[node[7922]]["100.64.0.0/24"][node[3356]].Path);
    }

    private static readonly HashSet<string> Both = ["100.64.0.0/24"];

    [Fact]
    public void An_exit_is_chosen_by_local_preference_then_AS_path_then_IGP_cost()
    {
        // Router 1 peers with AS 10 (local preference 100), routers 2 and 3 buy transit from AS 11 and 12 (50).
        var exits = new InternetExits(
            [new(1, 10, 100, Both), new(2, 11, 50, Both), new(3, 12, 50, Both)],
            [("100.64.0.0/24", 1, 10, 3), ("100.64.0.0/24", 2, 11, 2), ("100.64.0.0/24", 3, 12, 2)]);
        double Cost(int r) => r switch { 1 => 30, 2 => 20, _ => 10 };
        // The peer wins on preference although its AS path is longer and it is the farthest.
        Assert.Equal(1, exits.Exit(2, "100.64.0.0/24", _ => true, Cost)!.Router);
        // Without it, two transit routes of equal length: the nearest (hot potato); from router 2 itself, router 2.
        exits.Offer("100.64.0.0/24", 1, 10, -1);
        Assert.Equal(3, exits.Exit(1, "100.64.0.0/24", _ => true, Cost)!.Router);
        Assert.Equal(2, exits.Exit(2, "100.64.0.0/24", _ => true, Cost)!.Router);
        // A shorter AS path beats a nearer exit.
        exits.Offer("100.64.0.0/24", 2, 11, 1);
        Assert.Equal(2, exits.Exit(1, "100.64.0.0/24", _ => true, Cost)!.Router);
        // An exit router that is dark (or not reached) is none; with none left there is no route.
        Assert.Equal(3, exits.Exit(1, "100.64.0.0/24", r => r != 2, Cost)!.Router);
        Assert.Null(exits.Exit(1, "100.64.0.0/24", _ => false, Cost));
    }

    [Fact]
    public void A_session_whose_import_filter_refuses_the_aggregate_is_no_exit()
    {
        var exits = new InternetExits([new(1, 10, 100, new HashSet<string>()), new(2, 11, 50, Both)],
            [("100.64.0.0/24", 1, 10, 1), ("100.64.0.0/24", 2, 11, 2)]);
        Assert.Equal(2, exits.Exit(1, "100.64.0.0/24", _ => true, _ => 0)!.Router);
    }
}
