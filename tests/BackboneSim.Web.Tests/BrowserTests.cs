using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BackboneSim.Web.Tests;

/// <summary>The page in real headless Chromium against the real host: the FB run on the map, seeking back and forth.</summary>
[Collection(WebCollection.Name)]
public sealed class BrowserTests(WebHostFixture web, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string AllDns = "document.querySelectorAll('#dns-grid [data-kind=dns]')";

    private static string EveryDns(string state)
        => $"() => {{ const c = {AllDns}; return c.length > 0 && [...c].every(x => x.getAttribute('data-state') === '{state}'); }}";

    [Fact]
    public async Task Facebook_run_withdraws_the_dns_servers_and_seeking_back_shows_them_announcing()
    {
        var errors = new List<string>();
        var (context, page) = await TestPages.OpenAsync(browser.Browser, errors);
        await using var disposeContext = context;

        await page.GotoAsync(web.Url);
        await page.WaitForSelectorAsync("#scenario option[value='facebook-2021-10-04']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#scenario", "facebook-2021-10-04");
        await page.SelectOptionAsync("#start-speed", "max");
        var clock = Stopwatch.StartNew();
        await page.ClickAsync("#start");
        await page.WaitForSelectorAsync("#map svg .site");
        var startToMap = clock.ElapsedMilliseconds;
        var dnsCount = await page.EvaluateAsync<int>($"() => {AllDns}.length");
        Assert.True(dnsCount > 50, $"{dnsCount} DNS servers drawn");
        await page.WaitForSelectorAsync("body[data-run]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var runId = await TestPages.OwnShownRunAsync(page);

        // The capacity check at 15:39 cuts the backbone; about 30 s later every DNS server withdraws.
        await page.WaitForFunctionAsync(EveryDns("withdrawn"), null, new PageWaitForFunctionOptions { PollingInterval = 100 });
        var withdrawnAt = await page.EvaluateAsync<long>("() => Number(document.getElementById('clock').getAttribute('data-ms'))");
        Assert.True(withdrawnAt > 9 * 60_000, $"every DNS server withdrawn at {withdrawnAt} ms, before the push at 15:39");
        Assert.True(await page.Locator(".site[data-state=down]").CountAsync() > 10, "PoPs and data centers shown down");
        await page.ClickAsync("#play"); // pause, so the screenshot shows the outage
        await page.WaitForSelectorAsync("#run-state[data-state=paused]");
        // The run pauses at the server's playhead, which at max speed on a busy machine can be well ahead of what
        // the page had drawn; the page then catches up to it. Wait for that before taking the paused instant.
        var pausedMs = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{runId}")).RootElement.GetProperty("ms").GetInt64();
        await page.WaitForFunctionAsync($"() => document.getElementById('clock').getAttribute('data-ms') === '{pausedMs}'");
        var pausedAt = await page.EvaluateAsync<string>("() => document.getElementById('clock').getAttribute('data-ms')");
        await page.FillAsync("#log-filter", "dns.withdraw");
        await page.Locator("#log li[data-kind='dns.withdraw']").First.WaitForAsync();
        Assert.Equal(0, await page.Locator("#log li:not([data-kind='dns.withdraw'])").CountAsync());
        Assert.Equal(pausedAt, await page.EvaluateAsync<string>("() => document.getElementById('clock').getAttribute('data-ms')"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("fb-dns-withdrawn.png"), FullPage = true });

        // Seek back to before the push: the same page, from the same log, shows every server announcing again.
        await page.FillAsync("#log-filter", "");
        await page.FillAsync("#goto", "15:35");
        await page.ClickAsync("#goto-form button");
        await page.WaitForFunctionAsync("() => document.getElementById('clock').getAttribute('data-ms') === '300000'");
        await page.WaitForFunctionAsync(EveryDns("announcing"));
        Assert.Equal(0, await page.Locator(".site[data-state=down]").CountAsync());
        var drawn = await page.EvaluateAsync<int>("() => Number(document.body.getAttribute('data-drawn-events'))");
        Assert.Equal(await EventsUpTo(runId, 300_000), drawn); // exactly the events up to 15:35, none from later
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("fb-seek-back-15-35.png"), FullPage = true });

        // And forward again, past the withdrawals.
        await page.FillAsync("#goto", "16:00");
        await page.ClickAsync("#goto-form button");
        await page.WaitForFunctionAsync("() => document.getElementById('clock').getAttribute('data-ms') === '1800000'");
        await page.WaitForFunctionAsync(EveryDns("withdrawn"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("fb-16-00.png"), FullPage = true });

        // First draw of an existing run's topology: open the run's link in a fresh page.
        var second = await context.NewPageAsync();
        second.SetDefaultTimeout(60_000);
        clock.Restart();
        await second.GotoAsync($"{web.Url}/#run={runId}");
        await second.WaitForSelectorAsync("#map svg .site");
        await second.WaitForFunctionAsync(EveryDns("withdrawn"));
        var openToDrawn = clock.ElapsedMilliseconds;
        Report($"FB topology: start click to map drawn {startToMap} ms; open run link to map drawn in its state {openToDrawn} ms");

        TestPages.AssertNoErrors(errors);
        await web.EndRunAsync(runId);
    }

    [Fact]
    public async Task At_1x_events_reach_the_page_within_a_second_of_their_time()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        // Paused at the start, moved to just before the push, then played at 1x through the cascade.
        var run = await web.StartRunAsync(new { scenario = "facebook-2021-10-04", until = "20m" });
        try
        {
            await web.Http.PostAsJsonAsync($"/api/runs/{run}/control", new { action = "seek", at = "15:38:58" });
            await web.WaitForAsync(run, s => s.GetProperty("ms").GetInt64() == 538_000, TimeSpan.FromMinutes(1));
            await page.GotoAsync($"{web.Url}/#run={run}");
            await page.WaitForSelectorAsync("#map svg .site");
            await web.Http.PostAsJsonAsync($"/api/runs/{run}/control", new { action = "play" });
            await page.WaitForFunctionAsync("() => (window.backboneSimLatency ?? []).length >= 10");
            await Task.Delay(TimeSpan.FromSeconds(4));
            var latencies = (await page.EvaluateAsync<double[]>("() => window.backboneSimLatency.slice(3)")).Order().ToArray();
            var median = latencies[latencies.Length / 2];
            var p95 = latencies[(int)(latencies.Length * 0.95)];
            Report($"engine event to browser paint at 1x: median {median} ms, p95 {p95} ms over {latencies.Length} frames");
            Assert.True(median < 1000, $"median event-to-paint latency {median} ms");
        }
        finally { await web.EndRunAsync(run); }
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.Screenshots, name);

    private async Task<int> EventsUpTo(string runId, long ms)
    {
        var count = 0;
        for (long since = 0; ; )
        {
            var page = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{runId}/events?since={since}&max=10000")).RootElement;
            var events = page.GetProperty("events");
            if (events.GetArrayLength() == 0) return count;
            foreach (var e in events.EnumerateArray())
                if (e.GetProperty("ms").GetInt64() <= ms) count++;
            since = page.GetProperty("to").GetInt64();
        }
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(BrowserFixture.Screenshots, "figures.txt"), $"{DateTime.UtcNow:u} {line}\n");
    }
}
