using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackboneSim.Silo.Clustering;

/// <summary>
/// An Orleans client of a Redis-clustered cluster, for a host that runs no silo of its own (the CLI with
/// <c>--cluster</c>). Connecting waits a bounded time for a silo to answer and then says so plainly: it never hangs.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    /// <summary>How long to wait for a silo by default: long enough for silos started just before to join.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly IHost _host;

    private ClusterClient(IHost host, ClusterConnection cluster)
    {
        _host = host;
        Cluster = cluster;
    }

    public ClusterConnection Cluster { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Connects, retrying while no gateway answers, for at most <paramref name="wait"/>. Throws
    /// <see cref="ClusterUnavailableException"/> when Redis or every silo stays silent, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires first.
    /// </summary>
    public static async Task<ClusterClient> ConnectAsync(ClusterConnection cluster, TimeSpan? wait = null, LogLevel logLevel = LogLevel.Critical,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (wait ?? DefaultWait);
        Exception? lastFailure = null;
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(logLevel))
            .UseOrleansClient(client => client
                .UseBackboneSimClustering(cluster)
                .UseConnectionRetryFilter(async (ex, ct) =>
                {
                    lastFailure = ex;
                    // A missing gateway may be a silo still starting: worth waiting for. A Redis that does not
                    // answer (it already had its connect timeout) or refuses the password is not.
                    if (RedisFailure.Find(ex) is not null || DateTime.UtcNow + RetryDelay >= deadline) return false;
                    await Task.Delay(RetryDelay, ct);
                    return true;
                }))
            .ConfigureServices(s => s.AddSingleton<IHostLifetime, CallerOwnedLifetime>())
            .Build();
        // Orleans' own start can outlast the filter (a slow Redis connect), so the deadline also cancels it.
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(deadline - DateTime.UtcNow + TimeSpan.FromSeconds(10));
        try
        {
            await host.StartAsync(overall.Token);
            return new ClusterClient(host, cluster);
        }
        catch (Exception ex)
        {
            await StopQuietlyAsync(host);
            cancellationToken.ThrowIfCancellationRequested();
            if (RedisFailure.Find(ex) is { } redis) throw new ClusterUnavailableException(RedisFailure.Describe(cluster.Redis, redis), ex);
            var failure = lastFailure ?? ex;
            var detail = failure is OperationCanceledException ? "timed out" : Shorten(failure);
            throw new ClusterUnavailableException($"no silo answered at {cluster} within {(wait ?? DefaultWait).TotalSeconds:0.#} s: is a silo running? ({detail})", ex);
        }
    }

    /// <summary>The silos the cluster counts as active now (as one silo's membership view sees them).</summary>
    public async Task<int> ActiveSilosAsync()
    {
        var hosts = await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return hosts.Count;
    }

    private static string Shorten(Exception ex) => ex.Message.Split('\n')[0].Trim();

    private static async Task StopQuietlyAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await host.StopAsync(timeout.Token); } catch (Exception) { /* it never started: nothing to stop cleanly */ }
        host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _host.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        _host.Dispose();
    }
}
