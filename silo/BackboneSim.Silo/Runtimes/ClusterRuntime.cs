using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Silo.Clustering;
using Microsoft.Extensions.Logging;

namespace BackboneSim.Silo.Runtimes;

/// <summary>
/// Runs on a Redis-clustered cluster of silo processes, as its client with no silo of its own (`run --cluster`).
/// Connecting is separate from starting a run so a caller can fail fast, before it opens any output, when no silo
/// answers. Disposing the runtime closes the connection.
/// </summary>
public sealed class ClusterRuntime : IRunRuntime
{
    private readonly ClusterClient _client;
    private int _disposed;

    private ClusterRuntime(ClusterClient client) => _client = client;

    public ClusterConnection Cluster => _client.Cluster;

    /// <summary>
    /// Connects as <see cref="ClusterClient.ConnectAsync"/> does: a bounded wait for a silo, then
    /// <see cref="ClusterUnavailableException"/>; <see cref="OperationCanceledException"/> when cancelled first.
    /// </summary>
    public static async Task<ClusterRuntime> ConnectAsync(ClusterConnection cluster, TimeSpan? wait = null, LogLevel logLevel = LogLevel.Critical,
        CancellationToken cancellationToken = default)
        => new(await ClusterClient.ConnectAsync(cluster, wait, logLevel, cancellationToken));

    public Task<IRunDriver> StartAsync(RunRequest request, CancellationToken cancellationToken = default) => OrleansRuntime.Start(_client.Grains, request);

    /// <summary>The silos the cluster counts as active now, asked at the time of describing (a run's end for the CLI).</summary>
    public Task<int> ActiveSilosAsync() => _client.ActiveSilosAsync();

    public async Task<string> DescribeAsync() => $"orleans, {OrleansRuntime.Silos(await ActiveSilosAsync())} of the cluster at {_client.Cluster}";

    /// <summary>Closes the connection; a second call does nothing.</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? _client.DisposeAsync() : ValueTask.CompletedTask;
}
