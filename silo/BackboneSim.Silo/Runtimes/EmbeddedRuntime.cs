using BackboneSim.Analysis.Running;
using BackboneSim.Engine;

namespace BackboneSim.Silo.Runtimes;

/// <summary>
/// Runs on N silos started in this process (<see cref="EmbeddedCluster"/>), the CLI's default. The silos start with
/// the first run, not with the runtime, so their start-up belongs to the run: Ctrl+C during it cancels the start
/// (the caller's token), and the bench's timing of a run includes it. Later runs share the same silos; disposing
/// the runtime stops them.
/// </summary>
public sealed class EmbeddedRuntime(int silos) : IRunRuntime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private EmbeddedCluster? _cluster;

    public int Silos { get; } = silos is >= 1 and <= 16 ? silos : throw new ArgumentOutOfRangeException(nameof(silos), "between 1 and 16 silos");

    public async Task<IRunDriver> StartAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        var cluster = await ClusterAsync(cancellationToken);
        return await OrleansRuntime.Start(cluster.Grains, request);
    }

    /// <summary>The silos, started now if no run has started them yet (the bench starts them before its timers).</summary>
    public async Task<EmbeddedCluster> ClusterAsync(CancellationToken cancellationToken = default)
    {
        if (_cluster is { } started) return started;
        await _starting.WaitAsync(cancellationToken);
        try
        {
            return _cluster ??= await EmbeddedCluster.StartAsync(Silos, cancellationToken: cancellationToken);
        }
        finally { _starting.Release(); }
    }

    public Task<string> DescribeAsync() => Task.FromResult($"orleans, {OrleansRuntime.Silos(Silos)} embedded");

    /// <summary>Stops the silos; a second call finds none to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _cluster, null) is { } cluster) await cluster.DisposeAsync();
    }
}
