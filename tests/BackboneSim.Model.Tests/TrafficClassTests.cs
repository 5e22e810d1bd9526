using System.Text.Json;
using BackboneSim.Engine;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Classes of traffic on shared links (strict priority between them, the same share lost by every flow within one):
/// the data centers' replication is bulk, the users' requests interactive, so a link that loses half the capacity
/// between two regions drops the replication first and the users see partial service, not all or nothing.
/// </summary>
public class TrafficClassTests
{
    /// <summary>
    /// Two regions joined by two 10 Gb/s links (a1~b1, a2~b2). The users' edge router e (west) reaches the east data
    /// center x over either (the service runs only there; the west one, w, sits behind metric-1000 links), and each
    /// data center replicates 6 Gb/s to the other over them too. 12,000 users at 1 Mb/s each, all active, all over the
    /// backbone: 12 Gb/s of front-end traffic west to east.
    /// </summary>
    private const string TwoRegions = """
        scenario: two-regions
        title: Two regions, two links
        seed: 5
        start: 2021-10-04T12:00:00Z
        duration: 3m
        parameters:
          active_user_fraction: 1
          mbps_per_active_user: 1
          backbone_traffic_share: 1
          dc_replication_gbps: 6
          internal_tools_gbps: 0
        topology:
          generator: explicit
          operator: { name: Two Regions, asn: 64510 }
          sites:
            - { name: dcw, kind: datacenter, lat: 50.0, lon: 8.0, region: west }
            - { name: dce, kind: datacenter, lat: 50.0, lon: 14.0, region: east }
            - { name: hubw1, kind: hub, lat: 50.5, lon: 9.0, region: west }
            - { name: hubw2, kind: hub, lat: 49.5, lon: 9.0, region: west }
            - { name: hube1, kind: hub, lat: 50.5, lon: 13.0, region: east }
            - { name: hube2, kind: hub, lat: 49.5, lon: 13.0, region: east }
            - { name: popw, kind: pop, lat: 50.0, lon: 9.5, region: west }
          routers:
            - { name: w, site: dcw, role: datacenter-border }
            - { name: x, site: dce, role: datacenter-border }
            - { name: a1, site: hubw1, role: backbone }
            - { name: a2, site: hubw2, role: backbone }
            - { name: b1, site: hube1, role: backbone }
            - { name: b2, site: hube2, role: backbone }
            - { name: e, site: popw, role: edge }
          links:
            - { a: e, b: a1, capacity_gbps: 100, latency_ms: 1, metric: 10 }
            - { a: e, b: a2, capacity_gbps: 100, latency_ms: 1, metric: 10 }
            - { a: w, b: a1, capacity_gbps: 100, latency_ms: 1, metric: 1000 }
            - { a: w, b: a2, capacity_gbps: 100, latency_ms: 1, metric: 1000 }
            - { a: a1, b: b1, capacity_gbps: 10, latency_ms: 5, metric: 10 }
            - { a: a2, b: b2, capacity_gbps: 10, latency_ms: 5, metric: 10 }
            - { a: b1, b: x, capacity_gbps: 100, latency_ms: 1, metric: 10 }
            - { a: b2, b: x, capacity_gbps: 100, latency_ms: 1, metric: 10 }
          dns: { per_pop: 1, prefixes: [192.0.2.0/24] }
          internet:
            ases:
              - { asn: 3320, name: DTAG, tier: regional, region: west }
            peerings:
              - { as: 3320, router: e, kind: transit }
          services:
            - { name: app.example, ttl: 300s, datacenters: [dce] }
          users: { west: 12000 }
        timeline:
          - at: "+1m"
            name: backhoe
            fail: { links: a1~b1 }
        """;

    private static (long Ms, double Delivered, double Congestion, double BulkOffered, double BulkDelivered)[] Traffic(IEnumerable<LoggedEvent> events) =>
        events.Where(e => e.Kind == "backbone.traffic").Select(e =>
        {
            using var json = JsonDocument.Parse(e.DataJson);
            double Get(string key) => json.RootElement.GetProperty(key).GetDouble();
            return (e.Ms, Get("delivered_gbps"), Get("lost_congestion_gbps"), Get("bulk_offered_gbps"), Get("bulk_delivered_gbps"));
        }).ToArray();

