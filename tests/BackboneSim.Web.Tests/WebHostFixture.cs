using System.Net.Http.Json;
using System.Text.Json;
using BackboneSim.Tests.Shared;
using BackboneSim.Web.Hosting;
using Microsoft.AspNetCore.Builder;

namespace BackboneSim.Web.Tests;

/// <summary>The real web host (Kestrel on a free loopback port, co-hosted silo), shared by the tests of the collection.</summary>
public sealed class WebHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    /// <summary>The host's services: its co-hosted silo's grain factory, for runs started beside the web API.</summary>
    public IServiceProvider Services => _app!.Services;
    public HttpClient Http { get; private set; } = new();

    public async Task InitializeAsync()
    {
        // Every test comes from 127.0.0.1: run starts and session actions get a suite's allowance, not a classroom's
        // (the learners' own write limit, which a test checks, stays).
        _app = WebHost.Build(["--urls", "http://127.0.0.1:0", "--scenarios", RepoPaths.File("scenarios"),
            $"--{RatePolicies.RunStartsPerMinuteKey}=1000", $"--{RatePolicies.SessionActionsPerMinuteKey}=1000",
            // One address holds the host's every run and session (the host's totals still apply): HostLimitsTests
            // checks the per-client limits on hosts of its own.
            $"--{HostLimits.RunsPerClientKey}={HostLimits.Default.MaxRuns}", $"--{HostLimits.SessionsPerClientKey}={HostLimits.Default.MaxSessions}"]);
        await _app.StartAsync();
        Url = WebHost.Addresses(_app).Single().TrimEnd('/');
        // As the browser that started them, the suite controls and ends its runs with their owner tokens.
        Http = new HttpClient(new RunOwnerTokens()) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _app.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
            await _app.DisposeAsync();
        }
    }

    /// <summary>Start a library scenario; returns the run id.</summary>
    public async Task<string> StartRunAsync(object body)
    {
        var response = await Http.PostAsJsonAsync("/api/runs", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/runs: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Poll the run's status until <paramref name="done"/> holds.</summary>
    public async Task<JsonElement> WaitForAsync(string runId, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = JsonDocument.Parse(await Http.GetStringAsync($"/api/runs/{runId}")).RootElement;
            if (done(status)) return status;
            if (status.GetProperty("state").GetString() == "failed") Assert.Fail("run failed: " + status);
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting; last status {status}");
            await Task.Delay(200);
        }
    }

    public async Task EndRunAsync(string runId) => await Http.DeleteAsync($"/api/runs/{runId}");
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebHostFixture>
{
    public const string Name = "web host";
}
