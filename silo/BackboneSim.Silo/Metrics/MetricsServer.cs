using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackboneSim.Silo.Metrics;

/// <summary>
/// A bare HTTP server on 127.0.0.1 with only /metrics, for `backbonesim run --metrics-port`: the run's process is
/// scraped while the run lasts.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The scrape address, e.g. http://127.0.0.1:9464/metrics.</summary>
    public string Url { get; }

    /// <summary>Listens on <paramref name="port"/> (0: a free one). Throws IOException when the port is taken.</summary>
    public static async Task<MetricsServer> StartAsync(int port, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddBackboneSimMetrics();
        var app = builder.Build();
        app.MapBackboneSimMetrics();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MetricsServer(app, address.TrimEnd('/') + MetricsSetup.Path);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }
}
