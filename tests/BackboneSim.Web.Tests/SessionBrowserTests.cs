using System.Text.Json;
using Microsoft.Playwright;

namespace BackboneSim.Web.Tests;

/// <summary>
/// A teaching session in real headless Chromium: one instructor page and two learner pages (separate browser
/// contexts, so separate storage). The checkpoint reaches both learners, their answers are counted on the
/// instructor's page, a learner's own pause request is refused, the reveal reaches the learners.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SessionBrowserTests(WebHostFixture web, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Question = "The canary has waited five minutes. Will the rollout go on?";

    [Fact]
    public async Task Checkpoint_reaches_two_learners_their_answers_are_counted_and_a_learners_pause_is_refused()
    {
        var errors = new List<string>();
        var (instructorContext, instructor) = await OpenAsync(errors);
        var (adaContext, ada) = await OpenAsync(errors);
        var (bobContext, bob) = await OpenAsync(errors);
        string? sessionId = null, secret = null;
        try
        {
            // The instructor starts a session from the page.
            await instructor.GotoAsync(web.Url);
            await instructor.WaitForSelectorAsync($"#scenario option[value='{SessionClient.Scenario}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await instructor.SelectOptionAsync("#scenario", SessionClient.Scenario);
            await instructor.ClickAsync("#teach");
            await instructor.WaitForSelectorAsync("body[data-role=instructor] #map svg .site");
            await instructor.WaitForFunctionAsync("() => /^[A-Z0-9]{6}$/.test(document.getElementById('join-code').textContent)");
            var code = await instructor.TextContentAsync("#join-code");
            // The projected page's address has no secret (issue 14 item 12): the tab keeps it in its sessionStorage.
            var hash = new Uri(instructor.Url).Fragment; // #session=ID
            var fragment = System.Web.HttpUtility.ParseQueryString(hash.TrimStart('#'));
            sessionId = fragment["session"];
            secret = await instructor.EvaluateAsync<string?>("id => sessionStorage.getItem('backbonesim.instructor.' + id)", sessionId);
            Assert.False(string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(secret), $"instructor page {hash}");
            Assert.Equal($"#session={sessionId}", hash);
            Assert.DoesNotContain(secret!, instructor.Url);

            // Two learners join with the code (one with markup in the name: shown as text).
            await JoinAsync(ada, code!, "Ada");
            await JoinAsync(bob, code!, "<b>Bob</b>");
            Assert.Equal("<b>Bob</b>", await bob.TextContentAsync("#session-name"));
            Assert.Equal(0, await bob.Locator("#session-name b").CountAsync());
            Assert.False(await ada.IsVisibleAsync("#play"), "a learner sees no controls");
            await instructor.WaitForSelectorAsync("#learner-count:text('2 learners')");

            // Play at max: the run stops at the checkpoint; both learners get the question.
            await instructor.ClickAsync("#speeds [data-speed=max]");
            await instructor.ClickAsync("#play");
            foreach (var learner in new[] { ada, bob })
            {
                await learner.WaitForSelectorAsync("#checkpoint:not([hidden]) #cp-choices button");
                Assert.Equal(Question, await learner.TextContentAsync("#cp-question"));
                await learner.WaitForSelectorAsync("#narration li:has-text('Two data centers')");
            }
            await ada.ClickAsync("#cp-choices [data-choice='2']");
            await bob.ClickAsync("#cp-choices [data-choice='1']");
            await ada.WaitForSelectorAsync("#cp-status:has-text('Answer sent')");
            await instructor.WaitForSelectorAsync("#ip-counts [data-choice='1'][data-count='1']");
            await instructor.WaitForSelectorAsync("#ip-counts [data-choice='2'][data-count='1']");
            await instructor.WaitForSelectorAsync("#ip-answered:text('2 answered')");
            await instructor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("session-instructor-checkpoint.png"), FullPage = true });
            await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("session-learner-question.png"), FullPage = true });

            // A learner calls the API directly with their own token: refused, and the run stays where it is.
            var runId = await ada.EvaluateAsync<string>("() => document.body.getAttribute('data-run')");
            var before = await RunStatus(runId);
            Assert.False(before.GetProperty("playing").GetBoolean(), $"the checkpoint paused the run: {before}");
            var statuses = await ada.EvaluateAsync<int[]>(@"async ([session, run]) => {
                const token = sessionStorage.getItem('backbonesim.learner.' + session);
                const post = (path, body) => fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token }, body: JSON.stringify(body) }).then(r => r.status);
                return [await post('/api/sessions/' + session + '/control', { action: 'play' }),
                        await post('/api/sessions/' + session + '/control', { action: 'pause' }),
                        await post('/api/runs/' + run + '/control', { action: 'play' }),
                        await post('/api/sessions/' + session + '/reveal', {})];
            }", new[] { sessionId, runId });
            Assert.Equal([403, 403, 403, 403], statuses);
            await Task.Delay(300);
            var after = await RunStatus(runId);
            Assert.Equal(before.GetProperty("ms").GetInt64(), after.GetProperty("ms").GetInt64());
            Assert.False(after.GetProperty("playing").GetBoolean());

            // The instructor reveals: both learners see the answer and the explanation.
            await instructor.ClickAsync("#reveal");
            foreach (var learner in new[] { ada, bob })
            {
                await learner.WaitForSelectorAsync("#checkpoint[data-revealed=true] #cp-reveal:not([hidden])");
                Assert.Contains("No: the canary lost its backbone adjacencies", await learner.TextContentAsync("#cp-answer"));
                Assert.Contains("health check", await learner.TextContentAsync("#cp-explain"));
            }
            await bob.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("session-learner-revealed.png"), FullPage = true });

            // The instructor fires the hidden inject: the run forks at this instant and every page follows the fork.
            await instructor.ClickAsync("#injects [data-inject='second-push']");
            await instructor.WaitForSelectorAsync("#injects [data-inject='second-push']:disabled:has-text('fired')");
            var forkId = (await new SessionClient(web.Http).StateAsync(sessionId!, secret!)).GetProperty("runId").GetString()!;
            Assert.NotEqual(runId, forkId);
            foreach (var page in new[] { instructor, ada, bob })
            {
                await page.WaitForSelectorAsync($"body[data-run='{forkId}'] #map svg .site");
                await page.WaitForFunctionAsync($"() => document.getElementById('clock').getAttribute('data-ms') === '{after.GetProperty("ms").GetInt64()}'");
            }

            // Resume: the fork plays on and the learners' dialog closes.
            await instructor.ClickAsync("#resume");
            await ada.WaitForSelectorAsync("#checkpoint", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
            await web.WaitForAsync(forkId, s => s.GetProperty("ms").GetInt64() > after.GetProperty("ms").GetInt64(), TimeSpan.FromMinutes(1));

            // The instructor link of the API (…&key=SECRET), opened in another browser, is exchanged at once: the page
            // moves the secret to its tab's storage, its address keeps no key, and that page controls the run.
            var (elsewhereContext, elsewhere) = await OpenAsync(errors);
            await using (elsewhereContext)
            {
                await elsewhere.GotoAsync($"{web.Url}/#session={sessionId}&key={secret}");
                await elsewhere.WaitForSelectorAsync("body[data-role=instructor] #map svg .site");
                Assert.Equal($"#session={sessionId}", new Uri(elsewhere.Url).Fragment);
                Assert.DoesNotContain(secret!, elsewhere.Url);
                await elsewhere.ReloadAsync(); // the tab keeps its role over a reload
                await elsewhere.WaitForSelectorAsync("body[data-role=instructor] #map svg .site");
                await elsewhere.ClickAsync("#speeds [data-speed='10x']");
                await web.WaitForAsync(forkId, s => s.GetProperty("speed").GetString() == "10x", TimeSpan.FromMinutes(1));
            }
            TestPages.AssertNoErrors(errors);
        }
        finally
        {
            if (sessionId is not null && secret is not null) await new SessionClient(web.Http).EndAsync(sessionId, secret);
            foreach (var c in new[] { instructorContext, adaContext, bobContext }) await c.DisposeAsync();
        }
    }

    private async Task<(IBrowserContext, IPage)> OpenAsync(List<string> errors)
    {
        // The browser logs the learner's refused calls (403), and a request to the old run in flight when a fork
        // replaced it (404); anything else is an error.
        return await TestPages.OpenAsync(browser.Browser, errors, timeoutMs: 90_000,
            expected: text => text.StartsWith("Failed to load resource") && (text.Contains("403") || text.Contains("404")));
    }

    private async Task JoinAsync(IPage page, string code, string name)
    {
        await page.GotoAsync($"{web.Url}/#join");
        await page.FillAsync("#join-code-input", code);
        await page.FillAsync("#join-name", name);
        await page.ClickAsync("#join-submit");
        await page.WaitForSelectorAsync("body[data-role=learner] #map svg .site");
    }

    private async Task<JsonElement> RunStatus(string runId) => JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{runId}")).RootElement.Clone();

    private static string Shot(string name) => Path.Combine(BrowserFixture.Screenshots, name);
}
