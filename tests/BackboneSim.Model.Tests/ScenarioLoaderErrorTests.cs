using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

public class ScenarioLoaderErrorTests
{
    private static ScenarioError SingleError(Action load)
    {
        var ex = Assert.Throws<ScenarioLoadException>(load);
        return Assert.Single(ex.Errors);
    }

    [Fact]
    public void Missing_file_is_reported_at_the_file()
    {
        using var t = new TempScenario();
        var path = Path.Combine(t.Folder, "nope.yaml");
        var e = SingleError(() => ScenarioLoader.Load(path));
        Assert.Equal(1, e.Location.Line);
        Assert.EndsWith("nope.yaml", e.Location.File);
        Assert.Contains("file not found", e.Message);
    }

    [Fact]
    public void Bad_yaml_names_its_line_and_column()
    {
        using var t = new TempScenario();
        var path = t.Write("s.yaml", "scenario: x\ntitle: [unclosed\nseed: 1\n");
        var e = SingleError(() => ScenarioLoader.Load(path));
        Assert.StartsWith("YAML syntax", e.Message);
        Assert.Equal(2, e.Location.Line); // where the unclosed '[' opens
    }

    [Fact]
    public void Unknown_field_gets_a_suggestion_at_its_own_position()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "15:40:00"
                push:
                  tagets: { role: backbone }
                  change: [ { interfaces: { match: backbone, admin: down } } ]
            """));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        var unknown = Assert.Single(ex.Errors, e => e.Message.Contains("unknown field 'tagets'"));
        Assert.Contains("did you mean 'targets'?", unknown.Message);
        Assert.Equal((12, 7), (unknown.Location.Line, unknown.Location.Column));
        // The missing real key is reported too: every error in one pass.
        Assert.Contains(ex.Errors, e => e.Message.Contains("missing the required field 'targets'"));
    }

    [Fact]
    public void Wrong_type_is_reported_at_the_value()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var path = t.Write("s.yaml", TempScenario.Scenario().Replace("seed: 42", "seed: forty-two"));
        var e = SingleError(() => ScenarioLoader.Load(path));
        Assert.Equal((3, 7), (e.Location.Line, e.Location.Column));
        Assert.Contains("'seed' must be a whole number", e.Message);
    }

    [Fact]
    public void Errors_inside_an_included_file_name_that_file()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("lat: 44.3", "lat: 144.3"));
        var path = t.Write("s.yaml", TempScenario.Scenario());
        var e = SingleError(() => ScenarioLoader.Load(path));
        Assert.EndsWith("topo.yaml", e.Location.File);
        Assert.Equal(14, e.Location.Line);
        Assert.Contains("'lat' is 144.3; it must be between -90 and 90", e.Message);
    }

    [Fact]
    public void Includes_cannot_leave_the_scenario_folder()
    {
        using var t = new TempScenario();
        var path = t.Write("sub/s.yaml", TempScenario.Scenario().Replace("include: topo.yaml", "include: ../../etc/passwd"));
        var e = SingleError(() => ScenarioLoader.Load(path));
        Assert.Contains("leaves the scenario's folder", e.Message);
    }

    [Fact]
    public void Unknown_site_and_bad_time_are_both_reported()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "25:99"
                push: { targets: { role: backbone }, change: [ { interfaces: { match: backbone, admin: down } } ] }
              - at: "+5m"
                push: { targets: { site: dc3 }, change: [ { interfaces: { match: backbnoe, admin: down } } ] }
            """));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'at' must be a time of day") && e.Location.Line == 10);
        Assert.Contains(ex.Errors, e => e.Message.Contains("no site named 'dc3'") && e.Message.Contains("did you mean 'dc1'?"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'match' is 'backbnoe'") && e.Message.Contains("did you mean 'backbone'?"));
    }

    [Fact]
    public void A_valid_scenario_loads_with_its_timeline_resolved()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+10m"
                name: cut
                push: { targets: { role: backbone, region: na }, change: [ { interfaces: { match: backbone, admin: down } } ] }
            """));
        var s = ScenarioLoader.Load(path);
        var action = Assert.Single(s.Timeline);
        Assert.Equal(600_000, action.AtMs);
        Assert.Equal(3, action.Targets.Count); // dc1-bb1, h1-bb1, h1-bb2
        Assert.Equal(3_600_000, s.DurationMs);
        Assert.Equal(2, s.Topology.DnsServers.Count);
    }

    [Fact]
    public void An_empty_data_center_list_is_an_error_not_a_crash()
    {
        using var t = new TempScenario();
        var topo = TempScenario.SmallTopology;
        var start = topo.IndexOf("datacenters:", StringComparison.Ordinal);
        var end = topo.IndexOf("hubs:", StringComparison.Ordinal);
        t.Write("topo.yaml", topo[..start] + "datacenters: []\n" + topo[end..]);
        var e = SingleError(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        Assert.Contains("at least one data center", e.Message);
        Assert.EndsWith("topo.yaml", e.Location.File);
    }

    [Fact]
    public void Four_byte_AS_numbers_keep_their_value()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("asn: 7922", "asn: 4200000001"));
        var s = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario()));
        Assert.Contains(s.Topology.ExternalAses, a => a.Asn == 4_200_000_001 && a.Name == "as4200000001");
    }

    [Theory]
    [InlineData("9:39", 9 * 60_000)]
    [InlineData("15:39:00", 9 * 60_000)]
    [InlineData("+1h30m", 90 * 60_000)]
    [InlineData("2021-10-04T16:00:00Z", 30 * 60_000)]
    [InlineData("15:00", (24 * 60 - 30) * 60_000)]
    public void Instants_parse_relative_to_the_start(string text, long expectedMs)
    {
        var start = new DateTimeOffset(2021, 10, 4, 15, 30, 0, TimeSpan.Zero);
        var expected = text == "9:39" ? (9 * 60 + 39 - 15 * 60 - 30 + 24 * 60) * 60_000L : expectedMs;
        Assert.Equal(expected, TimeText.ParseInstant(text, start));
    }

    [Fact]
    public void A_respond_action_must_roll_back_an_earlier_push()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: cut
                push: { targets: { role: backbone }, change: [ { interfaces: { match: backbone, admin: down } } ] }
              - at: "+2m"
                respond: { rollback: cutt }
              - at: "+3m"
                respond: { rollback: cut }
                push: { targets: { role: backbone }, change: [ { interfaces: { match: backbone, admin: up } } ] }
            """));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'rollback' must name an earlier push action — did you mean 'cut'?") && e.Location.Line == 14);
        Assert.Contains(ex.Errors, e => e.Message.Contains("exactly one of 'push', 'respond'") && e.Location.Line == 15);
    }

    [Fact]
    public void Responders_read_their_access_paths_and_durations()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var path = t.Write("s.yaml", TempScenario.Scenario(extra: "responders: { oob: separate, travel: 3h, security: 45m }"));
        var s = ScenarioLoader.Load(path);
        Assert.True(s.Responders.OobSeparate);
        Assert.Equal((10_800_000L, 2_700_000L), (s.Responders.TravelMs, s.Responders.SecurityMs));
        Assert.Equal(ResponderSpec.Default.DiagnoseMs, s.Responders.DiagnoseMs);
    }

    [Fact]
    public void Impossible_responses_parameters_and_names_are_errors()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + """

            services:
              - { name: vpn, ttl: 60s }
            """);
        var path = t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                respond: { rollback: cut }
              - at: "+2m"
                name: cut
                push: { targets: { role: edge }, change: [ { igp: { overload: true } } ] }
            """, extra: "parameters: { dc_cold_capacity: 0.9, dc_warm_capacity: 0.5 }"));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(ex.Errors, e => e.Message.Contains("must name an earlier push action"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'dc_warm_capacity' must be at least 'dc_cold_capacity'"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("internal tool 'vpn' has the name of a service"));
    }

    [Fact]
    public void Bad_substitutes_and_headroom_are_errors_at_their_line()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + """

            services:
              - { name: chat, substitutes: [{ service: otherchat, shift_per_hour: 0.1 }], headroom: 0.2 }
              - { name: mail, substitutes: [{ service: mail, shift_per_hour: 0.1 }, { service: chat }] }
              - { name: otherchats, third_party: true, headroom: 0.1 }
            """);
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        var line = Array.IndexOf(File.ReadAllLines(Path.Combine(t.Folder, "topo.yaml")), "services:") + 2;
        Assert.Contains(ex.Errors, e => e.Location.Line == line && e.Message.Contains("no service named 'otherchat' — did you mean 'otherchats'?"));
        Assert.Contains(ex.Errors, e => e.Location.Line == line && e.Message.Contains("'headroom' is for third-party services"));
        Assert.Contains(ex.Errors, e => e.Location.Line == line + 1 && e.Message.Contains("service 'mail' cannot be its own substitute"));
        Assert.Contains(ex.Errors, e => e.Location.Line == line + 1 && e.Message.Contains("'shift_per_hour'"));
    }

    [Fact]
    public void A_failover_policy_is_one_of_three_and_only_for_the_operators_services()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + """

            services:
              - { name: chat, failover: nearest }
              - { name: widget, third_party: true, depends_on: [chat], failover: pinned }
            """);
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        var line = Array.IndexOf(File.ReadAllLines(Path.Combine(t.Folder, "topo.yaml")), "services:") + 2;
        Assert.Contains(ex.Errors, e => e.Location.Line == line && e.Message.Contains("'failover'") && e.Message.Contains("headroom"));
        Assert.Contains(ex.Errors, e => e.Location.Line == line + 1 && e.Message.Contains("'failover' is for the operator's services"));
    }
}
