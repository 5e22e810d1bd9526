using BackboneSim.Model.Scenario;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

/// <summary>Responders reach the network only by a path that still works; the rollback waits for them.</summary>
public class ResponderTests
{
    private static readonly ResponderSpec Shared = new(OobSeparate: false, VpnLoginMs: 300_000, OobLoginMs: 600_000,
        TravelMs: 3_600_000, SecurityMs: 1_800_000, DiagnoseMs: 600_000);

    [Fact]
    public async Task With_the_backbone_and_a_shared_out_of_band_network_down_the_rollback_waits_until_they_are_on_site()
    {
        // r4 (the only PoP) cuts itself off at 10 s; the responders are dispatched at 60 s.
        var (events, _) = await RunAsync(RingScenario(Shared, Push(0, 10_000, R4, "*", up: false), Respond(1, 60_000, rollbackOf: 0)));
        var dispatched = Assert.Single(events, e => e.Kind == "responders.dispatched");
        Assert.Equal(60_001, dispatched.Ms); // a local hop after the scenario line
        Assert.Equal(2, events.Count(e => e.Kind == "responders.access_attempt" && e.Value == 0)); // VPN and OOB both fail
        Assert.Equal(60_001 + 3_600_000, Assert.Single(events, e => e.Kind == "responders.on_site").Ms);
        var access = Assert.Single(events, e => e.Kind == "responders.access_gained");
        Assert.Equal(60_001 + 3_600_000 + 1_800_000, access.Ms);
        Assert.Contains("\"path\":\"on-site\"", access.DataJson);
        var rollback = Assert.Single(events, e => e.Kind == "responders.rollback");
        Assert.Equal(access.Ms + 600_000, rollback.Ms);
        // The rollback is a push like any other: applied 1 s later, and r4 finds the data center again.
        var applied = events.Last(e => e.Kind == "config.applied" && e.NodeName == "r4");
        Assert.Equal(rollback.Ms + 1_000, applied.Ms);
        Assert.Contains(events, e => e.Kind == "igp.dc_reachability" && e.Value == 1 && e.Ms > applied.Ms);
    }

    [Fact]
    public async Task A_separate_out_of_band_network_gets_them_in_without_travel()
    {
        var separate = Shared with { OobSeparate = true };
        var (events, _) = await RunAsync(RingScenario(separate, Push(0, 10_000, R4, "*", up: false), Respond(1, 60_000, rollbackOf: 0)));
        Assert.DoesNotContain(events, e => e.Kind is "responders.travelling" or "responders.on_site");
        var access = Assert.Single(events, e => e.Kind == "responders.access_gained");
        Assert.Equal(60_001 + 600_000, access.Ms);
        Assert.Contains("\"path\":\"oob\"", access.DataJson);
    }

    [Fact]
    public async Task While_a_PoP_still_reaches_a_data_center_they_use_the_VPN()
    {
        // Only r2 is cut off: r4 still reaches the data center, so remote access works.
        var (events, _) = await RunAsync(RingScenario(Shared, Push(0, 10_000, R2, "*", up: false), Respond(1, 60_000, rollbackOf: 0)));
        var access = Assert.Single(events, e => e.Kind == "responders.access_gained");
        Assert.Equal(60_001 + 300_000, access.Ms);
        Assert.Contains("\"path\":\"vpn\"", access.DataJson);
    }

    [Fact]
    public async Task Internal_tools_fail_with_what_they_depend_on()
    {
        var (shared, _) = await RunAsync(RingScenario(Shared, Push(0, 10_000, R4, "*", up: false)));
        var down = shared.Where(e => e.Kind == "tool.availability" && e.Value == 0).Select(e => e.Subject).ToHashSet();
        Assert.Equal(["badge-system", "config-management", "internal-chat", "oob-console", "vpn"], down.Order());
        // r4's SPF finds no data center at 11 250; it tells the responders a local hop later.
        Assert.All(shared.Where(e => e.Kind == "tool.availability"), e => Assert.Equal(11_251, e.Ms));

        var (separate, _) = await RunAsync(RingScenario(Shared with { OobSeparate = true }, Push(0, 10_000, R4, "*", up: false)));
        Assert.DoesNotContain(separate, e => e.Kind == "tool.availability" && e.Subject == "oob-console");
        Assert.Contains(separate, e => e.Kind == "tool.availability" && e.Subject == "vpn" && e.Value == 0);
    }

    /// <summary>The responders alone, with one PoP gateway (node 4) whose reports arrive as given.</summary>
    private static List<Engine.SimEvent> Dispatch(double delivered, bool reachable = true)
    {
        var model = new Nodes.ResponderModel(Shared, new Nodes.ModelParameters(), [4], []);
        var host = new Engine.NodeHost(6, "responders", model, 1, Engine.DeterministicRandom.ForNode(1, "responders"));
        host.Start();
        Engine.SimMessage Msg(long at, int from, object payload, long seq) => new() { DeliverAt = at, From = from, To = 6, Seq = seq, Payload = payload };
        var events = host.Step(1_001, [Msg(1_000, 4, new Nodes.ReachabilityReport { DataCenterReachable = reachable, Delivered = delivered }, 1)]).Events.ToList();
        events.AddRange(host.Step(10_000_000, [Msg(2_000, 0, new Nodes.RespondOrder { Action = "respond", RollbackOf = "push" }, 2)]).Events);
        return events;
    }

    [Fact]
    public void Over_a_lossy_backbone_the_vpn_login_is_slower_and_below_half_it_fails()
    {
        // 80 % of the PoP's traffic arrives: every packet is sent 1.25 times on average, so the 5-minute login takes 6.25.
        var slow = Dispatch(0.8);
        Assert.Contains("only 80 % of its traffic arrives", Assert.Single(slow, e => e.Kind == "responders.access_attempt").DataJson);
        Assert.Equal(2_000 + 375_000, Assert.Single(slow, e => e.Kind == "responders.access_gained").Ms);
        // The diagnosis crawls over the same path: 10 minutes ÷ 0.8 = 12.5, so the rollback goes at 377 000 + 750 000.
        Assert.Contains("\"diagnose_ms\":750000", Assert.Single(slow, e => e.Kind == "responders.access_gained").DataJson);
        Assert.Equal(377_000 + 750_000, Assert.Single(slow, e => e.Kind == "responders.rollback").Ms);
        // 40 %: the VPN does not work at all (the IGP still reaches a data center); the tools that need the backbone are down.
        var lossy = Dispatch(0.4);
        Assert.Contains(lossy, e => e.Kind == "responders.access_attempt" && e.Value == 0 && e.DataJson.Contains("\"path\":\"vpn\""));
        Assert.Contains(lossy, e => e.Kind == "tool.availability" && e.Subject == "vpn" && e.Value == 0);
        Assert.Contains(lossy, e => e.Kind == "responders.travelling");
    }
}
