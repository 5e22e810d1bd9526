using BackboneSim.Tests.Shared;
using BackboneSim.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BackboneSim.Web.Tests;

/// <summary>
/// A web host of one test's own, for settings the shared host must not have (limits, expiry, /metrics credentials):
/// loopback, a free port, the repository's scenario library.
/// </summary>
public sealed class OwnWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OwnWebHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Url { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<OwnWebHost> StartAsync(string[] args, Action<IServiceCollection>? services = null)
    {
        var app = WebHost.Build(["--urls", "http://127.0.0.1:0", "--scenarios", RepoPaths.File("scenarios"), .. args], services);
        await app.StartAsync();
        return new OwnWebHost(app, WebHost.Addresses(app).Single().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await _app.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }
}
