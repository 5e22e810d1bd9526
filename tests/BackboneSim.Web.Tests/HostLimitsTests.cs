using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using BackboneSim.Web.Hosting;
using BackboneSim.Web.Live;
using BackboneSim.Web.Runs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackboneSim.Web.Tests;

/// <summary>
/// Issue 14 item 9: runs and sessions are limited per client address and in all, with a 429 that says when a slot
/// frees; what nobody uses expires; a fork never takes the place of a run someone watches. Each test has a host of
/// its own with small limits and a <see cref="ManualClock"/>, so hours of idle time pass in an instant. Clients
/// come from 127.0.0.1, 127.0.0.2 and 127.0.0.3 (the server still listens on 127.0.0.1 only).
/// </summary>
public sealed class HostLimitsTests
{
    private const string Scenario = SessionClient.Scenario;

    private static Task<OwnWebHost> StartHostAsync(ManualClock clock, params string[] limits)
        => OwnWebHost.StartAsync([$"--{RatePolicies.RunStartsPerMinuteKey}=1000", $"--{RatePolicies.SessionActionsPerMinuteKey}=1000", $"--{HostLimits.IdleMinutesKey}=10", .. limits],
            services => services.AddKeyedSingleton<TimeProvider>(IdleExpiry.ClockKey, clock));

    /// <summary>A client whose requests come from <paramref name="local"/>, another loopback address.</summary>
    private static HttpClient From(OwnWebHost host, string local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri(host.Url) };

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private static async Task<string> StartRunAsync(HttpClient http)
    {
        var (status, body, _) = await PostAsync(http, "/api/runs", new { scenario = Scenario, until = "5m" });
        Assert.True(status == HttpStatusCode.Created, $"POST /api/runs: {(int)status} {body}");
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>The 429's Retry-After and body agree, and say the slot frees after the idle time (10 min here).</summary>
    private static void AssertFull(HttpStatusCode status, JsonElement body, HttpResponseMessage response, string says, ManualClock clock, int idleMinutes = 10)
    {
        Assert.True(status == HttpStatusCode.TooManyRequests, $"{(int)status} {body}");
        Assert.Contains(says, body.GetProperty("error").GetString());
        var retry = (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retry, 1, idleMinutes * 60);
        Assert.Equal(retry, body.GetProperty("retryAfterSeconds").GetInt32());
        var freesAt = body.GetProperty("freesAt").GetDateTimeOffset();
        Assert.InRange(freesAt, clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(idleMinutes));
        Assert.Contains("frees at", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Runs_are_limited_per_client_and_in_all_and_expire_after_the_idle_time_unless_watched()
    {
        var clock = new ManualClock();
        await using var host = await StartHostAsync(clock, $"--{HostLimits.MaxRunsKey}=3", $"--{HostLimits.RunsPerClientKey}=2");
        using var a = From(host, "127.0.0.1");
        using var b = From(host, "127.0.0.2");
        var a1 = await StartRunAsync(a);
        var a2 = await StartRunAsync(a);
        var (status, body, response) = await PostAsync(a, "/api/runs", new { scenario = Scenario, until = "5m" });
        AssertFull(status, body, response, "the limit per client is 2", clock);
        Assert.Contains("DELETE /api/runs/ID", body.GetProperty("error").GetString());
        var b1 = await StartRunAsync(b); // another client has its own allowance...
        (status, body, response) = await PostAsync(b, "/api/runs", new { scenario = Scenario, until = "5m" });
        AssertFull(status, body, response, "its limit is 3", clock); // ...within the host's

        // a1 is watched; a2 and b1 are left alone. After the idle time only the watched run is left.
        var watcher = new HubConnectionBuilder().WithUrl(host.Url + RunHub.Path).Build();
        await watcher.StartAsync();
        await watcher.InvokeAsync<JsonElement>("Join", a1);
        clock.Advance(TimeSpan.FromMinutes(9));
        await host.Services.GetRequiredService<IdleExpiry>().SweepAsync();
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/runs/{a2}")).StatusCode); // 9 min: not yet
        clock.Advance(TimeSpan.FromMinutes(2));
        var b2 = await StartRunAsync(b); // a start sweeps first: expired runs free their slots at once
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/runs/{a2}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/runs/{b1}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/runs/{a1}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/runs/{b2}")).StatusCode);

        // Once its watcher has gone, the watched run expires too, the idle time after.
        await watcher.DisposeAsync();
        await Task.Delay(200); // the host sees the disconnect
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(2, await host.Services.GetRequiredService<IdleExpiry>().SweepAsync()); // a1 and b2
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/runs/{a1}")).StatusCode);
    }

    [Fact]
    public async Task Sessions_are_limited_per_client_and_in_all_and_expire_when_idle()
    {
        var clock = new ManualClock();
        await using var host = await StartHostAsync(clock, $"--{HostLimits.MaxSessionsKey}=2", $"--{HostLimits.SessionsPerClientKey}=1");
        using var a = From(host, "127.0.0.1");
        using var b = From(host, "127.0.0.2");
        using var c = From(host, "127.0.0.3");
        var (status, created, response) = await PostAsync(a, "/api/sessions", new { scenario = Scenario });
        Assert.Equal(HttpStatusCode.Created, status);
        (status, var body, response) = await PostAsync(a, "/api/sessions", new { scenario = Scenario });
        AssertFull(status, body, response, "the limit per client is 1", clock);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(b, "/api/sessions", new { scenario = Scenario })).Status);
        (status, body, response) = await PostAsync(c, "/api/sessions", new { scenario = Scenario });
        AssertFull(status, body, response, "its limit is 2", clock);

        // Nobody controls or watches them: after the idle time both end, with their runs, and the slots are free.
        var session = created.GetProperty("sessionId").GetString()!;
        var runId = created.GetProperty("runId").GetString()!;
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(c, "/api/sessions", new { scenario = Scenario })).Status);
        using var state = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/state");
        state.Headers.Authorization = new("Bearer", created.GetProperty("instructorSecret").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await a.SendAsync(state)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/runs/{runId}")).StatusCode);
    }

