using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BackboneSim.Web.Tests;

/// <summary>
/// The graph view (graphView.ts, sigma.js on WebGL) in real headless Chromium: every node and link of the topology
/// endpoint drawn, the DNS servers and backbone links drawn in the states of the instant shown, forward and back.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class GraphViewTests(WebHostFixture web, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Graph_view_draws_the_whole_FB_topology_and_follows_the_withdrawals_back_and_forth()
    {
        var run = await web.StartRunAsync(new { scenario = "facebook-2021-10-04", until = "35m", speed = "max" });
        try
        {
            var topology = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{run}/topology")).RootElement;
            var nodes = topology.GetProperty("nodes").EnumerateArray().ToList();
            var links = topology.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToArray();
            var dns = nodes.Where(n => n.GetProperty("kind").GetString() == "dns").Select(n => n.GetProperty("name").GetString()!).ToArray();
            var anAs = nodes.First(n => n.GetProperty("kind").GetString() == "as").GetProperty("name").GetString()!;
            Assert.True(dns.Length > 50 && links.Length > 100, $"{dns.Length} DNS servers, {links.Length} links");

            var errors = new List<string>();
            var (context, page) = await TestPages.OpenAsync(browser.Browser, errors);
            await using var disposeContext = context;

            await TestPages.GiveOwnerTokenAsync(context, run); // the page seeks the run, which the test started
            await page.GotoAsync($"{web.Url}/#run={run}");
            await page.WaitForSelectorAsync("#map svg .site");
            Assert.True(await page.IsHiddenAsync("#graph"), "the world map is the first view");
            await page.ClickAsync("#tab-graph");
            await page.WaitForSelectorAsync("#graph[data-first-draw-ms]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            Assert.True(await page.IsHiddenAsync("#map"), "one view at a time");
            Assert.True(await page.EvaluateAsync<bool>("() => !!document.createElement('canvas').getContext('webgl2')"), "WebGL in the test browser");
            Assert.True(await page.Locator("#graph canvas").CountAsync() > 0, "sigma's canvases");
            Assert.Equal(nodes.Count.ToString(), await page.GetAttributeAsync("#graph", "data-nodes"));
            Assert.Equal(links.Length.ToString(), await page.GetAttributeAsync("#graph", "data-edges"));
            var firstDraw = await page.GetAttributeAsync("#graph", "data-first-draw-ms");
            Report($"graph view, FB topology ({nodes.Count} nodes, {links.Length} links): first draw {firstDraw} ms");

            // Laid out from geography, north up: the westernmost router left of the easternmost, the northernmost above the southernmost.
            var routers = nodes.Where(n => n.GetProperty("kind").GetString() == "router").ToList();
            var west = await ViewportOf(page, routers.MinBy(n => n.GetProperty("lon").GetDouble()));
            var east = await ViewportOf(page, routers.MaxBy(n => n.GetProperty("lon").GetDouble()));
            var north = await ViewportOf(page, routers.MaxBy(n => n.GetProperty("lat").GetDouble()));
            var south = await ViewportOf(page, routers.MinBy(n => n.GetProperty("lat").GetDouble()));
            Assert.True(west[0] < east[0], $"west at x {west[0]}, east at x {east[0]}");
            Assert.True(north[1] < south[1], $"north at y {north[1]}, south at y {south[1]}");

            // Hover names the node with its kind and state; a click selects it (the hook for a details panel).
            var at = await ViewportOf(page, nodes.First(n => n.GetProperty("name").GetString() == anAs));
            var box = (await page.Locator("#graph").BoundingBoxAsync())!;
            // The run plays on at max: a neighbour losing power pulses to three times its size for a second and may
            // cover the AS meanwhile (between the hover and the click too), so hover and click again until the card
            // names the AS and the click selected it (a few seconds at most).
            string? card = null;
            string? selected = null;
            for (var attempt = 0; attempt < 20 && selected != anAs; attempt++)
            {
                if (attempt > 0) await page.WaitForTimeoutAsync(500);
                await page.Mouse.MoveAsync(0, 0);
                await page.Mouse.MoveAsync((float)(box.X + at[0]), (float)(box.Y + at[1]));
                await page.WaitForSelectorAsync(".graph-tooltip:not([hidden])");
                card = await page.TextContentAsync(".graph-tooltip");
                if (card?.Contains(anAs) != true) continue;
                await page.Mouse.ClickAsync((float)(box.X + at[0]), (float)(box.Y + at[1]));
                try
                {
                    await page.WaitForSelectorAsync($"#graph[data-selected={JsonSerializer.Serialize(anAs)}]",
                        new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 2_000 });
                }
                catch (TimeoutException) { } // the click landed on a pulsing neighbour: try again
                selected = await page.GetAttributeAsync("#graph", "data-selected");
            }
            Assert.Contains(anAs, card);
            Assert.Contains("external AS", card);
            Assert.Equal(anAs, selected);

            // Playing on: after the capacity check (15:39) every DNS server withdraws and every backbone link goes down.
            await page.WaitForFunctionAsync(Every(dns, "withdrawn"), null, new PageWaitForFunctionOptions { PollingInterval = 100 });
            await page.WaitForFunctionAsync(Every(links, "down"));
            var pause = await web.Http.PostAsJsonAsync($"/api/runs/{run}/control", new { action = "pause" });
            Assert.True(pause.IsSuccessStatusCode);
            // At max the run may reach its end (16:05) before the pause arrives: then it shows "ended", and seeks still work.
            await page.WaitForSelectorAsync("#run-state[data-state=paused], #run-state[data-state=ended]");
            var drawnAt = await page.EvaluateAsync<long>("() => Number(document.getElementById('graph').getAttribute('data-drawn-ms'))");
            Assert.True(drawnAt > 540_000, $"every DNS server drawn withdrawn at {drawnAt} ms, before the push at 15:39");
            await Seek(page, "15:40", 600_000);
            await page.WaitForFunctionAsync(Every(dns, "withdrawn"));
            await page.WaitForFunctionAsync(Every(links, "down"));
            Assert.Equal("600000", await page.GetAttributeAsync("#graph", "data-drawn-ms"));
            await page.Mouse.MoveAsync(0, 0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "graph-fb.png"), FullPage = true });

            // Seeking back to 15:35 draws them announcing and up again, from the same log.
            await Seek(page, "15:35", 300_000);
            await page.WaitForFunctionAsync(Every(dns, "announcing"));
            await page.WaitForFunctionAsync(Every(links, "up"));
            Assert.Equal("300000", await page.GetAttributeAsync("#graph", "data-drawn-ms"));

            // And forward again: every withdrawal and link loss on the way pulses.
            var pulsesBefore = int.Parse((await page.GetAttributeAsync("#graph", "data-pulses"))!);
            await Seek(page, "16:00", 1_800_000);
            await page.WaitForFunctionAsync(Every(dns, "withdrawn"));
            var pulses = int.Parse((await page.GetAttributeAsync("#graph", "data-pulses"))!) - pulsesBefore;
            Assert.True(pulses >= dns.Length + links.Length, $"{pulses} losses pulsed going from 15:35 to 16:00");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "graph-fb-15-35.png"), FullPage = true });

            TestPages.AssertNoErrors(errors);
        }
        finally { await web.EndRunAsync(run); }
    }

    private static async Task Seek(IPage page, string at, long ms)
    {
        await page.FillAsync("#goto", at);
        await page.ClickAsync("#goto-form button");
        await page.WaitForFunctionAsync($"() => document.getElementById('clock').getAttribute('data-ms') === '{ms}'");
    }

    private static Task<double[]> ViewportOf(IPage page, JsonElement node)
        => page.EvaluateAsync<double[]>($"() => window.backboneSimGraph.viewportOf({JsonSerializer.Serialize(node.GetProperty("name").GetString())})");

    private static string Every(string[] names, string state)
        => $"() => {JsonSerializer.Serialize(names)}.every(n => window.backboneSimGraph.stateOf(n) === '{state}')";

    private void Report(string line)
    {
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(BrowserFixture.Screenshots, "figures.txt"), $"{DateTime.UtcNow:u} {line}\n");
    }
}
