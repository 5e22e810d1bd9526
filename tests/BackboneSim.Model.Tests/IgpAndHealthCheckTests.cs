using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

public class IgpAndHealthCheckTests
{
    private static long At(List<LoggedEvent> events, string kind, string node)
        => Assert.Single(events, e => e.Kind == kind && e.NodeName == node).Ms;

    [Fact]
    public async Task Ring_reconverges_around_an_isolated_router_with_hand_computed_timings()
    {
        // r2 shuts every interface at 10 s; the push lands at 11 s.
        var (events, _) = await RunAsync(RingScenario(Push(0, 10_000, R2, "*", up: false)));
        Assert.Equal(11_000, At(events, "config.applied", "r2"));
        Assert.Equal(2, events.Count(e => e.Kind == "igp.adjacency_down" && e.NodeName == "r2" && e.Ms == 11_000));
        // Neighbours see light go after 1 ms propagation + 150 ms detection...
        Assert.Equal(11_151, At(events, "igp.adjacency_down", "r1"));
        Assert.Equal(11_151, At(events, "igp.adjacency_down", "r3"));
        // ...and originate new LSAs after the 50 ms generation wait.
        Assert.Equal(11_201, At(events, "igp.lsa_originated", "r1"));
        Assert.Equal(11_201, At(events, "igp.lsa_originated", "r3"));
        // r4 still reaches dcx directly over r4-r1: nothing changes for the DNS server.
        Assert.DoesNotContain(events, e => e.Kind is "igp.dc_reachability" or "dns.withdraw");
    }

    [Fact]
    public async Task An_isolated_edge_withdraws_DNS_after_the_failure_threshold()
    {
        var (events, factory) = await RunAsync(RingScenario(Push(0, 10_000, R4, "*", up: false)));
        // Push lands at 11 000; own LSA after 50 ms; first SPF after the 200 ms initial wait.
        Assert.Equal(11_050, At(events, "igp.lsa_originated", "r4"));
        var unreachable = Assert.Single(events, e => e.Kind == "igp.dc_reachability");
        Assert.Equal((11_250L, 0.0), (unreachable.Ms, unreachable.Value));
        // The DNS server hears it 1 ms later (local hop) and withdraws at the 3rd consecutive failed check.
        var failing = Assert.Single(events, e => e.Kind == "dns.healthcheck_failing");
        Assert.Equal(11_251, failing.Ms);
        // Same seed, same node name: the same check phase as in the run.
        var probe = factory.CreateHost(D1);
        probe.Start();
        var firstFailedCheck = ((DnsServerModel)probe.Model).NextCheckAfter(11_251);
        Assert.InRange(firstFailedCheck, 11_252, 21_251);
        var withdraw = Assert.Single(events, e => e.Kind == "dns.withdraw");
        Assert.Equal(firstFailedCheck + 2 * 10_000, withdraw.Ms); // the 3rd consecutive failed check
        Assert.Equal(failing.Id, withdraw.Cause);
        Assert.Equal(unreachable.Id, failing.Cause);
    }

    [Fact]
    public async Task A_flap_shorter_than_the_threshold_does_not_withdraw()
    {
        var (events, _) = await RunAsync(RingScenario(Push(0, 10_000, R4, "*", up: false), Push(1, 15_000, R4, "*", up: true)));
        // The push lands at 16 000: r4 sees its neighbours' light at once and sends hellos, lost on the way (r1 and r3
        // see r4's light only at 16 152, after the 2 ms links and 150 ms detection). Their first hellos reach r4 at
        // 16 154; r4's second hellos (26 000) list them: two-way at 26 002, whose Database Descriptions bring r4 to
        // two-way at 26 004, full two round trips of 4 ms later (26 012). r1's and r3's databases, sent as they are
        // full (26 010), reach r4 2 ms later (26 012): their LSAs from the shutdown, which do not list r4. r4's
        // database reaches them at 26 014, and they originate LSAs listing r4 after the 50 ms generation wait
        // (26 064); these reach r4 at 26 066, within MinLSArrival (1 s) of the installs at 26 012: discarded, and
        // sent again a retransmit interval (5 s) after they were sent, reaching r4 at 31 066. r4's SPF ran at
        // 26 212 (the initial 200 ms after the databases); the next waits 200 ms after the trigger and the 1 s
        // secondary wait after that run: it finds dcx again at 31 266, down for 20 s, under the 3 failed checks
        // 10 s apart that a withdrawal takes.
        Assert.Equal(2, events.Count(e => e.Kind == "igp.adjacency_up" && e.NodeName == "r4" && e.Ms == 26_012));
        var back = Assert.Single(events, e => e.Kind == "igp.dc_reachability" && e.Value == 1);
        Assert.Equal(31_266, back.Ms);
        Assert.DoesNotContain(events, e => e.Kind == "dns.withdraw");
    }

    [Fact]
    public void Health_checks_happen_on_a_fixed_phase_grid()
    {
        var p = new ModelParameters { HealthCheckIntervalMs = 10_000 };
        var model = new DnsServerModel(RingTopology().DnsServers[0], p);
        var host = new NodeHost(D1, "d1", model, 1, DeterministicRandom.ForNode(1, "d1"));
        host.Start();
        var first = model.NextCheckAfter(0);
        Assert.InRange(first, 0, 10_000);
        Assert.Equal(first + 10_000, model.NextCheckAfter(first));
        Assert.Equal(first + 10_000, model.NextCheckAfter(first + 9_999));
        Assert.Equal(first + 20_000, model.NextCheckAfter(first + 10_000));
    }

    [Fact]
    public void Spf_throttle_backs_off_in_a_storm_and_resets_when_quiet()
    {
        var t = new SpfThrottle(200, 1_000, 5_000);
        Assert.Equal(1_200, t.NextRun(1_000));   // quiet: initial wait
        Assert.Equal(2_200, t.NextRun(1_300));   // storm: secondary wait after the last run
        Assert.Equal(4_200, t.NextRun(2_300));   // doubled
        Assert.Equal(8_200, t.NextRun(4_300));   // doubled again
        Assert.Equal(13_200, t.NextRun(8_300));  // capped at the maximum
        Assert.Equal(30_200, t.NextRun(30_000)); // quiet for more than 2 x max: initial again
    }
}
