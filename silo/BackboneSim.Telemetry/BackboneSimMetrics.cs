using System.Diagnostics.Metrics;

namespace BackboneSim.Telemetry;

/// <summary>
/// The <c>BackboneSim</c> meter: engine counters for the whole process, and per-run series read from
/// <see cref="Runs"/> when a scrape collects them. Names follow OpenTelemetry conventions (dots, UCUM units);
/// the Prometheus exporter turns them into Prometheus names (<c>backbonesim_events_total</c>,
/// <c>backbonesim_run_service_availability_ratio</c>, …), listed in docs/operations.md.
/// Hosts get it (and <see cref="ActiveRuns"/>) through dependency injection (<c>AddBackboneSim</c>,
/// <c>AddBackboneSimMetrics</c>); the CLI, which has no container, passes <see cref="Process"/> along.
/// </summary>
public sealed class BackboneSimMetrics
{
    public const string MeterName = "BackboneSim";

    /// <summary>The meter Orleans records its own instruments in (its name, to add to a MeterProvider).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// The process's one instance, like the Orleans meter. This static stays because a MeterProvider subscribes to
    /// meters by name across the whole process: a second "BackboneSim" meter would be exported by every /metrics
    /// beside the first, doubling each series. And one process has several containers that must share it: each
    /// silo of an embedded cluster is a host of its own, and the CLI's --metrics-port server another, yet they serve
    /// one /metrics. So hosts register this instance rather than make their own; nothing else should read it.
    /// </summary>
    public static BackboneSimMetrics Process { get; } = new();

    private readonly ObservableUpDownCounter<int> _runsActive;

    private BackboneSimMetrics()
    {
        Meter = new Meter(MeterName, typeof(BackboneSimMetrics).Assembly.GetName().Version?.ToString());
        Runs = new ActiveRuns(this);
        // Engine work over every run of the process. No run label: these keep counting after runs end, and a label
        // that takes a new value per run would make series that never go away.
        Windows = Meter.CreateCounter<long>("backbonesim.windows", "{window}", "Simulation windows (supersteps) run");
        Events = Meter.CreateCounter<long>("backbonesim.events", "{event}", "Events logged by the simulation");
        Messages = Meter.CreateCounter<long>("backbonesim.messages", "{message}", "Messages delivered between simulated nodes");
        NodeSteps = Meter.CreateCounter<long>("backbonesim.node_steps", "{step}", "Node steps: one per node per window in which it had something due");
        SimulatedTime = Meter.CreateCounter<double>("backbonesim.simulated_time", "s",
            "Virtual time advanced by every run; its rate is the process's simulated time per wall second");
        RunsStarted = Meter.CreateCounter<long>("backbonesim.runs.started", "{run}", "Runs started");
        RunsEnded = Meter.CreateCounter<long>("backbonesim.runs.ended", "{run}", "Runs ended");
        _runsActive = Meter.CreateObservableUpDownCounter("backbonesim.runs.active", () => Runs.Count, "{run}", "Runs in progress in this process");
        Meter.CreateObservableUpDownCounter("backbonesim.runs.exported", () => Runs.Exported().Count, "{run}",
            "Runs whose per-run series are exported (the oldest, at most Metrics:MaxRuns)");
        RunGauges.Register(Meter, Runs.Exported);
    }

    public Meter Meter { get; }

    /// <summary>The runs in progress that the per-run series describe.</summary>
    public ActiveRuns Runs { get; }

    internal Counter<long> Windows { get; }
    internal Counter<long> Events { get; }
    internal Counter<long> Messages { get; }
    internal Counter<long> NodeSteps { get; }
    internal Counter<double> SimulatedTime { get; }
    internal Counter<long> RunsStarted { get; }
    internal Counter<long> RunsEnded { get; }

    /// <summary>
    /// True while something (a MeterProvider, a MeterListener) listens to this meter. Runs are only watched then, so
    /// a process without an exporter (the CLI without --metrics-port, the tests, the bench) pays nothing.
    /// </summary>
    public bool Listening => _runsActive.Enabled;
}
