using System.Net.Http.Json;
using Microsoft.Playwright;

namespace BackboneSim.Web.Tests;

/// <summary>The What-if… editor in headless Chromium: its example, the server's error lines, attaching to the fork, and the fork's warnings.</summary>
[Collection(WebCollection.Name)]
public sealed class WhatIfBrowserTests(WebHostFixture web, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_what_if_editor_shows_errors_by_line_and_a_fork_opens_the_new_run()
    {
        // The template's push drains the backbone at 09:15; the page stands at 09:17.
        var run = await web.StartRunAsync(new { scenario = SessionClient.Scenario, until = "30m", speed = "max" });
        string? fork = null;
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 960 } });
        try
        {
            await web.WaitForAsync(run, s => s.GetProperty("state").GetString() == "ended", TimeSpan.FromMinutes(2));
            await web.Http.PostAsJsonAsync($"/api/runs/{run}/control", new { action = "pause" });
            await web.Http.PostAsJsonAsync($"/api/runs/{run}/control", new { action = "seek", at = "09:17" });

            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(120_000);
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync($"{web.Url}/#run={run}");
            await page.WaitForFunctionAsync("() => document.getElementById('clock').getAttribute('data-ms') === '1020000'");
            // The test started the run, not this page: the page only watches it (no controls), yet may fork it.
            Assert.False(await page.IsVisibleAsync("#play"), "a page without the run's owner token shows no controls");
            await page.ClickAsync("#whatif-open");
            var example = await page.InputValueAsync("#whatif-text");
            Assert.Contains("respond: { rollback: drain-backbone }", example); // built from the push the run has shown
            Assert.Contains("# What-if from 09:17:00 UTC on", example);

            await page.FillAsync("#whatif-text", "timeline:\n  - name: undo\n    respond: { rollback: drain-backbon }\n");
            await page.ClickAsync("#whatif-fork");
            var line = page.Locator("#whatif-errors li", new PageLocatorOptions { HasTextString = "what-if:3:" });
            await line.WaitForAsync();
            Assert.Contains("did you mean 'drain-backbone'?", await line.TextContentAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "whatif-error.png"), FullPage = true });

            // The example plus a rollback of the hidden inject nobody fired: the fork goes ahead with a warning for it
            // (and one for the second order, which waits for the first in the team's queue).
            Assert.False(await page.IsVisibleAsync("#whatif-notice"));
            await page.FillAsync("#whatif-text", example + "  - name: undo-inject\n    respond: { rollback: second-push }\n");
            await page.ClickAsync("#whatif-fork");
            await page.WaitForFunctionAsync($"() => document.body.getAttribute('data-run') !== '{run}' && location.hash !== '#run={run}'");
            // The page only watched the original (the test started it), yet forked it: the fork is the page's own run.
            fork = await TestPages.OwnShownRunAsync(page);
            await page.WaitForSelectorAsync("#play", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible }); // its own run: controls
            Assert.Equal($"#run={fork}", await page.EvaluateAsync<string>("() => location.hash"));
            await page.WaitForFunctionAsync("() => document.getElementById('clock').getAttribute('data-ms') === '1020000'");
            Assert.True((await web.Http.GetAsync($"/api/runs/{run}")).IsSuccessStatusCode, "the original run is still there");
            // The warnings stay on the fork's page until dismissed.
            Assert.True(await page.IsVisibleAsync("#whatif-notice"), "the fork's warnings are shown");
            var warnings = await page.Locator("#whatif-warnings li").AllTextContentsAsync();
            Assert.Contains(warnings, w => w.Contains("'undo-inject' at 09:17:00 UTC (the fork): 'second-push' is a hidden inject that has not been fired"));
            Assert.Contains(warnings, w => w.Contains("team responders is busy with 'roll-back-now'"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "whatif-warnings.png"), FullPage = true });
            await page.ClickAsync("#whatif-notice-dismiss");
            await page.WaitForSelectorAsync("#whatif-notice", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
            TestPages.AssertNoErrors(errors);
        }
        finally
        {
            await web.EndRunAsync(run);
            if (fork is not null) await web.EndRunAsync(fork);
        }
    }
}
