using BackboneSim.Silo.Clustering;
using BackboneSim.Silo.Dashboard;
using BackboneSim.Silo.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace BackboneSim.Silo.Hosting;

/// <summary>
/// The standalone silo host (silo/BackboneSim.Silo/Program.cs): N silos on localhost clustering, or with --cluster one
/// silo joined to a Redis-clustered cluster, plus an ASP.NET Core host serving /metrics and, when
/// <see cref="DashboardAccess"/> allows, the Orleans Dashboard at /dashboard. The web part joins the silos as an
/// Orleans client, as the dashboard's separate-host mode expects.
/// </summary>
public sealed class StandaloneSilo : IAsyncDisposable
{
    /// <summary>Loopback only by default; 9464 is the port OpenTelemetry's Prometheus exporter conventionally uses.</summary>
    public const string DefaultUrl = "http://127.0.0.1:9464";

    public const string Usage = """
        usage: BackboneSim.Silo [SILOS] [--urls URL[;URL...]] [--dashboard | --no-dashboard] [--Metrics:MaxRuns N]
                                [--Dashboard:Username USER --Dashboard:Password PASSWORD]
               BackboneSim.Silo --cluster redis://HOST[:PORT][/DB] [--cluster-id ID] [--silo-port N] [--gateway-port N]
                                [--advertise IP] [--urls ...] [...]
          SILOS             silos on localhost clustering in this process (1-16, default 1)
          --cluster         join the cluster whose membership is in this Redis (one silo in this process); a password
                            as redis://:PASSWORD@HOST:PORT, better in the environment variable Cluster__Address
          --cluster-id      which cluster in that Redis (default backbonesim)
          --silo-port       silo-to-silo port (default 11111; 0 for a free one)
          --gateway-port    port clients connect to (default 30000; 0 for a free one)
          --advertise       the IP address other silos and clients reach this silo at, and listens on (default 127.0.0.1)
          --urls            where /metrics (and /dashboard) listen (default http://127.0.0.1:9464)
          --dashboard       serve the Orleans Dashboard at /dashboard on a non-loopback address (needs a credential);
                            on loopback it is served by default
          --no-dashboard    never serve the dashboard
          --Metrics:MaxRuns at most N runs have per-run series (default 20)
          --Logging:LogLevel:Orleans  the silos' log level (default Information; Warning for a quiet silo)
        """;

    public const string SiloLogLevelKey = "Logging:LogLevel:Orleans";

    private readonly IAsyncDisposable _silos;

    private StandaloneSilo(IAsyncDisposable silos, IGrainFactory grains, string description, WebApplication web, DashboardAccess dashboard,
        IReadOnlyList<string> urls)
    {
        _silos = silos;
        Grains = grains;
        Description = description;
        Web = web;
        Dashboard = dashboard;
        Urls = urls;
    }

    /// <summary>A client of the silos (the first silo's own): runs started through it live in the cluster.</summary>
    public IGrainFactory Grains { get; }
    /// <summary>What runs here, for the start-up line: the localhost silos, or this silo and the cluster it joined.</summary>
    public string Description { get; }
    public WebApplication Web { get; }
    public DashboardAccess Dashboard { get; }
    /// <summary>The addresses the web part listens on (a port 0 resolved to the real one).</summary>
    public IReadOnlyList<string> Urls { get; }
    public string MetricsUrl => Urls[0].TrimEnd('/') + MetricsSetup.Path;

    /// <summary>
    /// Starts the silos and the web part. Throws ArgumentException, FormatException or DashboardConfigurationException
    /// on bad arguments, and ClusterUnavailableException when --cluster names a Redis that does not answer.
    /// </summary>
    public static async Task<StandaloneSilo> StartAsync(string[] args, LogLevel siloLogLevel = LogLevel.Information, CancellationToken cancellationToken = default)
    {
        var (silos, hostArgs) = ParseArgs(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var urls = (builder.Configuration["urls"] ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.WebHost.UseUrls(urls);
        var dashboard = DashboardAccess.Decide(builder.Configuration, urls);
        builder.Services.AddBackboneSimMetrics(builder.Configuration);
        var cluster = ClusterConnection.FromConfiguration(builder.Configuration);
        // The silos' own hosts log at this level; the usual key for Orleans' categories sets it (e.g. Warning for a quiet silo).
        siloLogLevel = builder.Configuration.GetValue<LogLevel?>(SiloLogLevelKey) ?? siloLogLevel;
        Action<ISiloBuilder>? configureSilo = dashboard.Enabled ? s => s.AddDashboard() : null;

        IAsyncDisposable started;
        IGrainFactory grains;
        string description;
        if (cluster is null)
        {
            foreach (var key in ClusteringSetup.SwitchMappings.Where(k => k.Value != ClusterConnection.AddressKey))
                if (builder.Configuration[key.Value] is not null) throw new ArgumentException($"{key.Key} needs --cluster (the localhost silos pick their own ports)");
            var embedded = await EmbeddedCluster.StartAsync(silos ?? 1, siloLogLevel, cancellationToken, configureSilo);
            (started, grains, description) = (embedded, embedded.Grains, $"{embedded.Silos} BackboneSim silo(s) running on localhost");
            if (dashboard.Enabled)
                builder.UseOrleansClient(client => client
                    .UseLocalhostClustering(embedded.GatewayPorts.ToArray(), EmbeddedCluster.ServiceId, embedded.ClusterId)
                    .AddDashboard());
        }
        else
        {
            if (silos is not null and not 1)
                throw new ArgumentException($"with --cluster a process runs one silo, not {silos}: start one process per silo, each with its own ports");
            var endpoints = SiloEndpoints.FromConfiguration(builder.Configuration);
            var member = await ClusterSilo.StartAsync(cluster, endpoints, siloLogLevel, cancellationToken, configureSilo);
            (started, grains, description) = (member, member.Grains, $"BackboneSim silo at {endpoints} joined the cluster at {cluster}");
            if (dashboard.Enabled)
                builder.UseOrleansClient(client => client.UseBackboneSimClustering(cluster).AddDashboard());
        }
        try
        {
            var web = builder.Build();
            web.MapBackboneSimMetrics();
            web.MapBackboneSimDashboard(dashboard);
            await web.StartAsync(cancellationToken);
            var bound = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
            return new StandaloneSilo(started, grains, description, web, dashboard, bound);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo count (a leading number, as before; null when not given) and the arguments as configuration.</summary>
    private static (int? Silos, string[] HostArgs) ParseArgs(string[] args)
    {
        int? silos = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var name = a.Split('=', 2)[0];
            if (i == 0 && int.TryParse(a, out var n))
            {
                if (n is < 1 or > 16) throw new ArgumentException($"SILOS must be between 1 and 16, not {n}");
                silos = n;
            }
            else if (a == "--dashboard") rest.Add($"--{DashboardAccess.EnabledKey}=true");
            else if (a == "--no-dashboard") rest.Add($"--{DashboardAccess.EnabledKey}=false");
            else if (ClusteringSetup.SwitchMappings.TryGetValue(name, out var key))
            {
                var value = a.Length > name.Length ? a[(name.Length + 1)..]
                    : i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i]
                    : throw new ArgumentException($"{name} needs a value");
                rest.Add($"--{key}={value}");
            }
            else rest.Add(a);
        }
        return (silos, rest.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await Web.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        await Web.DisposeAsync();
        await _silos.DisposeAsync();
    }
}