    [Fact]
    public async Task Half_the_capacity_between_two_regions_congests_the_other_link_drops_replication_first_and_serves_users_in_part()
    {
        using var t = new TempScenario();
        var (events, _) = await RingNetwork.RunAsync(ScenarioLoader.Load(t.Write("s.yaml", TwoRegions)));
        var traffic = Traffic(events);
        // Before the cut each link carries half of everything west to east: 6 Gb/s of users and 3 of replication, 90 %.
        var steady = traffic.Last(x => x.Ms < 60_000);
        Assert.Equal((12, 0, 12, 12), (steady.Delivered, steady.Congestion, steady.BulkOffered, steady.BulkDelivered));
        Assert.Contains(events, e => e.Kind == "link.utilisation" && e.Subject == "a2~b2" && e.Ms < 60_000 && e.Value == 0.9);
        // Once a1~b1 is cut and every router has reconverged, a2~b2 is offered 18 Gb/s west to east: the users' 12 go
        // first and get 10; the 6 of replication get nothing. East to west carries only the other 6 of replication.
        var cut = traffic.Last();
        Assert.Equal((10, 2, 12, 6), (cut.Delivered, cut.Congestion, cut.BulkOffered, cut.BulkDelivered));
        Assert.Contains(events, e => e.Kind == "link.utilisation" && e.Subject == "a2~b2" && e.Ms > 60_000 && e.Value == 1.8);
        // The users see partial service: 10 of 12 of their front-end traffic arrives.
        var served = events.Last(e => e.Kind == "service.availability" && e.Subject == "app.example");
        Assert.InRange(served.Value, 0.8, 0.87);
        // The service's traffic_delivered series: 12 Gb/s before, then 12 x the front-end share the users were told
        // (10/12, in steps of 0.02: 0.84).
        var (_, factory) = await RingNetwork.RunAsync(ScenarioLoader.Load(t.Write("again.yaml", TwoRegions)));
        var state = new BackboneSim.Analysis.Observation.RunState(factory);
        Assert.Equal(12, state.ValueOf("traffic_delivered:app.example"), 9);
        foreach (var e in events) state.Apply(e);
        Assert.Equal(12 * 0.84, state.ValueOf("traffic_delivered:app.example"), 9);
        Assert.Contains("traffic_delivered:app.example", state.Columns);
    }

