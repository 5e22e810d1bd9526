using System.Diagnostics.Metrics;

namespace BackboneSim.Telemetry;

/// <summary>
/// The <c>BackboneSim</c> meter: engine counters for the whole process, and per-run series read from
/// <see cref="ActiveRuns"/> when a scrape collects them. Names follow OpenTelemetry conventions (dots, UCUM units);
/// the Prometheus exporter turns them into Prometheus names (<c>backbonesim_events_total</c>,
/// <c>backbonesim_run_service_availability_ratio</c>, …), listed in docs/operations.md. One static meter per process,
/// like the Orleans one: the silos of an embedded cluster share a process and so one /metrics endpoint.
/// </summary>
public static class BackboneSimMetrics
{
    public const string MeterName = "BackboneSim";

    /// <summary>The meter Orleans records its own instruments in (its name, to add to a MeterProvider).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    public static readonly Meter Meter = new(MeterName, typeof(BackboneSimMetrics).Assembly.GetName().Version?.ToString());

    // Engine work over every run of the process. No run label: these keep counting after runs end, and a label that
    // takes a new value per run would make series that never go away.
    internal static readonly Counter<long> Windows = Meter.CreateCounter<long>("backbonesim.windows", "{window}", "Simulation windows (supersteps) run");
    internal static readonly Counter<long> Events = Meter.CreateCounter<long>("backbonesim.events", "{event}", "Events logged by the simulation");
    internal static readonly Counter<long> Messages = Meter.CreateCounter<long>("backbonesim.messages", "{message}", "Messages delivered between simulated nodes");
    internal static readonly Counter<long> NodeSteps = Meter.CreateCounter<long>("backbonesim.node_steps", "{step}", "Node steps: one per node per window in which it had something due");
    internal static readonly Counter<double> SimulatedTime = Meter.CreateCounter<double>("backbonesim.simulated_time", "s",
        "Virtual time advanced by every run; its rate is the process's simulated time per wall second");
    internal static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("backbonesim.runs.started", "{run}", "Runs started");
    internal static readonly Counter<long> RunsEnded = Meter.CreateCounter<long>("backbonesim.runs.ended", "{run}", "Runs ended");

    /// <summary>
    /// True while something (a MeterProvider, a MeterListener) listens to this meter. Runs are only watched then, so
    /// a process without an exporter (the CLI without --metrics-port, the tests, the bench) pays nothing.
    /// </summary>
    public static bool Listening => RunsActive.Enabled;

    private static readonly ObservableUpDownCounter<int> RunsActive = Meter.CreateObservableUpDownCounter(
        "backbonesim.runs.active", () => ActiveRuns.Shared.Count, "{run}", "Runs in progress in this process");

    static BackboneSimMetrics()
    {
        Meter.CreateObservableUpDownCounter("backbonesim.runs.exported", () => ActiveRuns.Shared.Exported().Count, "{run}",
            "Runs whose per-run series are exported (the oldest, at most Metrics:MaxRuns)");
        RunGauges.Register(Meter, () => ActiveRuns.Shared.Exported());
    }
}
