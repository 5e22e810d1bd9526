using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Traffic over the backbone: a PoP with edge routers e1 and e2 (a metro link between them), each with a 10 Gbps
/// uplink to backbone router b1, which reaches data-center border router d1 over a 100 Gbps fabric link. 16 000
/// users at 1 Mbps each, all of it crossing the backbone: 16 Gbps, handed to both edge routers alike.
/// </summary>
public class BackboneTrafficTests
{
    private const int E1 = 1, E2 = 2, B1 = 3, D1 = 4, Resolver = 5, Users = 6, Traffic = 7, Responders = 8;

    private static ScenarioDefinition Scenario(params TimelineAction[] timeline)
    {
        string[] names = ["scenario", "e1", "e2", "b1", "d1", "res", "users", "backbone", "responders"];
        LinkSpec Link(int i, int a, int b, string kind, double gbps) => new(i, $"{names[a]}~{names[b]}", a, b, kind, 1, gbps, 10);
        var topology = new NetworkTopology
        {
            OperatorName = "Op", OperatorAsn = 64500,
            Sites = [new Site("pop", SiteKind.Pop, "P", 0, 0, "eu"), new Site("hub", SiteKind.Hub, "H", 0, 1, "eu"), new Site("dc", SiteKind.DataCenter, "D", 0, 2, "eu")],
            Routers = [new RouterSpec(E1, "e1", RouterRole.Edge, "pop", "eu"), new RouterSpec(E2, "e2", RouterRole.Edge, "pop", "eu"),
                new RouterSpec(B1, "b1", RouterRole.Backbone, "hub", "eu"), new RouterSpec(D1, "d1", RouterRole.DataCenterBorder, "dc", "eu")],
            Links = [Link(0, E1, E2, LinkKinds.Metro, 100), Link(1, E1, B1, LinkKinds.Backbone, 10), Link(2, E2, B1, LinkKinds.Backbone, 10),
                Link(3, B1, D1, LinkKinds.Fabric, 100)],
            DnsServers = [], ExternalAses = [], Peerings = [], AsLinks = [],
            Services = [new ServiceSpec("app", 300_000, 1, false, [])],
            Resolvers = [new ResolverSpec(Resolver, "res", -1, false, false, 1)],
            Clients = [new ClientCohortSpec(Users, "users", -1, "eu", 16_000, [(Resolver, 1.0)], [E1])],
            NodeNames = names, TrafficNode = Traffic, ResponderNode = Responders,
        };
        return new ScenarioDefinition
        {
            Name = "traffic", Title = "traffic", SourceFile = "traffic.yaml", Seed = 2, Start = DateTimeOffset.UnixEpoch, DurationMs = 60_000,
            LookaheadMs = 1, Topology = topology, Timeline = timeline,
            Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0, ActiveUserFraction = 1, MbpsPerActiveUser = 1, BackboneTrafficShare = 1 },
        };
    }

    private static double LastUtilisation(List<LoggedEvent> events, string pair, long beforeMs = long.MaxValue)
        => events.Last(e => e.Kind == "link.utilisation" && e.Subject == pair && e.Ms < beforeMs).Value;

    [Fact]
    public async Task Traffic_splits_over_both_uplinks_and_a_lost_uplink_congests_the_other()
    {
        var cut = new PushAction(0, "cut", 10_000, new SourceLocation("traffic.yaml", 3, 3), [E2],
            [new InterfaceEdit { Match = "e2~b1", AdminUp = false }], "cut e2's uplink");
        var (events, _) = await RingNetwork.RunAsync(Scenario(cut));
        // Before: 8 Gbps on each 10 Gbps uplink, all 16 on the fabric.
        Assert.Equal(0.8, LastUtilisation(events, "e1~b1", 10_000), 3);
        Assert.Equal(0.8, LastUtilisation(events, "e2~b1", 10_000), 3);
        Assert.Equal(0.16, LastUtilisation(events, "b1~d1", 10_000), 3);
        // After: e2 hands its half to e1 over the metro link; e1's uplink carries 16 Gbps, 1.6 x its capacity, and
        // delivers 10 of them: the users get 10/16 = 0.625 of the service (reported in 2 % steps).
        Assert.Equal(1.6, LastUtilisation(events, "e1~b1"), 3);
        Assert.Contains(events, e => e.Kind == "link.utilisation" && e.Subject == "e2~b1" && e.Value == 0);
        var last = events.Last(e => e.Kind == "service.availability" && e.Subject == "app");
        Assert.Equal(0.62, last.Value, 6);
        Assert.Contains("\"front_end_share\":0.62", last.DataJson);
        Assert.Equal(10.0, events.Last(e => e.Kind == "backbone.traffic").Value, 1);
    }
}
