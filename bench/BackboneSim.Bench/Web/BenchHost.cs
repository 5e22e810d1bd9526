using System.Net.Http.Json;
using System.Text.Json;
using BackboneSim.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace BackboneSim.Bench.Web;

/// <summary>
/// The web host in this process on 127.0.0.1 (a free port), serving a temporary scenario library: the FB scenario,
/// the 5,000-node bench scenario (not in the repository's library, so library tests never run it) and the
/// topologies both include. The join limit is raised to the learner count, as the simulated learners all come from
/// one loopback address (the host's default stays 60 a minute).
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string Facebook = "facebook-2021-10-04";
    public const string FiveThousand = "web-5000-nodes";

    /// <summary>Orleans' response timeout for the host's grain calls, raised from 30 s: starting the 5,000-node run
    /// (SimulationGrain.Start expands the scenario) took longer than that on the busy 2-core machine.</summary>
    public const string ResponseTimeoutKey = "Orleans:Messaging:ResponseTimeout";
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(3);

    private readonly WebApplication _app;
    private readonly string _library;

    public string Url { get; }
    /// <summary>The join limit the host runs with (joins a minute per address).</summary>
    public int JoinsPerMinute { get; }
    public HttpClient Http { get; }

    private BenchHost(WebApplication app, string library, string url, int joinsPerMinute)
    {
        JoinsPerMinute = joinsPerMinute;
        _app = app;
        _library = library;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <param name="repoRoot">The repository (scenarios/ and bench/scenarios/ under it).</param>
    public static async Task<BenchHost> StartAsync(string repoRoot, int joinsPerMinute)
    {
        var library = Directory.CreateTempSubdirectory("backbonesim-bench-web-").FullName;
        File.Copy(Path.Combine(repoRoot, "scenarios", Facebook + ".yaml"), Path.Combine(library, Facebook + ".yaml"));
        File.Copy(Path.Combine(repoRoot, "bench", "scenarios", FiveThousand + ".yaml"), Path.Combine(library, FiveThousand + ".yaml"));
        var topologies = Directory.CreateDirectory(Path.Combine(library, "topologies")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(repoRoot, "scenarios", "topologies")))
            File.Copy(file, Path.Combine(topologies, Path.GetFileName(file)));

        var app = WebHost.Build(["--urls", "http://127.0.0.1:0", "--scenarios", library,
                                 $"--{RatePolicies.JoinsPerMinuteKey}={joinsPerMinute}", $"--{ResponseTimeoutKey}={ResponseTimeout:c}",
                                 // The bench sends everything from one address: it gets the host's whole allowance.
                                 $"--{HostLimits.RunsPerClientKey}={HostLimits.Default.MaxRuns}", $"--{HostLimits.SessionsPerClientKey}={HostLimits.Default.MaxSessions}"]);
        await app.StartAsync();
        // Read back what the silo took, so a renamed setting cannot silently leave the 30 s default in place.
        var taken = app.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout;
        if (taken != ResponseTimeout) throw new InvalidOperationException($"the host's Orleans response timeout is {taken}, not {ResponseTimeout} ({ResponseTimeoutKey})");
        return new BenchHost(app, library, WebHost.Addresses(app).Single().TrimEnd('/'), joinsPerMinute);
    }

    /// <summary>Start a library scenario paused at 0; returns the run id.</summary>
    public async Task<string> StartRunAsync(string scenario, string? until = null)
    {
        var response = await Http.PostAsJsonAsync("/api/runs", until is null ? new { scenario } : (object)new { scenario, until });
        var created = await ReadAsync(response, "POST /api/runs");
        var id = created.GetProperty("id").GetString()!;
        _owners[id] = created.GetProperty("ownerToken").GetString()!;
        return id;
    }

    /// <summary>The owner tokens of the runs the bench started: only their holder controls or ends a run.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    private async Task<HttpResponseMessage> AsOwnerAsync(HttpMethod method, string runId, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (_owners.TryGetValue(runId, out var token)) request.Headers.Add("X-Run-Owner", token);
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> StatusAsync(string runId) => JsonDocument.Parse(await Http.GetStringAsync($"/api/runs/{runId}")).RootElement;

    public async Task<JsonElement> ControlAsync(string runId, object body)
        => await ReadAsync(await AsOwnerAsync(HttpMethod.Post, runId, $"/api/runs/{runId}/control", body), "control");

    /// <summary>Seek a paused run and wait until the engine has computed that far and the run shows it.</summary>
    public async Task SeekAndWaitAsync(string runId, string at, long ms, string what)
    {
        await ControlAsync(runId, new { action = "seek", at });
        await WaitForAsync(runId, s => s.GetProperty("ms").GetInt64() == ms, TimeSpan.FromMinutes(10), $"{what} at {at}");
    }

    /// <summary>Poll the run's status until <paramref name="done"/> holds, printing the engine's progress every 10 s.</summary>
    public async Task<JsonElement> WaitForAsync(string runId, Func<JsonElement, bool> done, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        var nextReport = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var status = await StatusAsync(runId);
            if (done(status)) return status;
            if (status.GetProperty("state").GetString() == "failed") throw new InvalidOperationException($"run failed while waiting for {what}: {status}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what}; last status {status}");
            if (DateTime.UtcNow > nextReport)
            {
                Console.Error.WriteLine($"    waiting for {what}: engine at {status.GetProperty("computedMs").GetInt64() / 1000} s virtual, {status.GetProperty("computedEvents").GetInt64():N0} events computed");
                nextReport = DateTime.UtcNow.AddSeconds(10);
            }
            await Task.Delay(200);
        }
    }

    public Task EndRunAsync(string runId) => AsOwnerAsync(HttpMethod.Delete, runId, $"/api/runs/{runId}", null);

    /// <summary>Every released event of the run as the REST API serves it (pages of 10,000).</summary>
    public async IAsyncEnumerable<JsonElement> EventsAsync(string runId)
    {
        for (long since = 0; ; )
        {
            var page = JsonDocument.Parse(await Http.GetStringAsync($"/api/runs/{runId}/events?since={since}&max=10000")).RootElement;
            var events = page.GetProperty("events");
            if (events.GetArrayLength() == 0) yield break;
            foreach (var e in events.EnumerateArray()) yield return e;
            since = page.GetProperty("to").GetInt64();
        }
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await _app.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        try { Directory.Delete(_library, recursive: true); } catch (IOException) { }
    }
}
