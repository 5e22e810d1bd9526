using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Users moving to a substitute while a service fails: 16 000 users of "app" (edge e1, backbone b1, data center d1),
/// half of whom also use the third-party "alt", which has 50 % headroom. Cutting e1's uplink at 10 s takes "app"
/// down; each 10-minute step, the unserved users who have not moved yet move at 1 per hour (1 - e^(-1/6) of them);
/// once "app" is back, moved users return at 0.5 per hour.
/// </summary>
public class SubstituteServiceTests
{
    private const int E1 = 1, B1 = 2, D1 = 3, Resolver = 4, Users = 5, Traffic = 6, Responders = 7;
    private const long Step = 600_000;

    private static ScenarioDefinition Scenario(params TimelineAction[] timeline)
    {
        string[] names = ["scenario", "e1", "b1", "d1", "res", "users", "backbone", "responders"];
        LinkSpec Link(int i, int a, int b) => new(i, $"{names[a]}~{names[b]}", a, b, LinkKinds.Backbone, 1, 100, 10);
        var topology = new NetworkTopology
        {
            OperatorName = "Op", OperatorAsn = 64500,
            Sites = [new Site("pop", SiteKind.Pop, "P", 0, 0, "eu"), new Site("hub", SiteKind.Hub, "H", 0, 1, "eu"), new Site("dc", SiteKind.DataCenter, "D", 0, 2, "eu")],
            Routers = [new RouterSpec(E1, "e1", RouterRole.Edge, "pop", "eu"), new RouterSpec(B1, "b1", RouterRole.Backbone, "hub", "eu"),
                new RouterSpec(D1, "d1", RouterRole.DataCenterBorder, "dc", "eu")],
            Links = [Link(0, E1, B1), Link(1, B1, D1)],
            DnsServers = [], ExternalAses = [], Peerings = [], AsLinks = [],
            Services =
            [
                new ServiceSpec("app", 300_000, 1, false, []) { Substitutes = [new SubstituteSpec("alt", 1)], ReturnPerHour = 0.5 },
                new ServiceSpec("alt", 300_000, 0.5, true, []) { Headroom = 0.5 },
            ],
            Resolvers = [new ResolverSpec(Resolver, "res", -1, false, false, 1)],
            Clients = [new ClientCohortSpec(Users, "users", -1, "eu", 16_000, [(Resolver, 1.0)], [E1])],
            NodeNames = names, TrafficNode = Traffic, ResponderNode = Responders,
        };
        return new ScenarioDefinition
        {
            Name = "substitute", Title = "substitute", SourceFile = "substitute.yaml", Seed = 4, Start = DateTimeOffset.UnixEpoch, DurationMs = 3_600_000,
            LookaheadMs = 1, Topology = topology, Timeline = timeline,
            Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0, SubstituteStepMs = Step },
        };
    }

    private static PushAction Uplink(int index, long at, bool up) => new(index, up ? "repair" : "cut", at, new SourceLocation("substitute.yaml", 3 + index, 3),
        [E1], [new InterfaceEdit { Match = "e1~b1", AdminUp = up }], "uplink");

    [Fact]
    public async Task Users_move_to_the_substitute_while_the_service_fails_overload_it_and_come_back()
    {
        var (events, _) = await RingNetwork.RunAsync(Scenario(Uplink(0, 10_000, false), Uplink(1, 1_800_000, true)));
        var appDown = events.First(e => e.Kind == "service.availability" && e.Subject == "app" && e.Value == 0);
        var appUp = events.First(e => e.Kind == "service.availability" && e.Subject == "app" && e.Value == 1 && e.Ms > appDown.Ms);
        var moves = events.Where(e => e.Kind == "users.substitute").ToList();
        Assert.All(moves, m => Assert.Contains("\"from\":\"app\",\"to\":\"alt\"", m.DataJson));

        // Two steps while "app" is down: 16 000 x (1 - e^(-1/6)) = 2 456, then 2 456 + 13 544 x (1 - e^(-1/6)) = 4 535.
        var f = 1 - Math.Exp(-1.0 / 6);
        var first = Math.Round(16_000 * f);
        var second = Math.Round(first + (16_000 - first) * f);
        Assert.Equal(appDown.Ms + Step, moves[0].Ms);
        Assert.Equal(first, moves[0].Value);
        Assert.Equal(appDown.Ms + 2 * Step, moves[1].Ms);
        Assert.Equal(second, moves[1].Value);
        // "alt" takes 8 000 x 1.5 = 12 000 users' load: fine with 2 456 more, 12 000 / 12 535 = 0.96 with 4 535 more.
        var altAtSecond = events.Last(e => e.Kind == "service.availability" && e.Subject == "alt" && e.Ms <= moves[1].Ms);
        Assert.Equal(Math.Round(12_000 / (8_000 + second) / 0.02) * 0.02, altAtSecond.Value, 9);
        Assert.DoesNotContain(events, e => e.Kind == "service.availability" && e.Subject == "alt" && e.Ms < moves[1].Ms && e.Value < 1);

        // Back: the first step after recovery returns 1 - e^(-0.5/6) of them.
        var back = moves.First(m => m.Ms > appUp.Ms);
        var before = moves.Last(m => m.Ms < appUp.Ms).Value;
        Assert.Equal(Math.Round(before * Math.Exp(-0.5 / 6)), back.Value);
    }

    [Fact]
    public async Task Without_a_failure_nobody_moves()
    {
        var (events, _) = await RingNetwork.RunAsync(Scenario());
        Assert.DoesNotContain(events, e => e.Kind == "users.substitute");
    }
}
