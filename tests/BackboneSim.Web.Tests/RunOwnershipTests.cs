using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BackboneSim.Web.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackboneSim.Web.Tests;

/// <summary>Issue 14 item 9: a plain run has an owner token; only its holder controls or ends the run, anyone watches.</summary>
[Collection(WebCollection.Name)]
public sealed class RunOwnershipTests(WebHostFixture web)
{
    /// <summary>A token that differs from <paramref name="token"/> in its first character (whatever that character is:
    /// a random token starts with any of them).</summary>
    private static string Wrong(string token) => (token[0] == 'x' ? "y" : "x") + token[1..];

    [Fact]
    public async Task Only_the_owner_controls_or_ends_a_run_and_anyone_may_watch_it()
    {
        // A client without the suite's token handler: it sends only the headers this test gives.
        using var http = new HttpClient { BaseAddress = new Uri(web.Url) };
        var created = await http.PostAsJsonAsync("/api/runs", new { scenario = "facebook-2021-10-04", until = "5m" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = run.GetProperty("id").GetString()!;
        var token = run.GetProperty("ownerToken").GetString()!;
        Assert.True(token.Length >= 20, "an owner token of 128 random bits");
        async Task<(HttpStatusCode Status, string Body)> Send(HttpMethod method, string path, object? body, Action<HttpRequestHeaders>? headers = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            headers?.Invoke(request.Headers);
            var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        try
        {
            // Strangers: no token, a wrong one, someone else's scheme. 403 that says why and what they may do.
            var (status, body) = await Send(HttpMethod.Post, $"/api/runs/{id}/control", new { action = "play" });
            Assert.Equal(HttpStatusCode.Forbidden, status);
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
            Assert.Contains("only the run's owner", error);
            Assert.Contains("X-Run-Owner", error);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Post, $"/api/runs/{id}/control", new { action = "play" }, h => h.Add("X-Run-Owner", Wrong(token)))).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Post, $"/api/runs/{id}/control", new { action = "seek", ms = 0 }, h => h.Authorization = new("Basic", token))).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Delete, $"/api/runs/{id}", null)).Status);
            Assert.False((await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}")).GetProperty("playing").GetBoolean(), "a stranger's play changed nothing");

            // Watching is open, and never shows the token.
            var status1 = await http.GetStringAsync($"/api/runs/{id}");
            Assert.DoesNotContain(token, status1);
            Assert.DoesNotContain("ownerToken", status1);
            Assert.DoesNotContain(token, await http.GetStringAsync("/api/runs"));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/runs/{id}/topology")).StatusCode);
            var hub = new HubConnectionBuilder().WithUrl(web.Url + RunHub.Path).Build();
            await hub.StartAsync();
            try
            {
                var joined = await hub.InvokeAsync<JsonElement>("Join", id);
                Assert.Equal(id, joined.GetProperty("id").GetString());
                Assert.False(joined.TryGetProperty("ownerToken", out _));
            }
            finally { await hub.DisposeAsync(); }

            // The owner: the header or a bearer token.
            Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, $"/api/runs/{id}/control", new { action = "speed", speed = "10x" }, h => h.Add("X-Run-Owner", token))).Status);
            Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, $"/api/runs/{id}/control", new { action = "seek", ms = 60_000 }, h => h.Authorization = new("Bearer", token))).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"/api/runs/{id}", null, h => h.Add("X-Run-Owner", token))).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/runs/{id}")).StatusCode);
        }
        finally { await Send(HttpMethod.Delete, $"/api/runs/{id}", null, h => h.Add("X-Run-Owner", token)); }
    }
}
