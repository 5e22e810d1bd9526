using System.Globalization;
using System.Text;

namespace BackboneSim.Bench;

/// <summary>
/// `bench compare BASELINE [SCENARIO] [--repeat N]`: the same scenario timed with this build and with another
/// checkout's build (BASELINE, a folder holding the repository at another commit, its bench built in Release), in
/// memory and on one embedded silo, in one invocation. Runs alternate baseline, current, baseline, current… each
/// in a fresh process, so drift in the machine's load falls on both sides alike. Reports medians and the ratio
/// current ÷ baseline: how a change (a refactor, an optimisation) moved the wall time, measured side by side.
/// </summary>
public static class CompareCommand
{
    private const string Usage = "usage: bench compare BASELINE_DIR [SCENARIO] [--repeat N]\n" +
        "  BASELINE_DIR  another checkout of the repository whose bench is built in Release:\n" +
        "                git worktree add /tmp/base COMMIT && dotnet build -c Release /tmp/base/bench/BackboneSim.Bench\n" +
        "  SCENARIO      default scenarios/facebook-2021-10-04.yaml (run from the repository root)\n" +
        "  --repeat N    runs per side and runtime, default 3 (the median is reported)";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help") { Console.Error.WriteLine(Usage); return args.Length == 0 ? 2 : 0; }
        var baselineDir = Path.GetFullPath(args[0]);
        var baselineDll = Path.Combine(baselineDir, "bench", "BackboneSim.Bench", "bin", "Release", "net10.0", "BackboneSim.Bench.dll");
        if (!File.Exists(baselineDll)) { Console.Error.WriteLine($"bench compare: no Release build at {baselineDll}\n{Usage}"); return 2; }
        var scenario = "scenarios/facebook-2021-10-04.yaml";
        var repeats = 3;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--repeat" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 50) repeats = r;
            else if (!args[i].StartsWith('-')) scenario = args[i];
            else { Console.Error.WriteLine($"bench compare: unknown or bad option {args[i]}\n{Usage}"); return 2; }
        }
        if (!File.Exists(scenario)) { Console.Error.WriteLine($"bench compare: no scenario at {scenario} (run from the repository root)"); return 2; }
        var scenarioPath = Path.GetFullPath(scenario);
        var baselineCommit = GitCommit.Of(baselineDir);
        var currentCommit = GitCommit.Of(Directory.GetCurrentDirectory());

        var table = new StringBuilder()
            .AppendLine("| runtime | silos | baseline wall s | current wall s | current ÷ baseline | baseline peak MiB | current peak MiB | same events |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (runtime, silos) in new[] { ("memory", 1), ("orleans", 1) })
        {
            var (baseline, current) = (new List<Measurement>(), new List<Measurement>());
            for (var i = 0; i < repeats; i++)
            {
                baseline.Add(await ChildMeasurement.RunAsync(scenarioPath, runtime, silos, benchDll: baselineDll, workingDir: baselineDir));
                current.Add(await ChildMeasurement.RunAsync(scenarioPath, runtime, silos));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {runtime,-8} x{silos} run {i + 1}/{repeats}: baseline {baseline[^1].WallSeconds:F2} s, current {current[^1].WallSeconds:F2} s"));
            }
            var (b, c) = (Measurement.MedianOf(baseline), Measurement.MedianOf(current));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {runtime} | {(runtime == "memory" ? "-" : silos.ToString(CultureInfo.InvariantCulture))} | {b.WallSeconds:F2} | {c.WallSeconds:F2} | {c.WallSeconds / b.WallSeconds:F3} | {b.PeakMiB} | {c.PeakMiB} | {(b.Events == c.Events && b.Messages == c.Messages ? "yes" : "NO")} |"));
        }
        var report = new StringBuilder()
            .AppendLine($"# Comparison {DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {currentCommit} against {baselineCommit}")
            .AppendLine()
            .AppendLine($"Scenario `{scenario}`; median of {repeats} runs per side and runtime, alternating baseline and current, each in a fresh process, in one bench invocation.")
            .AppendLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. \"same events\": both sides counted the same events and messages.")
            .AppendLine()
            .Append(table)
            .ToString();
        Console.WriteLine(report);
        ResultsFile.Write($"compare-{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", report);
        return 0;
    }
}
