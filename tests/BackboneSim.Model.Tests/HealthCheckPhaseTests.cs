using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Configuration;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// <c>health_check_phase</c>: two DNS servers at one PoP whose gateway loses every data center at 1 s. With random
/// phases (the default) each checks on a grid of its own and withdraws at its own third failing check; aligned, both
/// check at k × 10 s from the start and withdraw together at 30 s. Driven message by message through real NodeHosts.
/// </summary>
public class HealthCheckPhaseTests
{
    private const int Gateway = 4, D1 = 5, D2 = 6;
    private const long Interval = 10_000, LostAt = 1_000;
    private const long Seed = 42;

    private static DnsServerSpec Spec(int node, string name) => new(node, name, "pop", Gateway, [Gateway], ["192.0.2.0/24"]);

    /// <summary>Runs one server until 40 s with its gateway reporting the data centers lost at 1 s; its health-check
    /// events and its withdrawal.</summary>
    private static (long FirstCheck, long ActsAt, long Withdraw) Run(DnsServerSpec spec, ModelParameters p, DnsHealthCheck? health = null)
    {
        var host = new NodeHost(spec.Node, spec.Name, new DnsServerModel(spec, p, health: health), 1, DeterministicRandom.ForNode(Seed, spec.Name));
        host.Start();
        var report = new SimMessage { DeliverAt = LostAt, From = Gateway, To = spec.Node, Seq = 1, Payload = new ReachabilityReport { DataCenterReachable = false } };
        var events = host.Step(LostAt + 1, [report]).Events.Concat(host.Step(40_000, []).Events).ToList();
        var failing = Assert.Single(events, e => e.Kind == "dns.healthcheck_failing");
        var data = System.Text.Json.JsonDocument.Parse(failing.DataJson).RootElement;
        return (data.GetProperty("first_check_ms").GetInt64(), data.GetProperty("acts_at_ms").GetInt64(), Assert.Single(events, e => e.Kind == "dns.withdraw").Ms);
    }

    /// <summary>The server's phase as its generator draws it first: uniform in [0, interval).</summary>
    private static long Drawn(string name) => DeterministicRandom.ForNode(Seed, name).NextLong(0, Interval);

    /// <summary>First grid point strictly after the loss.</summary>
    private static long FirstCheckAfterLoss(long phase) => phase > LostAt ? phase : phase + ((LostAt - phase) / Interval + 1) * Interval;

    [Fact]
    public void With_random_phases_two_servers_check_and_withdraw_at_different_times()
    {
        var p = new ModelParameters { HealthCheckIntervalMs = Interval };
        Assert.Equal("random", p.HealthCheckPhase); // the default: what every library scenario runs with
        var (phase1, phase2) = (Drawn("d1"), Drawn("d2"));
        Assert.NotEqual(phase1, phase2);
        foreach (var (node, name, phase) in new[] { (D1, "d1", phase1), (D2, "d2", phase2) })
        {
            var (first, actsAt, withdraw) = Run(Spec(node, name), p);
            // First failing check: the server's own grid point after 1 s; the withdrawal two checks (20 s) later.
            Assert.Equal(FirstCheckAfterLoss(phase), first);
            Assert.Equal(first + 2 * Interval, actsAt);
            Assert.Equal(actsAt, withdraw);
        }
        Assert.NotEqual(FirstCheckAfterLoss(phase1), FirstCheckAfterLoss(phase2));
    }

    [Fact]
    public void With_aligned_phases_two_servers_check_and_withdraw_together()
    {
        var p = new ModelParameters { HealthCheckIntervalMs = Interval, HealthCheckPhase = "aligned" };
        // Checks at 0, 10 s, 20 s, 30 s from the start: the first after the loss at 1 s is at 10 s, the third at 30 s.
        Assert.Equal((10_000L, 30_000L, 30_000L), Run(Spec(D1, "d1"), p));
        Assert.Equal((10_000L, 30_000L, 30_000L), Run(Spec(D2, "d2"), p));
    }

    [Fact]
    public void A_server_of_its_own_phase_in_the_base_configuration_overrides_the_parameter()
    {
        // The fleet is random; d1's own health check (config: health_check: { phase: aligned }) is aligned.
        var p = new ModelParameters { HealthCheckIntervalMs = Interval };
        var config = new BaseConfiguration([], p, [new ConfigEntry { Targets = [D1], Health = new DnsHealthSetting(null, null, null, null, AlignedPhase: true) }]);
        Assert.True(config.Health(Spec(D1, "d1")).AlignedPhase);
        Assert.False(config.Health(Spec(D2, "d2")).AlignedPhase);
        Assert.Equal((10_000L, 30_000L, 30_000L), Run(Spec(D1, "d1"), p, config.Health(Spec(D1, "d1"))));
        Assert.Equal(FirstCheckAfterLoss(Drawn("d2")) + 2 * Interval, Run(Spec(D2, "d2"), p, config.Health(Spec(D2, "d2"))).Withdraw);
    }

    [Fact]
    public void The_loader_reads_the_parameter_and_a_servers_own_phase()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(extra: """
            parameters:
              health_check_phase: aligned
            config:
              - targets: { role: dns, site: p1 }
                health_check: { phase: random }
            """)));
        Assert.Equal("aligned", scenario.Parameters.HealthCheckPhase);
        var factory = new SimulationFactory(scenario);
        foreach (var server in scenario.Topology.DnsServers)
            Assert.Equal(server.Site != "p1", factory.Configuration.Health(server).AlignedPhase);
    }
}
