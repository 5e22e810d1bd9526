using BackboneSim.Silo.Dashboard;
using BackboneSim.Silo.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace BackboneSim.Silo.Hosting;

/// <summary>
/// The standalone silo host (silo/BackboneSim.Silo/Program.cs): N silos on localhost clustering, plus an ASP.NET Core
/// host serving /metrics and, when <see cref="DashboardAccess"/> allows, the Orleans Dashboard at /dashboard. The
/// web part joins the silos as an Orleans client, as the dashboard's separate-host mode expects.
/// </summary>
public sealed class StandaloneSilo : IAsyncDisposable
{
    /// <summary>Loopback only by default; 9464 is the port OpenTelemetry's Prometheus exporter conventionally uses.</summary>
    public const string DefaultUrl = "http://127.0.0.1:9464";

    public const string Usage = """
        usage: BackboneSim.Silo [SILOS] [--urls URL[;URL...]] [--dashboard | --no-dashboard] [--Metrics:MaxRuns N]
                                [--Dashboard:Username USER --Dashboard:Password PASSWORD]
          SILOS             silos on localhost clustering in this process (1-16, default 1)
          --urls            where /metrics (and /dashboard) listen (default http://127.0.0.1:9464)
          --dashboard       serve the Orleans Dashboard at /dashboard on a non-loopback address (needs a credential);
                            on loopback it is served by default
          --no-dashboard    never serve the dashboard
          --Metrics:MaxRuns at most N runs have per-run series (default 20)
        """;

    private StandaloneSilo(EmbeddedCluster cluster, WebApplication web, DashboardAccess dashboard, IReadOnlyList<string> urls)
    {
        Cluster = cluster;
        Web = web;
        Dashboard = dashboard;
        Urls = urls;
    }

    public EmbeddedCluster Cluster { get; }
    public WebApplication Web { get; }
    public DashboardAccess Dashboard { get; }
    /// <summary>The addresses the web part listens on (a port 0 resolved to the real one).</summary>
    public IReadOnlyList<string> Urls { get; }
    public string MetricsUrl => Urls[0].TrimEnd('/') + MetricsSetup.Path;

    /// <summary>Starts the silos and the web part. Throws ArgumentException or DashboardConfigurationException on bad arguments.</summary>
    public static async Task<StandaloneSilo> StartAsync(string[] args, LogLevel siloLogLevel = LogLevel.Information, CancellationToken cancellationToken = default)
    {
        var (silos, hostArgs) = ParseArgs(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var urls = (builder.Configuration["urls"] ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.WebHost.UseUrls(urls);
        var dashboard = DashboardAccess.Decide(builder.Configuration, urls);
        builder.Services.AddBackboneSimMetrics(builder.Configuration);

        var cluster = await EmbeddedCluster.StartAsync(silos, siloLogLevel, cancellationToken, dashboard.Enabled ? s => s.AddDashboard() : null);
        try
        {
            if (dashboard.Enabled)
                builder.UseOrleansClient(client => client
                    .UseLocalhostClustering(cluster.GatewayPorts.ToArray(), EmbeddedCluster.ServiceId, cluster.ClusterId)
                    .AddDashboard());
            var web = builder.Build();
            web.MapBackboneSimMetrics();
            web.MapBackboneSimDashboard(dashboard);
            await web.StartAsync(cancellationToken);
            var bound = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
            return new StandaloneSilo(cluster, web, dashboard, bound);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo count (a leading number, as before) and the flags that are not configuration keys.</summary>
    private static (int Silos, string[] HostArgs) ParseArgs(string[] args)
    {
        var silos = 1;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (i == 0 && int.TryParse(a, out var n))
            {
                if (n is < 1 or > 16) throw new ArgumentException($"SILOS must be between 1 and 16, not {n}");
                silos = n;
            }
            else if (a == "--dashboard") rest.Add($"--{DashboardAccess.EnabledKey}=true");
            else if (a == "--no-dashboard") rest.Add($"--{DashboardAccess.EnabledKey}=false");
            else rest.Add(a);
        }
        return (silos, rest.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await Web.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        await Web.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
