using BackboneSim.Analysis.Running;
using BackboneSim.Engine;

namespace BackboneSim.Silo.Runtimes;

/// <summary>
/// Runs on a cluster the caller already has a client of (a co-hosted silo's, as in the web host, or one this
/// process connected to): each run is an <see cref="OrleansRunDriver"/>. It owns nothing, so disposing it leaves the
/// cluster as it was. <see cref="EmbeddedRuntime"/> and <see cref="ClusterRuntime"/> start runs through it.
/// </summary>
public sealed class OrleansRuntime(IGrainFactory grains, string description) : IRunRuntime
{
    public Task<IRunDriver> StartAsync(RunRequest request, CancellationToken cancellationToken = default) => Start(grains, request);

    /// <summary>A run on the cluster behind <paramref name="grains"/>: how every Orleans runtime starts one.</summary>
    internal static async Task<IRunDriver> Start(IGrainFactory grains, RunRequest request)
        => await OrleansRunDriver.StartAsync(grains, request.Bundle, request.UntilMs, request.RunId);

    public Task<string> DescribeAsync() => Task.FromResult(description);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>"1 silo", "3 silos": how the runtimes' descriptions count silos.</summary>
    internal static string Silos(int n) => $"{n} silo{(n == 1 ? "" : "s")}";
}
