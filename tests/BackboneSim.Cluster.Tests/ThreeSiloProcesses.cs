namespace BackboneSim.Cluster.Tests;

/// <summary>The shared fixture: Redis and three silo processes, started once for a test class.</summary>
public sealed class ThreeSiloProcesses : IAsyncLifetime
{
    private MultiProcessCluster? _cluster;

    public MultiProcessCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _cluster = await MultiProcessCluster.StartAsync(3);

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
