using System.CommandLine;
using System.Globalization;

namespace BackboneSim.Bench.Web;

/// <summary>
/// <c>bench web</c>: the web client's speed, measured and printed (not asserted): first draw of a 5,000-node
/// topology in headless Chromium, engine event to browser paint at 1x, and N learners on one teaching session.
/// Writes bench/results/web-DATE.md. Run from the repository root.
/// </summary>
public static class WebBenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var learners = new Option<int>("--learners") { Description = "Simulated learners (SignalR connections) on one session", DefaultValueFactory = _ => 200 };
        learners.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 500) r.AddError("--learners must be between 1 and 500 (a session's limit)"); });
        var repeat = new Option<int>("--repeat") { Description = "Visits per topology for the first-draw figure (median and range)", DefaultValueFactory = _ => 3 };
        repeat.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 20) r.AddError("--repeat must be between 1 and 20"); });
        var follow = new Option<int>("--follow-seconds") { Description = "Wall seconds the page follows the FB run at 1x for the paint latency", DefaultValueFactory = _ => 60 };
        follow.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 5 or > 600) r.AddError("--follow-seconds must be between 5 and 600"); });
        var web = new Command("web",
            "bench web: the web client's speed. Starts the web host in-process on 127.0.0.1 and measures (1) the first draw of the " +
            "5,000-node bench topology and of the FB topology in headless Chromium (/usr/bin/chromium), (2) engine event to browser " +
            "paint at 1x through the FB cascade, (3) N simulated learners on one session receiving every event. Prints a table and " +
            "writes bench/results/web-DATE.md. Run from the repository root.")
        { learners, repeat, follow };
        var root = new RootCommand("BackboneSim benchmarks") { web }; // so that `web --help` shows `BackboneSim.Bench web [options]`
        var parse = root.Parse(["web", .. args]);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"bench web: {error.Message}");
            return 2;
        }
        web.SetAction((p, _) => MeasureAsync(p.GetValue(learners), p.GetValue(repeat), TimeSpan.FromSeconds(p.GetValue(follow))));
        return await parse.InvokeAsync();
    }

    private static async Task<int> MeasureAsync(int learners, int repeats, TimeSpan follow)
    {
        var repoRoot = Directory.GetCurrentDirectory();
        if (!File.Exists(Path.Combine(repoRoot, "bench", "scenarios", BenchHost.FiveThousand + ".yaml")))
        {
            Console.Error.WriteLine($"bench web: no bench/scenarios/{BenchHost.FiveThousand}.yaml here (run from the repository root)");
            return 2;
        }
        var loadAtStart = LoadAverage();
        Console.Error.WriteLine($"bench web: starting the web host (load average {loadAtStart})…");
        await using var host = await BenchHost.StartAsync(repoRoot, joinsPerMinute: Math.Max(learners, BackboneSim.Web.Hosting.RatePolicies.DefaultJoinsPerMinute));
        Console.Error.WriteLine($"bench web: host at {host.Url}; launching headless Chromium…");
        await using var chromium = await HeadlessChromium.LaunchAsync();

        var draws = new List<FirstDrawMeasurement>
        {
            // At the capacity check, not after the cascade: on Orleans the 5,000-node cascade computes slowly (minutes on a
            // busy 2-core machine), and the figure is about the topology's size, so the events are the few before it.
            await FirstDrawMeasurement.TakeAsync(host, chromium, BenchHost.FiveThousand, "15:39", 9 * 60_000, repeats),
            await FirstDrawMeasurement.TakeAsync(host, chromium, BenchHost.Facebook, "16:00", 30 * 60_000, repeats),
        };
        var paint = await PaintLatency.TakeAsync(host, chromium, follow);
        var fanOut = await LearnerFanOut.TakeAsync(host, learners);

        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = WebReport.Build(date, loadAtStart, LoadAverage(), repeats, draws, paint, fanOut);
        Console.WriteLine(report);
        ResultsFile.Write($"web-{date}", report);
        return fanOut.EveryoneGotEverything ? 0 : 1;
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
