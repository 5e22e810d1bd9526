using BackboneSim.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace BackboneSim.Silo.Metrics;

/// <summary>
/// Prometheus metrics for any ASP.NET Core host of BackboneSim (the standalone silo, `run --metrics-port`, the web
/// host): an OpenTelemetry MeterProvider with the BackboneSim and Orleans meters, scraped at /metrics.
/// </summary>
public static class MetricsSetup
{
    public const string Path = "/metrics";

    /// <summary>Configuration key: at most this many runs have per-run series (default 20).</summary>
    public const string MaxRunsKey = "Metrics:MaxRuns";

    public static IServiceCollection AddBackboneSimMetrics(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddBackboneSimTelemetry();
        // The registry is per process (see BackboneSimMetrics.Process), so every host sets the cap (a host without
        // the setting gets the default back).
        var maxRuns = configuration?[MaxRunsKey];
        BackboneSimMetrics.Process.Runs.MaxExportedRuns = maxRuns is null ? ActiveRuns.DefaultMaxExportedRuns
            : int.TryParse(maxRuns, out var max) && max >= 0 ? max
            : throw new ArgumentException($"{MaxRunsKey} must be a whole number of runs (0 or more), not '{maxRuns}'");
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("backbonesim"))
            .WithMetrics(m => m
                .AddMeter(BackboneSimMetrics.MeterName, BackboneSimMetrics.OrleansMeterName)
                .AddPrometheusExporter());
        return services;
    }

    public static IEndpointConventionBuilder MapBackboneSimMetrics(this IEndpointRouteBuilder endpoints)
        => endpoints.MapPrometheusScrapingEndpoint(Path);
}
