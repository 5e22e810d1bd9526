using BackboneSim.Grains;
using BackboneSim.Silo.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace BackboneSim.Silo;

public static class SiloSetup
{
    /// <summary>Everything a silo needs to host BackboneSim runs.</summary>
    public static ISiloBuilder AddBackboneSim(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<RunCatalog>();
        silo.Services.AddBackboneSimTelemetry(); // the SimulationGrain records its run into the process's ActiveRuns
        return silo.UseQuickFailureDetection();
    }

    /// <summary>
    /// Failure detection for silos on one machine or a LAN, where a probe answers in milliseconds: a silo that stops
    /// answering is suspected after 3 missed probes of 1 s (Orleans' defaults: 5 s) and declared dead once the
    /// other silos' votes agree, so calls to its grains fail and their grains move within seconds, not the
    /// half-minute or more of the defaults. Connection liveness stays on: a silo whose connection still carries
    /// messages (a busy run) is not suspected because one probe was slow on a loaded machine.
    /// </summary>
    public static ISiloBuilder UseQuickFailureDetection(this ISiloBuilder silo) => silo.Configure<ClusterMembershipOptions>(o =>
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 3;
        o.EnableConnectionLivenessCheck = true;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
    });
}