    [Fact]
    public async Task A_fork_never_ends_a_watched_run_to_make_room_but_may_end_an_abandoned_one()
    {
        var clock = new ManualClock();
        await using var host = await StartHostAsync(clock, $"--{HostLimits.MaxRunsKey}=2", $"--{HostLimits.RunsPerClientKey}=5", $"--{HostLimits.IdleMinutesKey}=600");
        using var a = From(host, "127.0.0.1");
        var origin = await StartRunAsync(a);
        var other = await StartRunAsync(a);
        var watchers = new HubConnectionBuilder().WithUrl(host.Url + RunHub.Path).Build();
        var otherWatcher = new HubConnectionBuilder().WithUrl(host.Url + RunHub.Path).Build();
        await watchers.StartAsync();
        await otherWatcher.StartAsync();
        try
        {
            await watchers.InvokeAsync<JsonElement>("Join", origin);
            await otherWatcher.InvokeAsync<JsonElement>("Join", other);
            // Both paused and not controlled for longer than a full host waits before taking an abandoned run.
            clock.Advance(RunRegistry.IdleAfter + TimeSpan.FromMinutes(1));
            var (status, body, response) = await PostAsync(a, $"/api/runs/{origin}/whatif", new { yaml = "cancel: [drain-backbone]\n", at = 0 });
            AssertFull(status, body, response, "its limit is 2", clock, idleMinutes: 600);
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/runs/{origin}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/runs/{other}")).StatusCode);

            // Nobody watches the other run any more: the fork may take its place, never its origin's.
            await otherWatcher.DisposeAsync();
            await Task.Delay(200);
            clock.Advance(RunRegistry.IdleAfter + TimeSpan.FromMinutes(1));
            (status, body, _) = await PostAsync(a, $"/api/runs/{origin}/whatif", new { yaml = "cancel: [drain-backbone]\n", at = 0 });
            Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body}");
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/runs/{origin}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/runs/{other}")).StatusCode);
        }
        finally { await watchers.DisposeAsync(); await otherWatcher.DisposeAsync(); }
    }
}
