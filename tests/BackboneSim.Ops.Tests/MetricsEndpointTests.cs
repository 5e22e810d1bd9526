using BackboneSim.Model.Topology;

namespace BackboneSim.Ops.Tests;

/// <summary>/metrics of the standalone silo host with real FB runs in its cluster, checked by promtool and against the same run in memory.</summary>
public sealed class MetricsEndpointTests
{
    // The FB scenario starts at 15:30; the push that takes the backbone down lands at 15:39.
    private const long BeforePushMs = 5 * 60_000;
    private const long AfterPushMs = 20 * 60_000;

    [Fact]
    public async Task A_runs_series_show_its_state_pass_promtool_and_go_when_it_ends()
    {
        await using var host = await OpsHost.StartAsync();

        var early = await host.StartRunAsync(OpsHost.Facebook, BeforePushMs);
        var (earlyEvents, earlyLast) = await early.RunToEndAsync();
        var topology = early.Scenario.Topology;
        var backboneLinks = topology.Links.Count(l => l.Kind == LinkKinds.Backbone);
        var before = await host.ScrapeUntilAsync(s => s.Of("backbonesim_run_simulated_time_seconds", early.Id).Any(x => x.Value == earlyLast.SimMs / 1000.0),
            "the early run at its end");
        Assert.Equal(backboneLinks, before.Value("backbonesim_run_backbone_links", early.Id));
        Assert.Equal(backboneLinks, before.Value("backbonesim_run_backbone_links_up", early.Id));
        Assert.Equal(topology.DnsServers.Count, before.Value("backbonesim_run_dns_servers_announcing", early.Id));
        Assert.Equal(BeforePushMs / 1000.0, before.Value("backbonesim_run_until_seconds", early.Id));
        var info = Assert.Single(before.Of("backbonesim_run_info", early.Id));
        Assert.Equal(("facebook-2021-10-04", "orleans"), (info.Labels["scenario"], info.Labels["runtime"]));

        // Past the push, every series equals the state of the same run in memory, and the run's events are the
        // in-memory run's, byte for byte: the metrics watch the run without changing it.
        var late = await host.StartRunAsync(OpsHost.Facebook, AfterPushMs);
        var (lateEvents, lateLast) = await late.RunToEndAsync();
        var (memoryEvents, state) = await OpsHost.InMemoryAsync(OpsHost.Facebook, AfterPushMs);
        Assert.Equal(memoryEvents, lateEvents);
        var after = await host.ScrapeUntilAsync(s => s.Of("backbonesim_run_simulated_time_seconds", late.Id).Any(x => x.Value == lateLast.SimMs / 1000.0),
            "the late run at its end");
        Assert.True(state.BackboneLinksUp < backboneLinks, "the push took backbone links down by 20 minutes in");
        Assert.Equal(state.BackboneLinksUp, after.Value("backbonesim_run_backbone_links_up", late.Id));
        Assert.Equal(state.DnsAnnouncing, after.Value("backbonesim_run_dns_servers_announcing", late.Id));
        Assert.Equal(state.RoutersControlPlaneDown, after.Value("backbonesim_run_routers_control_plane_down", late.Id));
        AssertClose(state.ResolverQueriesPerSecond, after.Value("backbonesim_run_resolver_queries_per_second", late.Id));
        AssertClose(state.ResolverServfailPerSecond, after.Value("backbonesim_run_resolver_servfail_per_second", late.Id));
        AssertClose(state.UsersAffected, after.Value("backbonesim_run_users_affected", late.Id));
        Assert.True(state.UsersAffected > 0, "users are affected 20 minutes in");
        foreach (var prefix in state.Prefixes)
            AssertClose(state.Visibility(prefix), after.Value("backbonesim_run_prefix_visibility_ratio", late.Id, "prefix", prefix));
        foreach (var service in state.Services)
            AssertClose(state.ServiceAvailability(service), after.Value("backbonesim_run_service_availability_ratio", late.Id, "service", service));
        Assert.Contains(state.Services, s => state.ServiceAvailability(s) < 1);

        // Progress counters: per run, as the run's own totals; for the process, the sum over both runs.
        Assert.Equal(Lines(lateEvents), after.Value("backbonesim_run_events_total", late.Id));
        Assert.Equal(lateLast.Windows, after.Value("backbonesim_run_windows_total", late.Id));
        Assert.Equal(lateLast.Messages, after.Value("backbonesim_run_messages_total", late.Id));
        Assert.Equal(Lines(earlyEvents) + Lines(lateEvents), Total(after, "backbonesim_events_total"));
        Assert.Equal(earlyLast.Windows + lateLast.Windows, Total(after, "backbonesim_windows_total"));
        Assert.True(Total(after, "backbonesim_events_total") > Total(before, "backbonesim_events_total"));
        Assert.Equal((earlyLast.SimMs + lateLast.SimMs) / 1000.0, Total(after, "backbonesim_simulated_time_seconds_total"), 6);
        Assert.True(after.Value("backbonesim_run_speed_ratio", late.Id) > 0);
        Assert.Equal(2, Total(after, "backbonesim_runs_active"));
        Assert.Contains(after.Names, n => n.StartsWith("orleans_", StringComparison.Ordinal)); // Orleans' own meter

        await PromtoolAccepts(after.Text);
        GrafanaDashboard.AssertQueriesUse(after.Names);

        await late.DisposeAsync();
        var ended = await host.ScrapeUntilAsync(s => !s.Samples.Any(x => x.Labels.GetValueOrDefault("run") == late.Id), "the ended run's series gone");
        Assert.Equal([early.Id], ended.Runs);
        Assert.Equal(1, Total(ended, "backbonesim_runs_ended_total"));
        Assert.Equal(1, Total(ended, "backbonesim_runs_active"));
        await early.DisposeAsync();
    }

    /// <summary>
    /// The whole scrape must parse; promtool's lint findings are allowed only on Orleans' own metrics (their names
    /// and units are Orleans'), and the BackboneSim families alone must pass with no finding at all.
    /// </summary>
    private static async Task PromtoolAccepts(string exposition)
    {
        var (code, output) = await Promtool.CheckMetricsAsync(exposition);
        Assert.True(code == 0 || code == Promtool.LintFindings, $"promtool check metrics: exit {code}\n{output}");
        var ours = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("orleans_", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count == 0, "promtool findings on BackboneSim metrics:\n" + string.Join('\n', ours));

        var backboneSimOnly = string.Join('\n', exposition.Split('\n').Where(l => l.StartsWith("backbonesim_", StringComparison.Ordinal)
            || l.StartsWith("# TYPE backbonesim_", StringComparison.Ordinal) || l.StartsWith("# HELP backbonesim_", StringComparison.Ordinal))) + "\n";
        var (ownCode, ownOutput) = await Promtool.CheckMetricsAsync(backboneSimOnly);
        Assert.True(ownCode == 0, $"promtool check metrics on the backbonesim_ families: exit {ownCode}\n{ownOutput}");
    }

    private static int Lines(string jsonl) => jsonl.Count(c => c == '\n');

    private static double Total(Scrape s, string name) => s.Of(name).Sum(x => x.Value);

    private static void AssertClose(double expected, double actual) => Assert.Equal(expected, actual, 1e-9 * Math.Max(1, Math.Abs(expected)));
}
