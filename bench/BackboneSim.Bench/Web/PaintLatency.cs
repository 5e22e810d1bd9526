namespace BackboneSim.Bench.Web;

/// <summary>
/// Engine event to browser paint at 1x: the FB run paused at 15:38:58 (just before the capacity check cuts the
/// backbone), opened in the page, then played at 1x for a while of wall time. The page records, for every frame
/// that draws newly released events, the wall time since the server released them (window.backboneSimLatency).
/// </summary>
public sealed record PaintLatency(double FollowedSeconds, long EventsReleased, Stats Latency)
{
    public static async Task<PaintLatency> TakeAsync(BenchHost host, HeadlessChromium chromium, TimeSpan follow)
    {
        Console.Error.WriteLine("  paint latency: FB run seeked to 15:38:58…");
        var run = await host.StartRunAsync(BenchHost.Facebook, until: "30m");
        try
        {
            await host.SeekAndWaitAsync(run, "15:38:58", 538_000, BenchHost.Facebook);
            var before = (await host.StatusAsync(run)).GetProperty("events").GetInt64();
            var (context, page) = await chromium.NewPageAsync(timeoutMs: 120_000);
            await using (context)
            {
                await page.GotoAsync($"{host.Url}/#run={run}");
                await page.WaitForSelectorAsync("body[data-first-draw-ms]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
                await host.ControlAsync(run, new { action = "play" });
                Console.Error.WriteLine($"  paint latency: playing at 1x, following for {follow.TotalSeconds:F0} s of wall time…");
                await Task.Delay(follow);
                var latencies = await page.EvaluateAsync<double[]>("() => window.backboneSimLatency ?? []");
                var after = (await host.StatusAsync(run)).GetProperty("events").GetInt64();
                return new PaintLatency(follow.TotalSeconds, after - before, Stats.Of(latencies));
            }
        }
        finally { await host.EndRunAsync(run); }
    }
}
