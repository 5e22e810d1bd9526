using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackboneSim.Silo.Clustering;

/// <summary>
/// One silo in this process, joined to a Redis-clustered cluster of silos in other processes or on other machines:
/// what the standalone silo runs with <c>--cluster</c>.
/// </summary>
public sealed class ClusterSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterSilo(IHost host, ClusterConnection cluster, SiloEndpoints endpoints)
    {
        _host = host;
        Cluster = cluster;
        Endpoints = endpoints;
    }

    public ClusterConnection Cluster { get; }
    public SiloEndpoints Endpoints { get; }

    /// <summary>The co-hosted client of this silo: calls from here reach grains anywhere in the cluster.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Starts the silo and waits until it is active in the cluster. Throws <see cref="ClusterUnavailableException"/>
    /// when Redis does not answer (within seconds: the connection does not retry at start-up).
    /// </summary>
    /// <param name="configureSilo">More for the silo (e.g. the Orleans Dashboard), after the clustering and AddBackboneSim.</param>
    public static async Task<ClusterSilo> StartAsync(ClusterConnection cluster, SiloEndpoints endpoints, LogLevel logLevel = LogLevel.Warning,
        CancellationToken cancellationToken = default, Action<ISiloBuilder>? configureSilo = null)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(logLevel))
            .UseOrleans(silo =>
            {
                silo.UseBackboneSimClustering(cluster, endpoints).AddBackboneSim();
                configureSilo?.Invoke(silo);
            })
            .UseConsoleLifetime(o => o.SuppressStatusMessages = true)
            .Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return new ClusterSilo(host, cluster, endpoints);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            if (RedisFailure.Find(ex) is { } redis) throw new ClusterUnavailableException(RedisFailure.Describe(cluster.Redis, redis), ex);
            throw;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Leaves the cluster gracefully (the others learn at once, not after missed probes).</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await _host.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        _host.Dispose();
    }
}
