using BackboneSim.Silo.Clustering;

namespace BackboneSim.Cluster.Tests;

/// <summary>
/// A real cluster of separate processes on this machine: redis-server on a free loopback port and N standalone silo
/// programs joined through it. Every process is killed on dispose, whatever happened. <see cref="KillSilo"/> is the
/// hook for tests of losing a silo.
/// </summary>
public sealed class MultiProcessCluster : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];

    private MultiProcessCluster(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>What the CLI is given: <c>--cluster URL</c>.</summary>
    public string Url => Redis.Url;

    /// <summary>Starts Redis and <paramref name="silos"/> silo processes, and waits until the cluster counts them all as active.</summary>
    public static async Task<MultiProcessCluster> StartAsync(int silos)
    {
        var cluster = new MultiProcessCluster(await RedisServer.StartAsync());
        try
        {
            // One at a time: each join is a write to the membership table, and the first silo's start is the slowest.
            for (var i = 0; i < silos; i++) cluster._silos.Add(await SiloProcess.StartAsync($"silo {i}", cluster.Url));
            await cluster.WaitForActiveSilosAsync(silos, TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the membership view (as a client sees it) has exactly <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        await using var client = await ClusterClient.ConnectAsync(ClusterConnection.Parse(Url), timeout);
        var until = DateTime.UtcNow + timeout;
        var active = 0;
        while ((active = await client.ActiveSilosAsync()) != count)
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the cluster has {active} active silos, not {count}, after {timeout.TotalSeconds:0} s. Silos:\n" +
                                           string.Join("\n\n", _silos.Select(s => $"{s.Process.Name}:\n{s.Process.Tail(20)}")));
            await Task.Delay(250);
        }
    }

    /// <summary>Kills silo <paramref name="index"/> at once (SIGKILL): it leaves no word in the membership table.</summary>
    public void KillSilo(int index) => _silos[index].Process.Kill();

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
