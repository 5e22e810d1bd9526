using System.Net.Http.Json;
using System.Text.Json;
using BackboneSim.Tests.Shared;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BackboneSim.Web.Tests;

/// <summary>
/// Link load on the map and in the graph view (issue 16, item 11): a tiny network whose PoP p1 sends its 0.9 Gb/s
/// to data center dc1 over one 2.5 Gb/s uplink (dc1-bb1~p1-er2: 0.9 / 2.5 = 0.36), and a ×4 surge of p1's region
/// from +5m (ramp 1m, for 10m) that pushes it to 3.6 Gb/s (1.44, congested) before it falls back to 0.36 at +15m.
/// The topology endpoint must report, at every instant asked, the latest <c>link.utilisation</c> of the link's pair
/// of routers; the page must draw that link busy, high, then congested from the instant the report crosses 1 and not
/// a millisecond before, also after seeking back.
/// </summary>
public sealed class LinkLoadTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IDisposable
{
    private const string Pair = "dc1-bb1~p1-er2";
    private readonly TempScenario _files = new();

    /// <summary>The shared small test network with 10 Gb/s backbone links (the PoP uplinks stay 2.5), its service and users.</summary>
    private static readonly string Topology = TempScenario.SmallTopology
        .Replace("links: { hub_neighbors: 2, parallel: 1, pop_uplinks: 2 }", "links: { hub_neighbors: 2, parallel: 1, pop_uplinks: 2, backbone_capacity_gbps: 10 }") + """

        services:
          - { name: example.com, ttl: 300s }
        users: { eu: 1000000, na: 1000000 }
        """;

    private const string Scenario = """
        scenario: link-surge
        title: A surge congests a PoP uplink
        seed: 42
        start: 2021-10-04T15:30:00Z
        duration: 30m
        parameters: { internal_tools_gbps: 0 }   # only the users' traffic on the uplink
        topology:
          include: topo.yaml
        timeline:
          - at: "+5m"
            name: rush
            surge: { service: example.com, factor: 4, region: na, for: 10m, ramp: 1m }
        """;

    public void Dispose()
    {
        _files.Dispose();
    }

    [Fact]
    public async Task A_congested_uplink_is_reported_and_drawn_congested_from_the_instant_its_report_crosses_1()
    {
        _files.Write("topo.yaml", Topology);
        _files.Write("link-surge.yaml", Scenario);
        await using var host = await OwnWebHost.StartAsync(["--scenarios", _files.Folder]);
        var created = await host.Http.PostAsJsonAsync("/api/runs", new { scenario = "link-surge", speed = "max" });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, createdText);
        var answer = JsonDocument.Parse(createdText).RootElement;
        var run = answer.GetProperty("id").GetString()!;
        var token = answer.GetProperty("ownerToken").GetString()!;
        host.Http.DefaultRequestHeaders.Add(RunOwnerTokens.Header, token);
        await WaitAsync(host, run, s => s.GetProperty("state").GetString() == "ended");
        var pause = await host.Http.PostAsJsonAsync($"/api/runs/{run}/control", new { action = "pause" }); // seeks below stay where they are
        Assert.True(pause.IsSuccessStatusCode, await pause.Content.ReadAsStringAsync());

