using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

public class OspfGracefulRestartTests
{
    private static FailAction Fail(int index, long atMs, FailureSpec failure) => new(index, $"fail{index}", atMs,
        new SourceLocation("ring.yaml", 10 + index, 3), failure.Nodes, "test fail", failure);

    private static FailureSpec ControlPlaneLost(int router, bool restart = true) => new(FailureSpec.ControlPlane, 0) { RouterNodes = [router], Restart = restart };

    private static ScenarioDefinition Ring(Action<ModelParameters> tune, params TimelineAction[] timeline)
    {
        var s = RingScenario(timeline);
        s.Parameters.ControlPlaneRebootMs = 20_000;
        tune(s.Parameters);
        return s;
    }

    [Fact]
    public async Task Dump()
    {
        var (events, _) = await RunAsync(Ring(p => { p.IgpGracefulRestartMs = 120_000; p.IgpHelloIntervalMs = 1; }, Fail(0, 10_000, ControlPlaneLost(R2))));
        File.WriteAllLines("/tmp/gr/dump1.txt", events.Where(e => e.Ms >= 10_000).Select(e => $"{e.Id} {e.Ms} {e.NodeName} {e.Kind} {e.Subject} {e.DataJson} cause={e.Cause}"));
        var (off, _) = await RunAsync(Ring(p => { p.IgpHelloIntervalMs = 1; }, Fail(0, 10_000, ControlPlaneLost(R2))));
        File.WriteAllLines("/tmp/gr/dump0.txt", off.Where(e => e.Ms >= 10_000).Select(e => $"{e.Id} {e.Ms} {e.NodeName} {e.Kind} {e.Subject} {e.DataJson} cause={e.Cause}"));
    }

    [Fact]
    public async Task Dump2()
    {
        var loss = new FailAction(0, "cp", 10_000, new SourceLocation("square.yaml", 3, 3), [DataPlaneTests.A], "cp", new FailureSpec(FailureSpec.ControlPlane, 0) { RouterNodes = [DataPlaneTests.A] });
        var (events, _) = await RunAsync(DataPlaneTests.Square(p => { p.ControlPlaneRebootMs = 20_000; p.IgpGracefulRestartMs = 120_000; }, loss));
        File.WriteAllLines("/tmp/gr/sq1.txt", events.Where(e => e.Ms >= 10_000).Select(e => $"{e.Id} {e.Ms} {e.NodeName} {e.Kind} {e.Subject} {e.DataJson} cause={e.Cause}"));
        var (off, _) = await RunAsync(DataPlaneTests.Square(p => { p.ControlPlaneRebootMs = 20_000; }, loss));
        File.WriteAllLines("/tmp/gr/sq0.txt", off.Where(e => e.Ms >= 10_000).Select(e => $"{e.Id} {e.Ms} {e.NodeName} {e.Kind} {e.Subject} {e.DataJson} cause={e.Cause}"));
    }
}
