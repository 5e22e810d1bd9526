using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// A hand-built ring r1-r2-r3-r4-r1: r1 fronts data center "dcx", r4 is an edge router with DNS server d1 behind
/// it. Links r1-r2 and r2-r3 are 1 ms, r3-r4 and r4-r1 are 2 ms. Config pushes land exactly 1 s after they start.
/// </summary>
public static class RingNetwork
{
    public const int R1 = 1, R2 = 2, R3 = 3, R4 = 4, D1 = 5, Responders = 6;

    public static NetworkTopology RingTopology()
    {
        string[] names = ["scenario", "r1", "r2", "r3", "r4", "d1", "responders"];
        RouterSpec Router(int n, RouterRole role, string site) => new(n, names[n], role, site, "eu");
        LinkSpec Link(int i, int a, int b, double ms) => new(i, $"{names[a]}~{names[b]}", a, b, LinkKinds.Backbone, ms, 100, (int)(ms * 10));
        return new NetworkTopology
        {
            OperatorName = "Ring", OperatorAsn = 64500,
            Sites = [new Site("dcx", SiteKind.DataCenter, "X", 0, 0, "eu"), new Site("hub", SiteKind.Hub, "H", 0, 1, "eu"), new Site("pop", SiteKind.Pop, "P", 1, 1, "eu")],
            Routers = [Router(R1, RouterRole.DataCenterBorder, "dcx"), Router(R2, RouterRole.Backbone, "hub"), Router(R3, RouterRole.Backbone, "hub"), Router(R4, RouterRole.Edge, "pop")],
            Links = [Link(0, R1, R2, 1.0), Link(1, R2, R3, 1.0), Link(2, R3, R4, 2.0), Link(3, R4, R1, 2.0)],
            DnsServers = [new DnsServerSpec(D1, "d1", "pop", R4, [R4], ["192.0.2.0/24"])],
            ExternalAses = [], Peerings = [], AsLinks = [], NodeNames = names, ResponderNode = Responders,
        };
    }

    public static PushAction Push(int index, long atMs, int target, string match, bool up) => new(index, $"push{index}", atMs,
        new SourceLocation("ring.yaml", 10 + index, 3), [target], [new InterfaceEdit { Match = match, AdminUp = up }], "test push");

    public static RespondAction Respond(int index, long atMs, int rollbackOf) => new(index, $"respond{index}", atMs,
        new SourceLocation("ring.yaml", 10 + index, 3), "test respond", rollbackOf);

    public static ScenarioDefinition RingScenario(params TimelineAction[] timeline) => RingScenario(ResponderSpec.Default, timeline);

    public static ScenarioDefinition RingScenario(ResponderSpec responders, params TimelineAction[] timeline) => new()
    {
        Responders = responders,
        Name = "ring", Title = "ring", SourceFile = "ring.yaml", Seed = 1, Start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero),
        DurationMs = 3 * 3_600_000, LookaheadMs = 1, Topology = RingTopology(),
        Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0 }, Timeline = timeline,
    };

    /// <summary>The ring (or another topology) starting in the given base configuration.</summary>
    public static ScenarioDefinition ConfiguredRing(IReadOnlyList<Configuration.ConfigEntry> config, NetworkTopology? topology = null,
        params TimelineAction[] timeline) => new()
    {
        Name = "ring", Title = "ring", SourceFile = "ring.yaml", Seed = 1, Start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero),
        DurationMs = 3 * 3_600_000, LookaheadMs = 1, Topology = topology ?? RingTopology(),
        Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0 }, Timeline = timeline, Configuration = config,
    };

    public static async Task<(List<LoggedEvent> Events, SimulationFactory Factory)> RunAsync(ScenarioDefinition scenario)
    {
        var factory = new SimulationFactory(scenario);
        var sink = new ListSink();
        await using var driver = InMemoryRun.Create(factory, null);
        await driver.RunToEndAsync(sink, scenario.DurationMs);
        return (sink.Events, factory);
    }

    public sealed class ListSink : IEventSink
    {
        public List<LoggedEvent> Events { get; } = new();
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events) => Events.AddRange(events);
        public void OnFinished(long endMs) { }
    }
}
