using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Analysis.Running;

/// <summary>
/// The in-memory runtime as an <see cref="IRunRuntime"/>: each run is an <see cref="InMemoryRun"/> on the calling
/// thread. It holds nothing between runs, so one instance serves any number of them.
/// </summary>
public sealed class InMemoryRuntime : IRunRuntime
{
    public Task<IRunDriver> StartAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        var factory = request.Factory ?? new SimulationFactory(request.Scenario);
        return Task.FromResult<IRunDriver>(InMemoryRun.Create(factory, request.UntilMs));
    }

    public Task<string> DescribeAsync() => Task.FromResult("in-memory");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
