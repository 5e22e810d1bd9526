using BackboneSim.Analysis.Running;
using BackboneSim.Silo.Runtimes;
using BackboneSim.Telemetry;

namespace BackboneSim.Cli.Running;

/// <summary>The runtime of a `run` without --cluster: the one place where the --runtime option's value is read.</summary>
public static class LocalRuntime
{
    public static IRunRuntime For(RunSettings settings) => settings.Runtime == "memory"
        // In memory nothing else records the run for --metrics-port; on the embedded silos the SimulationGrain does.
        ? new MeteredRuntime(new InMemoryRuntime(), BackboneSimMetrics.Process.Runs, "memory")
        : new EmbeddedRuntime(settings.Silos);
}