    [Fact]
    public async Task A_link_the_scenario_names_is_a_series_column_an_expectation_can_hold_and_the_file_carries()
    {
        // Named in either order (b2~a2): the column is link_utilisation:a2~b2, 0.9 before the cut and 1.8 after it.
        var text = TwoRegions + "\n" + """
            expect:
              - { name: remaining-link-congested, series: "link_utilisation:b2~a2", above: 1.5, after: backhoe, within: 1m }
            """;
        using var t = new TempScenario();
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", text));
        Assert.Equal("link_utilisation:a2~b2", Assert.Single(scenario.Expectations).Series!.Column);
        var (events, factory) = await RingNetwork.RunAsync(scenario);
        var state = new BackboneSim.Analysis.Observation.RunState(factory);
        Assert.Contains("link_utilisation:a2~b2", state.Columns);
        Assert.DoesNotContain("link_utilisation:a1~b1", state.Columns); // only the links asked for
        foreach (var e in events.Where(e => e.Ms < 60_000)) state.Apply(e);
        Assert.Equal(0.9, state.ValueOf("link_utilisation:a2~b2"));
        foreach (var e in events.Where(e => e.Ms >= 60_000)) state.Apply(e);
        Assert.Equal(1.8, state.ValueOf("link_utilisation:a2~b2"));
        // A pair with no link between its routers is an error that says so.
        var bad = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("bad.yaml", text.Replace("b2~a2", "a1~b2"))));
        Assert.Contains(bad.Errors, e => e.Message.Contains("no link between the routers of 'link_utilisation:a1~b2'"));
    }

    [Fact]
    public async Task Internal_tools_are_standard_traffic_so_the_users_crowd_them_out_of_a_congested_link_and_the_vpn_goes_down()
    {
        // 1 Gb/s of internal-tool traffic from the PoP (e) to its nearest data center as designed (x, metric 30 against
        // w's 1010). Before the cut it shares two 10 Gb/s links with the users' 12 and the replication's 12: it arrives.
        // After it, a2~b2 is offered 12 interactive, 1 standard and 6 bulk: the users take all 10, the tools get nothing.
        using var t = new TempScenario();
        var (events, _) = await RingNetwork.RunAsync(ScenarioLoader.Load(t.Write("s.yaml",
            TwoRegions.Replace("internal_tools_gbps: 0", "internal_tools_gbps: 1"))));
        (long Ms, long Id, double Offered, double Delivered)[] tools = events.Where(e => e.Kind == "backbone.traffic").Select(e =>
        {
            using var json = JsonDocument.Parse(e.DataJson);
            return (e.Ms, e.Id, json.RootElement.GetProperty("tools_offered_gbps").GetDouble(), json.RootElement.GetProperty("tools_delivered_gbps").GetDouble());
        }).ToArray();
        Assert.Equal((1.0, 1.0), (tools.Last(x => x.Ms < 60_000).Offered, tools.Last(x => x.Ms < 60_000).Delivered));
        Assert.Equal((1.0, 0.0), (tools.Last().Offered, tools.Last().Delivered));
        // The first step after the cut already loses most of it (the half sent into the cut link, before the routers
        // reconverge onto a2~b2, which then starves it): the drop lasts, so the responders hear delivery_hold (1 s)
        // and a lookahead (10 ms) later. The tools that need the backbone go down, caused by that step; the out-of-band
        // console (shared by default) with them.
        var first = tools.First(x => x.Ms > 60_000);
        Assert.True(first.Delivered <= 0.5, $"{first.Delivered} Gb/s of the tools' 1 arrive after the cut"); // a little under half: less than the VPN needs
        Assert.Contains(tools, x => x.Ms > first.Ms && x.Delivered == 0);
        var down = events.Where(e => e.Kind == "tool.availability" && e.Value == 0).ToList();
        Assert.Equal(["badge-system", "config-management", "internal-chat", "oob-console", "vpn"], down.Select(e => e.Subject).Order());
        Assert.All(down, e => Assert.Equal((first.Ms + 1_000 + 10, first.Id), (e.Ms, e.Cause)));
    }

    /// <summary>The two regions without replication, and instead of the cut a push at +1 min that puts an ACL denying
    /// data on the backbone interfaces of <paramref name="targets"/>; <paramref name="config"/> is added at the end.</summary>
    private static async Task<(List<LoggedEvent> Events, BackboneSim.Model.Build.SimulationFactory Factory)> RunWithFilter(string targets, string config = "")
    {
        var scenario = TwoRegions.Replace("dc_replication_gbps: 6", "dc_replication_gbps: 0").Replace("""
              - at: "+1m"
                name: backhoe
                fail: { links: a1~b1 }
            """, $$"""
              - at: "+1m"
                name: bad-filter
                push:
                  targets: {{targets}}
                  change:
                    - acl: { match: backbone, data: deny }
            """) + "\n" + config;
        using var t = new TempScenario();
        return await RingNetwork.RunAsync(ScenarioLoader.Load(t.Write("s.yaml", scenario)));
    }

    [Fact]
    public async Task An_acl_denying_data_at_the_data_center_cuts_the_users_off_while_bgp_and_the_igp_stay_healthy()
    {
        // The east data center's border router gets a filter that discards the data arriving from b1 and b2 (a push
        // at +1 min, applied push_base later). Routing protocols pass it: no adjacency, session or route changes, the
        // operator's prefixes stay visible in the Internet, and still the users lose the service.
        var (events, factory) = await RunWithFilter("{ name: x }");
        var applied = events.First(e => e.Kind == "interface.acl").Ms;
        Assert.Equal(2, events.Count(e => e.Kind == "interface.acl"));
        Assert.DoesNotContain(events, e => e.Ms >= applied && (e.Kind.StartsWith("igp.") || e.Kind.StartsWith("bgp.") || e.Kind.StartsWith("dns.")));
        var lost = Traffic(events).Last();
        Assert.Equal((0, 0), (lost.Delivered, lost.Congestion));
        Assert.Contains(events, e => e.Kind == "backbone.traffic" && e.DataJson.Contains("\"lost_filtered_gbps\":12"));
        var state = new BackboneSim.Analysis.Observation.RunState(factory);
        foreach (var e in events) state.Apply(e);
        Assert.All(state.Prefixes, p => Assert.Equal(1, state.Visibility(p)));
        Assert.Equal(0, state.ServiceAvailability("app.example"));
        Assert.Equal(12, state.ValueOf("traffic_lost:filtered"));
    }

    [Theory]
    [InlineData("igp", false)]
    [InlineData("data_plane", true)]
    public async Task A_dns_health_check_that_probes_over_the_data_plane_sees_the_acl_the_igp_does_not(string probe, bool withdraws)
    {
        // The filter on both data centers' border routers; the DNS server at popw checks health every 2 s and
        // withdraws after 3 failing checks. Over the IGP every check passes (the border routers are reachable); its
        // probes, carried over the FIBs from its gateway e, are discarded at w and x like the users' traffic, so it
        // withdraws 3 checks later. (With the filter on x alone its probes still reach w: it would stay.)
        var (events, _) = await RunWithFilter("{ role: datacenter-border }", $$"""
            config:
              - targets: { role: dns }
                health_check: { interval: 2s, fail_threshold: 3, probe: {{probe}} }
            """);
        var applied = events.Last(e => e.Kind == "interface.acl").Ms; // until the last border router has it, probes reach that one
        var withdrawals = events.Where(e => e.Kind == "dns.withdraw").ToArray();
        if (!withdraws) { Assert.Empty(withdrawals); return; }
        var failing = events.Single(e => e.Kind == "dns.healthcheck_failing");
        // The data plane hears of the filter a lookahead after it lands and carries anew a traffic_step later; the
        // server hears of the lost probes a lookahead (10 ms) after that, and withdraws at its third failing check.
        Assert.Equal(applied + 10 + 100 + 10, failing.Ms);
        var withdraw = Assert.Single(withdrawals);
        Assert.InRange(withdraw.Ms, failing.Ms + 2 * 2_000, failing.Ms + 3 * 2_000);
        Assert.Contains(events, e => e.Kind == "bgp.route_lost" && e.Ms > withdraw.Ms); // the Internet loses the DNS prefix
    }
}
