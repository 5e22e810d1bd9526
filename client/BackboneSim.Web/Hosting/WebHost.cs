using BackboneSim.Analysis.Running;
using BackboneSim.Silo;
using BackboneSim.Silo.Clustering;
using BackboneSim.Silo.Metrics;
using BackboneSim.Silo.Runtimes;
using BackboneSim.Web.Api;
using BackboneSim.Web.Live;
using BackboneSim.Web.Runs;
using BackboneSim.Web.Scenarios;
using BackboneSim.Web.Sessions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.FileProviders;
using Orleans.Configuration;

namespace BackboneSim.Web.Hosting;

/// <summary>
/// Builds the web host: Kestrel on loopback, a co-hosted Orleans silo (localhost clustering, or with --cluster a member
/// of a Redis-clustered cluster), the REST API, the SignalR hub, the single-page app's files and Prometheus /metrics.
/// </summary>
public static class WebHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    /// <summary>How long the host waits for a grain call (Orleans' ResponseTimeout) unless configured: long enough for a run start under load.</summary>
    public static readonly TimeSpan RunStartTimeout = TimeSpan.FromMinutes(2);

    /// <param name="args">Command line: --urls, --scenarios DIR (the library; default: the repository's scenarios/), and the
    /// cluster options of <see cref="ClusteringSetup.SwitchMappings"/>. Throws FormatException on a bad cluster setting.</param>
    /// <param name="services">Changes to the services after the host's own (tests: a manual clock for expiry).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Files live next to the program (the build copies wwwroot/ there), wherever it is started from.
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        var urls = (builder.Configuration["urls"] is { Length: > 0 } configured ? configured : DefaultUrl)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var metrics = MetricsAccess.Decide(builder.Configuration, urls);
        builder.Services.AddSingleton(metrics);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = InputRules.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error); // as the CLI's embedded cluster: its watchdog warns on any busy machine

        // --cluster redis://… (and --silo-port, --gateway-port, --advertise, --cluster-id) makes the co-hosted silo a
        // member of that cluster, as the standalone silo does; without it the silo is a cluster of its own on
        // localhost, on free ports (docs/operations.md).
        builder.Configuration.AddCommandLine(args, ClusteringSetup.SwitchMappings.ToDictionary());
        builder.UseOrleans(silo =>
        {
            silo.UseBackboneSimClustering(builder.Configuration).AddBackboneSim();
            // Starting a run expands its scenario inside SimulationGrain.Start: a 5,000-node run alone (bench web), or
            // 20 runs starting at once on 2 cores (ServingUnderLoadTests), take longer than Orleans' default 30 s. So the
            // host waits up to RunStartTimeout unless Orleans:Messaging:ResponseTimeout says otherwise. A silo that dies
            // still fails its pending calls at once (Orleans breaks them when it declares the silo dead).
            silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = RunStartTimeout);
            silo.Services.Configure<SiloMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));
        });

        builder.Services.AddSingleton(new ScenarioLibrary(ScenarioLibrary.FindDirectory(builder.Configuration["scenarios"])));
        builder.Services.AddSingleton(HostLimits.FromConfiguration(builder.Configuration));
        builder.Services.AddKeyedSingleton(IdleExpiry.ClockKey, TimeProvider.System);
        // Runs start on the co-hosted silo's cluster (its own, or the Redis cluster it joined) through the one runtime abstraction.
        builder.Services.AddSingleton<IRunRuntime>(sp => new OrleansRuntime(sp.GetRequiredService<IGrainFactory>(), "orleans, the web host's silo"));
        builder.Services.AddSingleton<RunRegistry>();
        builder.Services.AddSingleton<RunViewers>();
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddHostedService<SessionPusher>();
        builder.Services.AddSingleton<IdleExpiry>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdleExpiry>());
        builder.Services.AddSingleton<LivePusher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LivePusher>());
        // Hub callers' mistakes are logged by HubCallerMistakes (debug, once per connection), not per call at error.
        builder.Logging.AddFilter(HubCallerMistakes.DispatcherCategory, LogLevel.None);
        builder.Services.AddSignalR(o =>
        {
            o.AddFilter<HubCallerMistakes>();
            o.MaximumReceiveMessageSize = 4 * 1024; // browsers only send a join
            o.EnableDetailedErrors = false;
        }).AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions));
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddRateLimiter(o => RatePolicies.Configure(o, builder.Configuration));
        builder.Services.AddBackboneSimMetrics(builder.Configuration); // /metrics: this host's co-hosted silo and its runs

        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseMiddleware<SecurityHeaders>();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        if (Directory.Exists(app.Environment.WebRootPath))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(app.Environment.WebRootPath) });
        RunsApi.Map(app);
        app.MapHub<RunHub>(RunHub.Path);
        metrics.Map(app);
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<RunRegistry>().StopAll());
        return app;
    }

    /// <summary>The addresses Kestrel listens on, after start (a port 0 resolved to the real one).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
        => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
