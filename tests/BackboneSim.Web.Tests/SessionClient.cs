using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackboneSim.Web.Tests;

/// <summary>Teaching-session calls as the instructor or a learner (a bearer token), for the API and browser tests.</summary>
public sealed class SessionClient(HttpClient http)
{
    public const string Scenario = "template-your-network"; // its checkpoint comes at ~09:20, 20 minutes in

    public async Task<JsonElement> CreateAsync(object? body = null)
    {
        var response = await http.PostAsJsonAsync("/api/sessions", body ?? new { scenario = Scenario });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/sessions: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public async Task<JsonElement> JoinAsync(string code, string name)
    {
        var (status, json) = await SendAsync(HttpMethod.Post, "/api/sessions/join", null, new { code, name });
        Assert.True(status == HttpStatusCode.OK, $"join: {(int)status} {json}");
        return json;
    }

    public async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<JsonElement> StateAsync(string session, string token)
    {
        var (status, json) = await SendAsync(HttpMethod.Get, $"/api/sessions/{session}/state", token);
        Assert.True(status == HttpStatusCode.OK, $"state: {(int)status} {json}");
        return json;
    }

    /// <summary>Poll the session's state (as <paramref name="token"/>) until <paramref name="done"/> holds.</summary>
    public async Task<JsonElement> WaitForAsync(string session, string token, Func<JsonElement, bool> done, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = await StateAsync(session, token);
            if (done(state)) return state;
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting for {what}; last state {state}");
            await Task.Delay(200);
        }
    }

    public static bool PausedAtCheckpoint(JsonElement state)
        => state.TryGetProperty("checkpoint", out var c) && c.GetProperty("paused").GetBoolean();

    public Task EndAsync(string session, string secret) => SendAsync(HttpMethod.Delete, $"/api/sessions/{session}", secret);
}
