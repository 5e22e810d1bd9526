using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackboneSim.Silo;

/// <summary>
/// N silos in this process with localhost clustering on free ports and a cluster id of their own: the default
/// way the CLI runs, needing nothing installed beyond .NET.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    public const string ServiceId = Clustering.ClusterConnection.ServiceId;

    private readonly List<IHost> _hosts;

    private EmbeddedCluster(List<IHost> hosts, string clusterId, IPEndPoint primary, int[] gatewayPorts)
    {
        _hosts = hosts;
        ClusterId = clusterId;
        Primary = primary;
        GatewayPorts = gatewayPorts;
    }

    public int Silos => _hosts.Count;

    public SiloAddress AddressOf(int silo) => _hosts[silo].Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>This cluster's id: with <see cref="ServiceId"/> and <see cref="GatewayPorts"/>, what an Orleans client needs to join it.</summary>
    public string ClusterId { get; }

    /// <summary>Where the first silo listens: with <see cref="ClusterId"/>, what another silo needs to join (see <see cref="StartSiloAsync"/>).</summary>
    public IPEndPoint Primary { get; }

    /// <summary>The silos' gateway ports on 127.0.0.1, for an external Orleans client.</summary>
    public IReadOnlyList<int> GatewayPorts { get; }

    /// <summary>The co-hosted client of the first silo.</summary>
    public IGrainFactory Grains => _hosts[0].Services.GetRequiredService<IGrainFactory>();

    /// <param name="configureSilo">More for every silo (e.g. the Orleans Dashboard), after the clustering and AddBackboneSim.</param>
    public static async Task<EmbeddedCluster> StartAsync(int silos, LogLevel logLevel = LogLevel.Error, CancellationToken cancellationToken = default,
        Action<ISiloBuilder>? configureSilo = null)
    {
        if (silos is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(silos), "between 1 and 16 silos");
        var clusterId = "backbonesim-" + Guid.NewGuid().ToString("N")[..12];
        var ports = FreePorts.Take(silos * 2);
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        var hosts = new List<IHost>();
        try
        {
            for (var i = 0; i < silos; i++)
                hosts.Add(await StartSiloAsync(clusterId, primary, ports[2 * i], ports[2 * i + 1], logLevel, cancellationToken, configureSilo));
            return new EmbeddedCluster(hosts, clusterId, primary, Enumerable.Range(0, silos).Select(i => ports[2 * i + 1]).ToArray());
        }
        catch
        {
            foreach (var h in hosts) h.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One silo of the cluster <paramref name="clusterId"/> whose first silo listens on <paramref name="primary"/>.
    /// Also how a silo in another process joins an embedded cluster (the bench kills such a process to measure
    /// recovery from a real crash).
    /// </summary>
    public static async Task<IHost> StartSiloAsync(string clusterId, IPEndPoint primary, int siloPort, int gatewayPort, LogLevel logLevel,
        CancellationToken cancellationToken = default, Action<ISiloBuilder>? configureSilo = null)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(logLevel))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId: ServiceId, clusterId: clusterId).AddBackboneSim();
                configureSilo?.Invoke(silo);
            })
            .UseConsoleLifetime(o => o.SuppressStatusMessages = true)
            .Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        // Secondaries first, then the primary that holds the localhost membership table.
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _hosts[i].StopAsync(timeout.Token); } catch (OperationCanceledException) { }
            _hosts[i].Dispose();
        }
    }
}
