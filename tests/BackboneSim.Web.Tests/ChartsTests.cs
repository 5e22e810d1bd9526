using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BackboneSim.Web.Tests;

/// <summary>
/// The charts panel in headless Chromium against the real host: the FB run's charts follow the instant shown, and
/// what each chart draws is the series endpoint's rows up to that instant, value for value.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ChartsTests(WebHostFixture web, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Charts = ["availability", "resolver", "bgp", "prefixes", "power"];
    private const string DnsPrefix = "prefix_visibility:129.134.30.0/23";
    private const long AtPush = 540_000, At1545 = 900_000, At1535 = 300_000;

    /// <summary>What a chart's element says it drew: its line keys, the rows drawn and each line's last value.</summary>
    private sealed record Drawn(string[] Series, int Points, double?[] Last)
    {
        public double LastOf(string key) => Last[Array.IndexOf(Series, key)] ?? throw new InvalidOperationException($"no value drawn for {key}");
    }

    [Fact]
    public async Task Chart_FB_charts_follow_the_instant_and_equal_the_series_rows()
    {
        var errors = new List<string>();
        var (context, page) = await TestPages.OpenAsync(browser.Browser, errors);
        await using var disposeContext = context;

        var runId = await TestPages.StartFromPageAsync(page, web.Url, "facebook-2021-10-04", "600x");
        try
        {
            // Past 15:45 (the DNS servers withdrew at about 15:40), then paused so the charts hold still.
            await page.WaitForFunctionAsync($"() => Number(document.getElementById('clock').getAttribute('data-ms')) > {At1545}",
                null, new PageWaitForFunctionOptions { PollingInterval = 100 });
            await page.ClickAsync("#play");
            await page.WaitForSelectorAsync("#run-state[data-state=paused]");
            var pausedMs = (await web.WaitForAsync(runId, s => !s.GetProperty("playing").GetBoolean(), TimeSpan.FromMinutes(1))).GetProperty("ms").GetInt64();
            await page.WaitForFunctionAsync($"() => document.getElementById('clock').getAttribute('data-ms') === '{pausedMs}'");
            var (columns, rows) = await Series(runId);
            var upTo = await WaitForRows(page, rows, pausedMs);
            var last = rows[upTo - 1];
            output.WriteLine($"paused at {pausedMs} ms: {upTo} rows drawn");

            var resolver = await Read(page, "resolver");
            var servfail = resolver.LastOf("resolver_servfail_per_s");
            Assert.True(servfail > 0, $"SERVFAIL/s drawn at {pausedMs} ms: {servfail}");
            Assert.Equal(Value(columns, last, "resolver_servfail_per_s"), servfail);
            Assert.Equal(Value(columns, last, "resolver_queries_per_s"), resolver.LastOf("resolver_queries_per_s"));

            var prefixes = await Read(page, "prefixes");
            Assert.True(prefixes.LastOf(DnsPrefix) < 1, $"DNS prefix visibility drawn: {prefixes.LastOf(DnsPrefix)}");
            Assert.Equal(Value(columns, last, DnsPrefix), prefixes.LastOf(DnsPrefix));

            var power = await Read(page, "power");
            var dcColumns = columns.Where(c => c.StartsWith("dc_power_mw:", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(dcColumns);
            Assert.Contains("dc_power_mw", power.Series); // the total
            Assert.Contains(power.Series, dcColumns.Contains);
            Assert.Equal(dcColumns.Sum(c => Value(columns, last, c)), power.LastOf("dc_power_mw"), 6);
            foreach (var dc in power.Series.Where(dcColumns.Contains)) Assert.Equal(Value(columns, last, dc), power.LastOf(dc));
            // FB's 18 data centers are more than a readable chart holds: the total and the 5 that changed the most.
            Assert.True(dcColumns.Length > 5, $"{dcColumns.Length} data centers");
            Assert.Equal(6, power.Series.Length);
            double Moved(string dc) => rows.Take(upTo).Max(r => Math.Abs(Value(columns, r, dc) - Value(columns, rows[0], dc)));
            var shownLeast = power.Series.Where(dcColumns.Contains).Min(Moved);
            Assert.All(dcColumns.Except(power.Series), dc => Assert.True(Moved(dc) <= shownLeast, $"{dc} moved {Moved(dc)} MW, more than a DC drawn ({shownLeast})"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "charts-fb.png"), FullPage = true });

            // BGP updates: the withdrawals reach the external ASes in the rows of 15:39:30-15:39:50 (the push is at
            // 15:39); the busiest row after the push, shown by seeking there.
            var busy = Enumerable.Range(0, upTo).Where(i => rows[i][0] > AtPush)
                .MaxBy(i => Value(columns, rows[i], "bgp_updates"));
            Assert.True(Value(columns, rows[busy], "bgp_updates") > 0, "the series has BGP updates after the push");
            var busyMs = (long)rows[busy][0];
            await web.Http.PostAsJsonAsync($"/api/runs/{runId}/control", new { action = "seek", ms = busyMs });
            await page.WaitForFunctionAsync($"() => document.getElementById('clock').getAttribute('data-ms') === '{busyMs}'");
            Assert.Equal(busy + 1, await WaitForRows(page, rows, busyMs));
            var bgp = (await Read(page, "bgp")).LastOf("bgp_updates");
            Assert.True(bgp > 0, $"BGP updates drawn at {busyMs} ms: {bgp}");
            Assert.Equal(Value(columns, rows[busy], "bgp_updates"), bgp);

            // Back to 15:35, from the page's go-to box: every chart shrinks to the rows up to 15:35.
            await page.FillAsync("#goto", "15:35");
            await page.ClickAsync("#goto-form button");
            await page.WaitForFunctionAsync($"() => document.getElementById('clock').getAttribute('data-ms') === '{At1535}'");
            var at1535 = await WaitForRows(page, rows, At1535);
            Assert.Equal(31, at1535); // 0 s, 10 s, ..., 300 s
            foreach (var id in Charts)
            {
                var drawn = await Read(page, id);
                foreach (var key in drawn.Series.Where(columns.Contains))
                    Assert.Equal(Value(columns, rows[at1535 - 1], key), drawn.LastOf(key));
            }
            Assert.Equal(1.0, (await Read(page, "prefixes")).LastOf(DnsPrefix));

            // A narrower window (one column of panels, two of charts): every chart takes its card's new width.
            var wide = await PlotWidths(page);
            await page.SetViewportSizeAsync(900, 900);
            await page.WaitForFunctionAsync($"() => {ChartsJs}.every(e => e.querySelector('.u-wrap').style.width === e.clientWidth + 'px')");
            var narrow = await PlotWidths(page);
            Assert.All(wide.Zip(narrow), w => Assert.NotEqual(w.First, w.Second));

            TestPages.AssertNoErrors(errors);
        }
        finally { await web.EndRunAsync(runId); }
    }

    private static readonly string ChartsJs = $"{JsonSerializer.Serialize(Charts)}.map(id => document.querySelector(`[data-chart=${{id}}]`))";

    /// <summary>The width each chart's plot was drawn at (CSS px), in the order of <see cref="Charts"/>.</summary>
    private static Task<double[]> PlotWidths(IPage page)
        => page.EvaluateAsync<double[]>($"() => {ChartsJs}.map(e => parseFloat(e.querySelector('.u-wrap').style.width))");

    /// <summary>Waits until every chart draws the rows up to <paramref name="ms"/>; returns their number.</summary>
    private static async Task<int> WaitForRows(IPage page, double[][] rows, long ms)
    {
        var count = rows.Count(r => r[0] <= ms);
        var ids = JsonSerializer.Serialize(Charts);
        await page.WaitForFunctionAsync($$"""
            () => {{ids}}.every(id => document.querySelector(`[data-chart=${id}]`)?.getAttribute('data-points') === '{{count}}')
            """, null, new PageWaitForFunctionOptions { PollingInterval = 100, Timeout = 30_000 });
        return count;
    }

    private static async Task<Drawn> Read(IPage page, string chart)
    {
        var json = await page.EvaluateAsync<string>($$"""
            () => { const e = document.querySelector('[data-chart={{chart}}]');
                    return JSON.stringify({ series: JSON.parse(e.dataset.series), points: Number(e.dataset.points), last: JSON.parse(e.dataset.last) }); }
            """);
        var root = JsonDocument.Parse(json).RootElement;
        return new Drawn(
            root.GetProperty("series").EnumerateArray().Select(s => s.GetString()!).ToArray(),
            root.GetProperty("points").GetInt32(),
            root.GetProperty("last").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToArray());
    }

    /// <summary>The series endpoint's columns and every row released so far.</summary>
    private async Task<(string[] Columns, double[][] Rows)> Series(string runId)
    {
        var page = JsonDocument.Parse(await web.Http.GetStringAsync($"/api/runs/{runId}/series?since=0")).RootElement;
        var columns = page.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var rows = page.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return (columns, rows);
    }

    private static double Value(string[] columns, double[] row, string column)
    {
        var i = Array.IndexOf(columns, column);
        Assert.True(i >= 0, $"the series has no column {column}");
        return row[i];
    }
}
