using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Telemetry;

/// <summary>
/// A runtime whose runs are recorded in <see cref="ActiveRuns"/> on the caller's side, each behind a
/// <see cref="MeteredRunDriver"/>. For the in-memory runtime only: on Orleans the SimulationGrain records its run
/// where the coordinator lives (see its comment), and metering the client too would count every batch twice.
/// </summary>
public sealed class MeteredRuntime(IRunRuntime inner, ActiveRuns runs, string label) : IRunRuntime
{
    public async Task<IRunDriver> StartAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        var factory = request.Factory ?? new SimulationFactory(request.Scenario);
        var driver = await inner.StartAsync(request with { Factory = factory }, cancellationToken);
        var until = Math.Min(request.UntilMs ?? factory.Scenario.DurationMs, factory.Scenario.DurationMs);
        return runs.Watch(driver, request.RunId ?? Guid.NewGuid().ToString("N"), label, factory, until);
    }

    public Task<string> DescribeAsync() => inner.DescribeAsync();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
