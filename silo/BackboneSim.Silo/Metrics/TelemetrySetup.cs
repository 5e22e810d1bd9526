using BackboneSim.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackboneSim.Silo.Metrics;

/// <summary>
/// Puts the BackboneSim meter and its <see cref="ActiveRuns"/> into a host's container, so the SimulationGrain, the
/// /metrics exporter and anything else take them as dependencies. Every container of a process gets the same
/// instance (<see cref="BackboneSimMetrics.Process"/> says why there is one per process); TryAdd keeps one that a
/// host registered first.
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddBackboneSimTelemetry(this IServiceCollection services)
    {
        services.TryAddSingleton(BackboneSimMetrics.Process);
        services.TryAddSingleton(sp => sp.GetRequiredService<BackboneSimMetrics>().Runs);
        return services;
    }
}
