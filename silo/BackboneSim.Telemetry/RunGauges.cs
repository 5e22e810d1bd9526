using System.Diagnostics.Metrics;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;

namespace BackboneSim.Telemetry;

/// <summary>
/// The per-run instruments: observable, so each collection reports exactly the runs exported at that moment and a
/// run that ended reports nothing more. Every series carries the <c>run</c> label (the run id); the scenario and
/// runtime are labels of <c>backbonesim_run_info</c> only, as Prometheus' info-metric convention has it.
/// </summary>
internal static class RunGauges
{
    public static void Register(Meter meter, Func<IReadOnlyList<RunMetrics>> runs)
    {
        meter.CreateObservableGauge("backbonesim.run.info", () => Each(runs, r => new Measurement<int>(1,
                Run(r), new("scenario", r.Scenario), new("runtime", r.Runtime))),
            description: "1 for each exported run; its labels say the scenario and runtime");

        // Progress.
        Gauge(meter, runs, "backbonesim.run.simulated_time", "s", "Virtual time the run has reached, since the scenario start",
            r => r.Read((_, b, _) => b.SimMs / 1000.0));
        Gauge(meter, runs, "backbonesim.run.until", "s", "Virtual time at which the run will end, since the scenario start",
            r => r.UntilMs / 1000.0);
        Gauge(meter, runs, "backbonesim.run.speed.ratio", "1", "Simulated time / wall time since the run started",
            r => r.Read((_, b, wall) => wall > 0 ? b.SimMs / 1000.0 / wall : 0));
        Counter(meter, runs, "backbonesim.run.windows", "{window}", "Simulation windows the run has stepped", b => b.Windows);
        Counter(meter, runs, "backbonesim.run.events", "{event}", "Events the run has logged", b => b.TotalEvents);
        Counter(meter, runs, "backbonesim.run.messages", "{message}", "Messages the run has delivered between nodes", b => b.Messages);

        // State, as the --series columns of the same names (docs/outputs.md).
        Gauge(meter, runs, "backbonesim.run.backbone_links", "{link}", "Backbone links of the topology", State(s => s.BackboneLinks));
        Gauge(meter, runs, "backbonesim.run.backbone_links.up", "{link}", "Backbone links up (series backbone_links_up)", State(s => s.BackboneLinksUp));
        Gauge(meter, runs, "backbonesim.run.dns_servers", "{server}", "Authoritative DNS servers of the topology", State(s => s.DnsServers));
        Gauge(meter, runs, "backbonesim.run.dns_servers.announcing", "{server}", "DNS servers announcing their anycast prefix (series dns_announcing_servers)",
            State(s => s.DnsAnnouncing));
        Gauge(meter, runs, "backbonesim.run.routers.control_plane_down", "{router}", "Routers whose control plane is down (series routers_control_plane_down)",
            State(s => s.RoutersControlPlaneDown));
        Gauge(meter, runs, "backbonesim.run.resolver.queries", "{query}/s", "Client queries per simulated second at every resolver cohort (series resolver_queries_per_s)",
            State(s => s.ResolverQueriesPerSecond));
        Gauge(meter, runs, "backbonesim.run.resolver.servfail", "{response}/s", "SERVFAIL answers per simulated second (series resolver_servfail_per_s)",
            State(s => s.ResolverServfailPerSecond));
        Gauge(meter, runs, "backbonesim.run.users.affected", "{user}", "Users who cannot use at least one service (series users_affected)",
            State(s => s.UsersAffected));
        meter.CreateObservableGauge("backbonesim.run.prefix.visibility.ratio", () => EachOf(runs, s => s.Prefixes, "prefix", (s, p) => s.Visibility(p)),
            "1", "Share of external ASes with a route to the operator's prefix (series prefix_visibility:PREFIX)");
        meter.CreateObservableGauge("backbonesim.run.service.availability.ratio", () => EachOf(runs, s => s.Services, "service", (s, x) => s.ServiceAvailability(x)),
            "1", "Share of the service's demand that is served, over every client cohort (series service_availability:SERVICE)");
    }

    private static KeyValuePair<string, object?> Run(RunMetrics r) => new("run", r.RunId);

    private static void Gauge(Meter meter, Func<IReadOnlyList<RunMetrics>> runs, string name, string unit, string description, Func<RunMetrics, double> read)
        => meter.CreateObservableGauge(name, () => Each(runs, r => new Measurement<double>(read(r), Run(r))), unit, description);

    private static Func<RunMetrics, double> State(Func<RunState, double> read) => r => r.Read((s, _, _) => read(s));

    private static void Counter(Meter meter, Func<IReadOnlyList<RunMetrics>> runs, string name, string unit, string description, Func<RunBatch, long> read)
        => meter.CreateObservableCounter(name, () => Each(runs, r => new Measurement<long>(r.Read((_, b, _) => read(b)), Run(r))), unit, description);

    private static IEnumerable<Measurement<T>> Each<T>(Func<IReadOnlyList<RunMetrics>> runs, Func<RunMetrics, Measurement<T>> measure) where T : struct
        => runs().Select(measure).ToArray();

    /// <summary>One measurement per run and per item (prefix, service), labelled with both.</summary>
    private static IEnumerable<Measurement<double>> EachOf(Func<IReadOnlyList<RunMetrics>> runs, Func<RunState, IReadOnlyList<string>> items,
        string label, Func<RunState, string, double> read)
        => runs().SelectMany(r => r.Read((s, _, _) => items(s).Select(x => new Measurement<double>(read(s, x), Run(r), new(label, x))).ToArray())).ToArray();
}
