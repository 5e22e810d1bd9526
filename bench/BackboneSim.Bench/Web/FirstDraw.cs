using System.Diagnostics;
using System.Text.Json;

namespace BackboneSim.Bench.Web;

/// <summary>One visit to <c>/#run=ID</c> in a fresh browser context, split by the page's own clock (ms since navigation).</summary>
public sealed record FirstDrawVisit(double DrawnMs, double WallMs, double AppReadyMs, double TopologyStartMs, double TopologyEndMs,
                                    double EventsEndMs, int EventRequests, long TopologyBytes, int Sites, int DrawnEvents,
                                    double GraphDrawnMs, double GraphWallMs, int GraphNodes);

/// <summary>
/// First draw of a run's map: a run is seeked past its cascade, then opened N times in fresh contexts; each visit
/// lasts from navigation until the page marks its first draw in the run's state (body data-first-draw-ms, set in
/// the frame after the topology and every released event are loaded and folded). The page's resource timings say
/// what the topology and event fetches cost; the rest is building and folding the views.
/// </summary>
public sealed record FirstDrawMeasurement(string Scenario, int Nodes, int Links, long Events, double StartSeconds, double SeekSeconds,
                                          IReadOnlyList<FirstDrawVisit> Visits)
{
    public Stats Drawn => Stats.Of(Visits.Select(v => v.DrawnMs));
    public Stats Wall => Stats.Of(Visits.Select(v => v.WallMs));
    public Stats AppReady => Stats.Of(Visits.Select(v => v.AppReadyMs));
    public Stats TopologyFetch => Stats.Of(Visits.Select(v => v.TopologyEndMs - v.TopologyStartMs));
    public Stats EventsLoaded => Stats.Of(Visits.Select(v => v.EventsEndMs - v.TopologyEndMs));
    public Stats AfterLastFetch => Stats.Of(Visits.Select(v => v.DrawnMs - Math.Max(v.EventsEndMs, v.TopologyEndMs)));
    /// <summary>The graph view's own first draw (#graph data-first-draw-ms: graph and layout built, WebGL renderer started, first frame).</summary>
    public Stats GraphDrawn => Stats.Of(Visits.Select(v => v.GraphDrawnMs));
    /// <summary>From the click on the Graph tab until the graph marks its first draw, as Playwright sees it.</summary>
    public Stats GraphWall => Stats.Of(Visits.Select(v => v.GraphWallMs));

    // Read in the page once it marked its first draw: where the time went, by the page's performance timeline.
    private const string Timings = """
        () => {
          const r = performance.getEntriesByType('resource');
          const topo = r.find(e => e.name.includes('/topology'));
          const events = r.filter(e => e.name.includes('/events'));
          const nav = performance.getEntriesByType('navigation')[0];
          return {
            drawn: Number(document.body.getAttribute('data-first-draw-ms')),
            appReady: nav ? nav.domContentLoadedEventEnd : 0,
            topologyStart: topo ? topo.startTime : 0, topologyEnd: topo ? topo.responseEnd : 0,
            topologyBytes: topo ? topo.decodedBodySize : 0,
            eventsEnd: events.reduce((m, e) => Math.max(m, e.responseEnd), 0), eventRequests: events.length,
            sites: document.querySelectorAll('#map [data-kind^=site]').length,
            drawnEvents: Number(document.body.getAttribute('data-drawn-events')),
          };
        }
        """;

    public static async Task<FirstDrawMeasurement> TakeAsync(BenchHost host, HeadlessChromium chromium, string scenario, string at, long ms, int repeats)
    {
        Console.Error.WriteLine($"  first draw: starting {scenario}, seeking to {at} (the engine computes that far first)…");
        var setup = Stopwatch.StartNew();
        var run = await host.StartRunAsync(scenario);
        var startSeconds = setup.Elapsed.TotalSeconds;
        try
        {
            await host.SeekAndWaitAsync(run, at, ms, scenario);
            var seekSeconds = setup.Elapsed.TotalSeconds - startSeconds;
            Console.Error.WriteLine($"    run started in {startSeconds:F1} s, computed to {at} in {seekSeconds:F1} s more");
            var status = await host.StatusAsync(run);
            var topology = JsonDocument.Parse(await host.Http.GetStringAsync($"/api/runs/{run}/topology")).RootElement;
            var nodes = topology.GetProperty("nodes").GetArrayLength();
            var links = topology.GetProperty("links").GetArrayLength();
            var visits = new List<FirstDrawVisit>();
            for (var i = 0; i < repeats; i++)
            {
                var (context, page) = await chromium.NewPageAsync(timeoutMs: 180_000);
                await using (context)
                {
                    var errors = new List<string>();
                    page.PageError += (_, e) => errors.Add(e);
                    var clock = Stopwatch.StartNew();
                    await page.GotoAsync($"{host.Url}/#run={run}");
                    await page.WaitForSelectorAsync("body[data-first-draw-ms]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
                    var wall = clock.Elapsed.TotalMilliseconds;
                    var t = await page.EvaluateAsync<JsonElement>(Timings);
                    // Then the graph view of every node: its WebGL renderer starts when the tab is first opened.
                    var graphClock = Stopwatch.StartNew();
                    await page.ClickAsync("#tab-graph");
                    await page.WaitForSelectorAsync("#graph[data-first-draw-ms]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
                    var graphWall = graphClock.Elapsed.TotalMilliseconds;
                    var graphDrawn = double.Parse(await page.GetAttributeAsync("#graph", "data-first-draw-ms") ?? "NaN", System.Globalization.CultureInfo.InvariantCulture);
                    var graphNodes = int.Parse(await page.GetAttributeAsync("#graph", "data-nodes") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                    if (errors.Count > 0) throw new InvalidOperationException($"page errors while drawing {scenario}: {string.Join("; ", errors)}");
                    var visit = new FirstDrawVisit(t.GetProperty("drawn").GetDouble(), wall, t.GetProperty("appReady").GetDouble(),
                        t.GetProperty("topologyStart").GetDouble(), t.GetProperty("topologyEnd").GetDouble(), t.GetProperty("eventsEnd").GetDouble(),
                        t.GetProperty("eventRequests").GetInt32(), t.GetProperty("topologyBytes").GetInt64(), t.GetProperty("sites").GetInt32(),
                        t.GetProperty("drawnEvents").GetInt32(), graphDrawn, graphWall, graphNodes);
                    visits.Add(visit);
                    Console.Error.WriteLine($"    visit {i + 1}/{repeats}: drawn at {visit.DrawnMs:F0} ms after navigation ({visit.Sites} sites, {visit.DrawnEvents:N0} events drawn); graph of {visit.GraphNodes:N0} nodes drawn in {visit.GraphDrawnMs:F0} ms ({visit.GraphWallMs:F0} ms from the tab's click)");
                }
            }
            return new FirstDrawMeasurement(scenario, nodes, links, status.GetProperty("events").GetInt64(), startSeconds, seekSeconds, visits);
        }
        finally { await host.EndRunAsync(run); }
    }
}