        // The pair's reports, from the run's own --events lines.
        var events = JsonDocument.Parse(await host.Http.GetStringAsync($"/api/runs/{run}/events?since=0&max=10000")).RootElement;
        var reports = events.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "link.utilisation" && e.GetProperty("data").GetProperty("routers").GetString() == Pair)
            .Select(e => (Id: e.GetProperty("id").GetInt64(), Ms: e.GetProperty("ms").GetInt64(), Data: e.GetProperty("data")))
            .ToList();
        double U((long Id, long Ms, JsonElement Data) r) => r.Data.GetProperty("utilisation").GetDouble();
        output.WriteLine(string.Join('\n', reports.Select(r => $"{r.Ms} ms: {U(r)}")));

        // By hand: 0.9 Gb/s over 2.5 Gb/s at the start; ×4 at the surge's top, 3.6 / 2.5; back after it.
        // The first carrying of the traffic is a traffic_step (100 ms) after the first demand (20 ms).
        Assert.Equal((120L, 0.36), (reports[0].Ms, U(reports[0])));
        Assert.Equal(1.44, reports.Max(U));
        Assert.Equal(0.36, U(reports[^1]));
        var crossing = reports.FindIndex(r => U(r) > 1);
        Assert.True(crossing > 0, "the uplink's utilisation crosses 1");
        var (crossId, crossMs, crossData) = reports[crossing];
        Assert.InRange(crossMs, 300_000, 360_000); // during the surge's 1-minute ramp
        Assert.True(U(reports[crossing - 1]) <= 1);

        // The link the pair's report is about, with its own capacity.
        var topology = JsonDocument.Parse(await host.Http.GetStringAsync($"/api/runs/{run}/topology")).RootElement;
        var links = topology.GetProperty("links").EnumerateArray().ToList();
        var link = links.Single(l => new[] { l.GetProperty("a").GetString(), l.GetProperty("b").GetString() }.Order().SequenceEqual(["dc1-bb1", "p1-er2"]));
        var name = link.GetProperty("name").GetString()!;
        Assert.Equal(2.5, link.GetProperty("capacityGbps").GetDouble());
        var loadChanges = events.GetProperty("loads").EnumerateArray().Where(l => l.GetProperty("link").GetString() == name).ToList();
        Assert.Equal(reports.Select(r => (r.Id, U(r))), loadChanges.Select(l => (l.GetProperty("eventId").GetInt64(), l.GetProperty("utilisation").GetDouble())));

        // The API at instants around the reports: nothing before the first, then the latest report's numbers.
        async Task<JsonElement> LoadAt(long ms)
        {
            var at = JsonDocument.Parse(await host.Http.GetStringAsync($"/api/runs/{run}/topology?at={ms}")).RootElement;
            Assert.Equal(ms, at.GetProperty("atMs").GetInt64());
            Assert.Equal(links.Count, at.GetProperty("loads").EnumerateObject().Count()); // every backbone link has a load
            return at.GetProperty("loads").GetProperty(name);
        }
        Assert.Equal(0, (await LoadAt(119)).GetProperty("utilisation").GetDouble());
        Assert.Equal(0.36, (await LoadAt(120)).GetProperty("utilisation").GetDouble());
        var before = await LoadAt(crossMs - 1);
        Assert.Equal(U(reports[crossing - 1]), before.GetProperty("utilisation").GetDouble());
        var at = await LoadAt(crossMs);
        Assert.Equal(crossData.GetProperty("utilisation").GetDouble(), at.GetProperty("utilisation").GetDouble());
        Assert.Equal(crossData.GetProperty("gbps").GetDouble(), at.GetProperty("gbps").GetDouble());
        Assert.Equal(2.5, at.GetProperty("capacityGbps").GetDouble());
        Assert.Equal(1.44, (await LoadAt(reports.First(r => U(r) == 1.44).Ms)).GetProperty("utilisation").GetDouble());
        Assert.Equal("up", JsonDocument.Parse(await host.Http.GetStringAsync($"/api/runs/{run}/topology?at={crossMs}")).RootElement
            .GetProperty("states").GetProperty(name).GetString()); // the state strings are as before

        // The page: the same link drawn high just before the crossing, congested at it, and again after seeking back.
        var errors = new List<string>();
        var (context, page) = await TestPages.OpenAsync(browser.Browser, errors);
        await using var disposeContext = context;
        await context.AddInitScriptAsync($"localStorage.setItem('backbonesim.owner.{run}', '{token}');");
        await page.GotoAsync($"{host.Url}/#run={run}");
        await page.WaitForSelectorAsync($"#map path.link[data-name='{name}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        // The arc between p1 and dc1 draws the busiest of the links between those two sites.
        var sameArc = links.Where(l => new[] { l.GetProperty("siteA").GetString(), l.GetProperty("siteB").GetString() }.Order().SequenceEqual(["dc1", "p1"]))
            .Select(l => l.GetProperty("name").GetString()!).ToList();

        async Task ShowAsync(long ms)
        {
            var seek = await host.Http.PostAsJsonAsync($"/api/runs/{run}/control", new { action = "seek", ms });
            Assert.True(seek.IsSuccessStatusCode, await seek.Content.ReadAsStringAsync());
            await page.WaitForFunctionAsync($"() => document.getElementById('clock').getAttribute('data-ms') === '{ms}'");
            await page.WaitForFunctionAsync($"() => document.getElementById('graph').getAttribute('data-drawn-ms') === '{ms}'");
        }
        async Task<(string Level, double Utilisation, double Graph)> DrawnAsync(long ms)
        {
            var path = page.Locator($"#map path.link[data-name='{name}']");
            var arcTop = 0.0;
            foreach (var l in sameArc) arcTop = Math.Max(arcTop, (await LoadAtName(l, ms)).GetProperty("utilisation").GetDouble());
            var utilisation = double.Parse((await path.GetAttributeAsync("data-utilisation"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(arcTop, utilisation);
            var graph = await page.EvaluateAsync<double>($"() => window.backboneSimGraph.loadOf('{name}')");
            return ((await path.GetAttributeAsync("data-load"))!, utilisation, graph);
        }
        async Task<JsonElement> LoadAtName(string link, long ms)
            => JsonDocument.Parse(await host.Http.GetStringAsync($"/api/runs/{run}/topology?at={ms}")).RootElement.GetProperty("loads").GetProperty(link);

        await ShowAsync(crossMs - 1);
        var shown = await DrawnAsync(crossMs - 1);
        Assert.NotEqual("congested", shown.Level);
        Assert.Equal(U(reports[crossing - 1]), shown.Graph);
        Assert.Equal(U(reports[crossing - 1]) >= 0.8 ? "high" : U(reports[crossing - 1]) >= 0.5 ? "busy" : "normal", shown.Level);

        await ShowAsync(crossMs);
        shown = await DrawnAsync(crossMs);
        Assert.Equal("congested", shown.Level);
        Assert.Equal(U(reports[crossing]), shown.Graph);
        var title = await page.Locator($"#map path.link[data-name='{sameArc[0]}'] title").TextContentAsync(); // the arc's title, on its first link
        var percent = Math.Round(U(reports[crossing]) * 100, MidpointRounding.AwayFromZero);
        Assert.Contains($"{name}: up, {crossData.GetProperty("gbps").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)} of 2.5 Gbps ({percent} %), congested", title);
        var width = await page.Locator($"#map path.link[data-name='{name}']").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).strokeWidth)");
        Assert.True(width > 3, $"a congested link is drawn thicker ({width}px)");
        await page.ClickAsync("#tab-graph");
        await page.WaitForSelectorAsync("#graph[data-first-draw-ms]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "link-load-graph.png") });
        await page.ClickAsync("#tab-map");

        // Back to the start: the surge's load is gone from the drawing (a fold from the start, not the last state).
        await ShowAsync(60_000);
        shown = await DrawnAsync(60_000);
        Assert.Equal(("normal", 0.36), (shown.Level, shown.Graph));
        await ShowAsync(crossMs);
        Assert.Equal("congested", (await DrawnAsync(crossMs)).Level);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "link-load-map.png") });
        TestPages.AssertNoErrors(errors);
    }

    private static async Task WaitAsync(OwnWebHost host, string run, Func<JsonElement, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = JsonDocument.Parse(await host.Http.GetStringAsync($"/api/runs/{run}")).RootElement;
            if (done(status)) return;
            Assert.NotEqual("failed", status.GetProperty("state").GetString());
            if (DateTime.UtcNow > until) Assert.Fail($"timed out; last status {status}");
            await Task.Delay(100);
        }
    }
}
