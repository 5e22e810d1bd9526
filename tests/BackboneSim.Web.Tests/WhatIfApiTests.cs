using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BackboneSim.Web.Tests;

/// <summary>
/// Forking what-ifs through the API (docs/web.md#what-ifs): a plain run's fork keeps the original's log before the
/// fork instant and changes it after, the original keeps going; bad what-ifs are 422 with their line; in a session
/// only the instructor forks, and the session follows the fork.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WhatIfApiTests(WebHostFixture web)
{
    private readonly SessionClient sessions = new(web.Http);

    private const long At1545 = 15 * 60_000; // the FB run starts at 15:30

    [Fact]
    public async Task A_what_if_fork_of_the_FB_run_at_15_45_has_the_same_events_before_and_different_ones_after()
    {
        var original = await web.StartRunAsync(new { scenario = "facebook-2021-10-04", seed = 7, until = "20m", speed = "max" });
        string? fork = null;
        try
        {
            await web.WaitForAsync(original, s => s.GetProperty("state").GetString() == "ended", TimeSpan.FromMinutes(3));
            // The responders are sent to roll back the capacity check at 15:45 instead of 15:50.
            var (status, json) = await PostAsync($"/api/runs/{original}/whatif", new { yaml = "timeline:\n  - name: early-rollback\n    respond: { rollback: capacity-check }\n", at = At1545 });
            Assert.True(status == HttpStatusCode.Created, $"whatif: {(int)status} {json}");
            fork = json.GetProperty("id").GetString()!;
            Assert.NotEqual(original, fork);
            // The backbone is gone by 15:45, and with it the VPN (the out-of-band network shares its fate): the check says
            // the team will travel, and the fork's log shows it.
            var warning = Assert.Single(json.GetProperty("warnings").EnumerateArray()).GetString()!;
            Assert.Equal("what-if:2:5: 'early-rollback' at 15:45:00 UTC (the fork): remote access is down at the fork (the VPN since 15:39:10 UTC; " +
                         "the out-of-band network shares the backbone's fate): team responders travels (2h00m00s) and passes security (2h30m00s) before it can work",
                warning); // as docs/web.md#what-ifs quotes it

            // The original had ended (paused at its end), so the fork stands paused at 15:45; play it to the end.
            await web.WaitForAsync(fork, s => s.GetProperty("ms").GetInt64() == At1545 && !s.GetProperty("playing").GetBoolean(), TimeSpan.FromMinutes(2));
            await web.Http.PostAsJsonAsync($"/api/runs/{fork}/control", new { action = "play" });
            await web.WaitForAsync(fork, s => s.GetProperty("state").GetString() == "ended", TimeSpan.FromMinutes(3));
            var before = await Lines(original);
            var after = await Lines(fork);
            Assert.True(before.Count(l => Ms(l) < At1545) > 1000, "the FB run has thousands of events by 15:45");
            Assert.Equal(before.Where(l => Ms(l) < At1545), after.Where(l => Ms(l) < At1545));
            Assert.NotEqual(before.Where(l => Ms(l) >= At1545), after.Where(l => Ms(l) >= At1545));
            var action = Assert.Single(after, l => l.Contains("\"scenario.action\"") && l.Contains("early-rollback"));
            Assert.Equal(At1545, Ms(action));
            Assert.Contains("\"line\":\"what-if:2:5\"", action);
            Assert.DoesNotContain(before, l => l.Contains("early-rollback"));
            Assert.Contains(after, l => l.Contains("\"responders.travelling\"") && Ms(l) is >= At1545 and < At1545 + 1_000);

            // The original stays, for comparison.
            var listed = JsonDocument.Parse(await web.Http.GetStringAsync("/api/runs")).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
            Assert.Contains(original, listed);
            Assert.Contains(fork, listed);
        }
        finally
        {
            await web.EndRunAsync(original);
            if (fork is not null) await web.EndRunAsync(fork);
        }
    }

    [Fact]
    public async Task Bad_what_ifs_are_refused_with_the_line_and_field_and_start_no_run()
    {
        var run = await web.StartRunAsync(new { scenario = SessionClient.Scenario });
        try
        {
            var runsBefore = await RunCount();
            var (status, json) = await PostAsync($"/api/runs/{run}/whatif", new { yaml = "timeline:\n  - name: x\n    respond: { rollback: drain-backbon }\n" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            var details = json.GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList();
            Assert.Contains(details, d => d.StartsWith("what-if:3:", StringComparison.Ordinal) && d.Contains("'rollback'") && d.Contains("did you mean 'drain-backbone'?"));

            (status, json) = await PostAsync($"/api/runs/{run}/whatif", new { yaml = "cancel: [drain-backbone]\nfail: {}\n" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains(json.GetProperty("details").EnumerateArray(), d => d.GetString()!.StartsWith("what-if:2:1: unknown field 'fail'", StringComparison.Ordinal));

            // It reads cleanly, but the push it rolls back is cancelled by the same what-if: it never runs.
            (status, json) = await PostAsync($"/api/runs/{run}/whatif",
                new { yaml = "cancel: [drain-backbone]\ntimeline:\n  - name: undo\n    at: \"09:20:00\"\n    respond: { rollback: drain-backbone }\n" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("the what-if cannot run as written", json.GetProperty("error").GetString());
            Assert.Equal("what-if:3:5: 'undo' at 09:20:00 UTC: 'drain-backbone' is cancelled (a what-if's cancel:), so it never runs: the rollback finds nothing to undo",
                Assert.Single(json.GetProperty("details").EnumerateArray()).GetString());

            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync($"/api/runs/{run}/whatif", new { yaml = "" })).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync($"/api/runs/{run}/whatif", new { yaml = "# " + new string('x', 21_000) })).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync($"/api/runs/{run}/whatif", new { yaml = "cancel: [drain-backbone]", at = 3_600_000 })).Status);
            using (var notJson = new StringContent("{yaml:", Encoding.UTF8, "application/json"))
                Assert.Equal(HttpStatusCode.BadRequest, (await web.Http.PostAsync($"/api/runs/{run}/whatif", notJson)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"/api/runs/{new string('0', 32)}/whatif", new { yaml = "cancel: [x]" })).Status);
            Assert.Equal(runsBefore, await RunCount());
        }
        finally { await web.EndRunAsync(run); }
    }

    [Fact]
    public async Task A_what_if_that_may_not_go_as_written_forks_with_its_warnings()
    {
        var run = await web.StartRunAsync(new { scenario = SessionClient.Scenario }); // paused at 09:00
        string? fork = null;
        try
        {
            // second-push is a hidden inject nobody fired: the rollback may find nothing to undo.
            var (status, json) = await PostAsync($"/api/runs/{run}/whatif", new { yaml = "timeline:\n  - name: undo-inject\n    respond: { rollback: second-push }\n" });
            Assert.True(status == HttpStatusCode.Created, $"whatif: {(int)status} {json}");
            fork = json.GetProperty("id").GetString()!;
            Assert.False(string.IsNullOrEmpty(json.GetProperty("ownerToken").GetString()));
            Assert.Equal("what-if:2:5: 'undo-inject' at 09:00:00 UTC (the fork): 'second-push' is a hidden inject that has not been fired; if it never is, " +
                         "the rollback finds nothing to undo", Assert.Single(json.GetProperty("warnings").EnumerateArray()).GetString());
            // The status elsewhere carries no warnings.
            Assert.False(JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{fork}")).RootElement.TryGetProperty("warnings", out _));
        }
        finally
        {
            await web.EndRunAsync(run);
            if (fork is not null) await web.EndRunAsync(fork);
        }
    }

    [Fact]
    public async Task In_a_session_only_the_instructor_forks_a_what_if_and_every_page_follows_the_fork()
    {
        var created = await sessions.CreateAsync();
        var (id, secret, code, oldRun) = (created.GetProperty("sessionId").GetString()!, created.GetProperty("instructorSecret").GetString()!,
            created.GetProperty("joinCode").GetString()!, created.GetProperty("runId").GetString()!);
        try
        {
            var learner = (await sessions.JoinAsync(code, "Ada")).GetProperty("learnerToken").GetString()!;
            var body = new { yaml = "cancel: [drain-backbone]\n" };

            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/whatif", learner, body)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await sessions.SendAsync(HttpMethod.Post, $"/api/runs/{oldRun}/whatif", learner, body)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/whatif", null, body)).Status);
            Assert.Equal(oldRun, (await sessions.StateAsync(id, learner)).GetProperty("runId").GetString());
            Assert.Equal(HttpStatusCode.OK, (await web.Http.GetAsync($"/api/runs/{oldRun}")).StatusCode);

            var (status, view) = await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/whatif", secret, body);
            Assert.True(status == HttpStatusCode.OK, $"whatif: {(int)status} {view}");
            var fork = view.GetProperty("runId").GetString()!;
            Assert.NotEqual(oldRun, fork);
            Assert.Equal(0, view.GetProperty("warnings").GetArrayLength()); // a cancel: no order, nothing to warn of
            Assert.Equal(fork, (await sessions.StateAsync(id, learner)).GetProperty("runId").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await web.Http.GetAsync($"/api/runs/{oldRun}")).StatusCode);

            // The fork has no push: playing it past 09:15 shows no drain.
            await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "seek", at = "09:20" });
            await web.WaitForAsync(fork, s => s.GetProperty("ms").GetInt64() >= 20 * 60_000, TimeSpan.FromMinutes(2));
            Assert.DoesNotContain(await Lines(fork), l => l.Contains("\"scenario.action\"") && l.Contains("\"action\":\"drain-backbone\""));

            // A hidden inject fired afterwards forks again and keeps the what-if.
            var (fired, injected) = await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/inject", secret, new { name = "second-push" });
            Assert.True(fired == HttpStatusCode.OK, $"inject: {(int)fired} {injected}");
            var third = injected.GetProperty("runId").GetString()!;
            await sessions.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/control", secret, new { action = "seek", at = "09:40" });
            await web.WaitForAsync(third, s => s.GetProperty("ms").GetInt64() >= 40 * 60_000, TimeSpan.FromMinutes(2));
            var thirdLines = await Lines(third);
            Assert.Contains(thirdLines, l => l.Contains("\"scenario.action\"") && l.Contains("\"action\":\"second-push\""));
            Assert.DoesNotContain(thirdLines, l => l.Contains("\"scenario.action\"") && l.Contains("\"action\":\"drain-backbone\""));
        }
        finally { await sessions.EndAsync(id, secret); }
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(string path, object body)
    {
        using var response = await web.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<int> RunCount() => JsonDocument.Parse(await web.Http.GetStringAsync("/api/runs")).RootElement.GetArrayLength();

    private async Task<List<string>> Lines(string runId)
    {
        var lines = new List<string>();
        while (true)
        {
            var page = await web.Http.GetStringAsync($"/api/runs/{runId}/events?since={lines.Count}&max=10000&format=jsonl");
            if (page.Length == 0) return lines;
            lines.AddRange(page.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private static long Ms(string line) => JsonDocument.Parse(line).RootElement.GetProperty("ms").GetInt64();
}
