using System.Net;
using System.Text.Json;
using BackboneSim.Web.Sessions;

namespace BackboneSim.Web.Tests;

/// <summary>Teaching sessions through the REST API: roles, codes, learners' input, answers and the checkpoint pause.</summary>
[Collection(WebCollection.Name)]
public sealed class SessionApiTests(WebHostFixture web)
{
    private readonly SessionClient sessions = new(web.Http);

    [Fact]
    public async Task Learners_cannot_control_the_run_and_the_run_does_not_change()
    {
        var created = await sessions.CreateAsync();
        var (id, secret, runId) = (created.GetProperty("sessionId").GetString()!, created.GetProperty("instructorSecret").GetString()!, created.GetProperty("runId").GetString()!);
        try
        {
            var code = created.GetProperty("joinCode").GetString()!;
            Assert.Equal(SessionSecrets.CodeLength, code.Length);
            Assert.All(code, c => Assert.Contains(c, SessionSecrets.CodeAlphabet));
            Assert.Equal(22, secret.Length);
            Assert.Equal($"/#session={id}&key={secret}", created.GetProperty("instructorUrl").GetString());

            var learner = await sessions.JoinAsync(code.ToLowerInvariant(), "Ada"); // codes are read off a screen: case does not matter
            var token = learner.GetProperty("learnerToken").GetString()!;
            var before = await RunStatus(runId);

            foreach (var action in new object[] { new { action = "play" }, new { action = "speed", speed = "max" }, new { action = "seek", ms = 600_000 } })
            {
                var (status, json) = await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", token, action);
                Assert.True(status == HttpStatusCode.Forbidden, $"learner control {JsonSerializer.Serialize(action)}: {(int)status} {json}");
            }
            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/reveal", token)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Delete, $"/api/sessions/{id}", token)).Status);
            // The run's own endpoints do not bypass the session, with or without a token.
            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Post, $"/api/runs/{runId}/control", token, new { action = "play" })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Delete, $"/api/runs/{runId}", null)).Status);
            // No token, or a forged one: 401.
            Assert.Equal(HttpStatusCode.Unauthorized, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", null, new { action = "play" })).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", Flip(secret), new { action = "play" })).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", Flip(token), new { action = "play" })).Status);

            await Task.Delay(300); // a change would have shown by now: the run's loop ticks every 20 ms
            var after = await RunStatus(runId);
            foreach (var field in new[] { "playing", "speed", "ms", "targetMs", "state" })
                Assert.Equal(before.GetProperty(field).ToString(), after.GetProperty(field).ToString());
            Assert.False(after.GetProperty("playing").GetBoolean());

            // The instructor can.
            var (ok, played) = await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "play" });
            Assert.True(ok == HttpStatusCode.OK, $"instructor play: {played}");
            Assert.True(played.GetProperty("playing").GetBoolean());
        }
        finally { await sessions.EndAsync(id, secret); }
        Assert.Equal(HttpStatusCode.NotFound, (await sessions.SendAsync(HttpMethod.Get, $"/api/sessions/{id}/state", secret)).Status);
    }

    [Theory]
    [InlineData("ZZZZZ0")] // 0 is not in the alphabet
    [InlineData("ACDEFG")] // well formed, no such session (the alphabet has 25^6 codes)
    [InlineData("<script>alert(1)</script>")]
    [InlineData("")]
    public async Task Unknown_codes_are_404_without_echo(string code)
    {
        var (status, json) = await sessions.SendAsync(HttpMethod.Post, "/api/sessions/join", null, new { code, name = "Ada" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("script", json.ToString());
    }

    [Fact]
    public async Task Names_are_trimmed_checked_and_escaped()
    {
        var created = await sessions.CreateAsync();
        var (id, secret, code) = (created.GetProperty("sessionId").GetString()!, created.GetProperty("instructorSecret").GetString()!, created.GetProperty("joinCode").GetString()!);
        try
        {
            foreach (var bad in new[] { new string('x', 41), "   ", "evil\u202Eexe.txt", "bell\u0007", "two\nlines", "zero\u200Bwidth" })
            {
                var (status, json) = await sessions.SendAsync(HttpMethod.Post, "/api/sessions/join", null, new { code, name = bad });
                Assert.True(status == HttpStatusCode.BadRequest, $"name {JsonSerializer.Serialize(bad)}: {(int)status} {json}");
            }
            var joined = await sessions.JoinAsync(code, "  " + new string('y', 40) + "  ");
            Assert.Equal(new string('y', 40), joined.GetProperty("name").GetString());

            // Markup is kept as text and escaped by the JSON encoder: it never reaches a page as markup.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions/join") { Content = System.Net.Http.Json.JsonContent.Create(new { code, name = "<img src=x onerror=alert(1)>" }) };
            using var response = await web.Http.SendAsync(request);
            var raw = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("<img", raw);
            Assert.Contains("\\u003Cimg", raw);
            var name = JsonDocument.Parse(raw).RootElement.GetProperty("name").GetString();
            Assert.Equal("<img src=x onerror=alert(1)>", name);
            Assert.Equal(2, (await sessions.StateAsync(id, secret)).GetProperty("learners").GetInt32());
        }
        finally { await sessions.EndAsync(id, secret); }
    }

    [Fact]
    public async Task A_checkpoint_pauses_the_run_learners_answer_once_and_the_instructor_reveals()
    {
        var created = await sessions.CreateAsync();
        var (id, secret, code, runId) = (created.GetProperty("sessionId").GetString()!, created.GetProperty("instructorSecret").GetString()!,
            created.GetProperty("joinCode").GetString()!, created.GetProperty("runId").GetString()!);
        try
        {
            var ada = (await sessions.JoinAsync(code, "Ada")).GetProperty("learnerToken").GetString()!;
            var bob = (await sessions.JoinAsync(code, "Bob")).GetProperty("learnerToken").GetString()!;
            // Before any question, an answer is refused (and counts against the learner's rate).
            Assert.Equal(HttpStatusCode.Conflict, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", ada, new { choice = 1 })).Status);

            await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "speed", speed = "max" });
            await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "play" });
            var state = await sessions.WaitForAsync(id, ada, SessionClient.PausedAtCheckpoint, TimeSpan.FromMinutes(2), "the checkpoint to pause the run");

            var checkpoint = state.GetProperty("checkpoint");
            Assert.Equal("The canary has waited five minutes. Will the rollout go on?", checkpoint.GetProperty("question").GetString());
            Assert.Equal(2, checkpoint.GetProperty("choices").GetArrayLength());
            Assert.False(checkpoint.TryGetProperty("answerChoice", out _), "a learner sees no answer before the reveal");
            Assert.False(checkpoint.TryGetProperty("counts", out _), "a learner sees no counts before the reveal");
            var line = state.GetProperty("narration").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "what-next");
            // The playhead stopped at the checkpoint's instant, and stays there.
            await Task.Delay(300);
            var run = await RunStatus(runId);
            Assert.False(run.GetProperty("playing").GetBoolean());
            Assert.Equal(line.GetProperty("ms").GetInt64(), run.GetProperty("ms").GetInt64());

            var (first, firstJson) = await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", ada, new { choice = 2 });
            Assert.True(first == HttpStatusCode.OK, $"answer: {firstJson}");
            Assert.Equal(2, firstJson.GetProperty("checkpoint").GetProperty("myChoice").GetInt32());
            Assert.Equal(HttpStatusCode.Conflict, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", ada, new { choice = 1 })).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", bob, new { choice = 3 })).Status);
            Assert.Equal(HttpStatusCode.OK, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", bob, new { choice = 1 })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", secret, new { choice = 1 })).Status);

            var instructor = (await sessions.StateAsync(id, secret)).GetProperty("checkpoint");
            Assert.Equal("[1,1]", instructor.GetProperty("counts").GetRawText());
            Assert.Equal(2, instructor.GetProperty("answerChoice").GetInt32());

            var (revealed, _) = await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/reveal", secret);
            Assert.Equal(HttpStatusCode.OK, revealed);
            var learnerView = (await sessions.StateAsync(id, bob)).GetProperty("checkpoint");
            Assert.True(learnerView.GetProperty("revealed").GetBoolean());
            Assert.Equal(2, learnerView.GetProperty("answerChoice").GetInt32());
            Assert.Contains("health check", learnerView.GetProperty("explain").GetString());
            Assert.Equal(1, learnerView.GetProperty("myChoice").GetInt32());
            Assert.Equal(HttpStatusCode.Conflict, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/reveal", secret)).Status);

            // Resuming plays on past the checkpoint; it is not asked again.
            await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "play" });
            await web.WaitForAsync(runId, s => s.GetProperty("ms").GetInt64() > line.GetProperty("ms").GetInt64() + 60_000, TimeSpan.FromMinutes(2));
        }
        finally { await sessions.EndAsync(id, secret); }
    }

    [Fact]
    public async Task Firing_a_hidden_inject_forks_the_run_at_the_playhead_with_the_same_log_up_to_there()
    {
        var created = await sessions.CreateAsync();
        var (id, secret, code, oldRun) = (created.GetProperty("sessionId").GetString()!, created.GetProperty("instructorSecret").GetString()!,
            created.GetProperty("joinCode").GetString()!, created.GetProperty("runId").GetString()!);
        try
        {
            var learner = (await sessions.JoinAsync(code, "Ada")).GetProperty("learnerToken").GetString()!;
            var injects = (await sessions.StateAsync(id, secret)).GetProperty("injects");
            Assert.Equal("second-push", injects[0].GetProperty("name").GetString());
            Assert.False(injects[0].GetProperty("fired").GetBoolean());
            Assert.False((await sessions.StateAsync(id, learner)).TryGetProperty("injects", out _), "learners do not see the injects");

            await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "speed", speed = "max" });
            await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "play" });
            await sessions.WaitForAsync(id, secret, SessionClient.PausedAtCheckpoint, TimeSpan.FromMinutes(2), "the checkpoint");
            var at = (await RunStatusOf(oldRun)).GetProperty("ms").GetInt64();
            var before = await Lines(oldRun);

            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/inject", learner, new { name = "second-push" })).Status);
            Assert.Equal(HttpStatusCode.Conflict, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/inject", secret, new { name = "no-such-inject" })).Status);
            var (fired, view) = await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/inject", secret, new { name = "second-push" });
            Assert.True(fired == HttpStatusCode.OK, $"inject: {view}");
            var fork = view.GetProperty("runId").GetString()!;
            Assert.NotEqual(oldRun, fork);
            Assert.True(view.GetProperty("injects")[0].GetProperty("fired").GetBoolean());
            Assert.Equal(HttpStatusCode.Conflict, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/inject", secret, new { name = "second-push" })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await web.Http.GetAsync($"/api/runs/{oldRun}")).StatusCode);

            // The fork stands where the run stood, its log up to there is the old one, and the inject runs there.
            var status = await web.WaitForAsync(fork, s => s.GetProperty("ms").GetInt64() == at && s.GetProperty("computedMs").GetInt64() >= at, TimeSpan.FromMinutes(2));
            Assert.False(status.GetProperty("playing").GetBoolean());
            var after = await Lines(fork);
            static long Ms(string line) => JsonDocument.Parse(line).RootElement.GetProperty("ms").GetInt64();
            Assert.Equal(before.Where(l => Ms(l) < at).ToList(), after.Where(l => Ms(l) < at).ToList());
            Assert.Contains(after, l => Ms(l) == at && l.Contains("\"scenario.action\"") && l.Contains("second-push"));
            Assert.Equal(fork, (await sessions.StateAsync(id, learner)).GetProperty("runId").GetString());
        }
        finally { await sessions.EndAsync(id, secret); }
    }

    private async Task<List<string>> Lines(string runId)
        => (await web.Http.GetStringAsync($"/api/runs/{runId}/events?since=0&max=10000&format=jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private Task<JsonElement> RunStatusOf(string runId) => RunStatus(runId);

    [Fact]
    public async Task A_learner_sending_too_fast_is_limited()
    {
        var created = await sessions.CreateAsync();
        var (id, secret, code) = (created.GetProperty("sessionId").GetString()!, created.GetProperty("instructorSecret").GetString()!, created.GetProperty("joinCode").GetString()!);
        try
        {
            var token = (await sessions.JoinAsync(code, "Eve")).GetProperty("learnerToken").GetString()!;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < Learner.MaxWritesPerWindow + 2; i++)
                statuses.Add((await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", token, new { choice = 1 })).Status);
            Assert.Equal(HttpStatusCode.Conflict, statuses[0]); // no question open
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
            var oversized = new string('a', 501);
            Assert.NotEqual(HttpStatusCode.OK, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/answer", token, new { text = oversized })).Status);
        }
        finally { await sessions.EndAsync(id, secret); }
    }

    /// <summary>The same token with its last character changed.</summary>
    private static string Flip(string token) => token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

    private async Task<JsonElement> RunStatus(string runId) => JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{runId}")).RootElement.Clone();
}
