using System.Globalization;
using System.Text;
using BackboneSim.Scenarios;

namespace BackboneSim.Bench;

/// <summary>
/// `bench scale [--repeat N] [--sizes 1k,3k,10k]`: how a run's cost grows with the network's size. The same event
/// (both spans of a regional ISP's core ring between its clusters cut at +5 min, 30 minutes simulated) on generated
/// networks of about 1,000, 3,000 and 10,000 routers (bench/scenarios/regional-isp-*.yaml), in memory and on one
/// embedded silo, each run in a fresh process. Reports wall time, peak memory, events, messages and node steps per
/// size, and the growth exponents between sizes (cost ∝ routers^k: k = 1 is linear). Issue 16 asks for these figures
/// before and after the data plane; issue 19 for cost linear in events.
/// </summary>
public static class ScaleCommand
{
    private const string Usage = "usage: bench scale [--repeat N] [--sizes 1k,3k,10k]\n" +
        "  --repeat N   runs per size and runtime, default 1 (the median is reported)\n" +
        "  --sizes      which of bench/scenarios/regional-isp-SIZE.yaml to run, default 1k,3k,10k (10k takes minutes)";

    public static async Task<int> RunAsync(string[] args)
    {
        var repeats = 1;
        string[] sizes = ["1k", "3k", "10k"];
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help") { Console.Error.WriteLine(Usage); return 0; }
            if (args[i] == "--repeat" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 20) repeats = r;
            else if (args[i] == "--sizes" && i + 1 < args.Length) sizes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            else { Console.Error.WriteLine($"bench scale: unknown or bad option {args[i]}\n{Usage}"); return 2; }
        }
        var scenarios = sizes.Select(s => Path.GetFullPath($"bench/scenarios/regional-isp-{s}.yaml")).ToList();
        foreach (var missing in scenarios.Where(s => !File.Exists(s)))
        {
            Console.Error.WriteLine($"bench scale: no scenario at {missing} (run from the repository root; sizes are 1k, 3k, 10k)");
            return 2;
        }

        var rows = new List<(int Routers, int Nodes, Measurement? Memory, Measurement? Silo)>();
        var failures = new Dictionary<(int Routers, string Runtime), string>();
        foreach (var scenario in scenarios)
        {
            var topology = ScenarioLoader.Load(scenario).Topology;
            var medians = new List<Measurement?>();
            foreach (var runtime in new[] { "memory", "orleans" })
            {
                var runs = new List<Measurement>();
                for (var i = 0; i < repeats; i++)
                {
                    try { runs.Add(await ChildMeasurement.RunAsync(scenario, runtime, 1)); }
                    catch (InvalidOperationException ex)
                    {
                        // A run that fails at this size is a finding, not the end of the measurement: say how it failed.
                        failures[(topology.Routers.Count, runtime)] = FirstLine(ex.Message);
                        Console.Error.WriteLine($"  {Path.GetFileName(scenario)} {runtime,-8} run {i + 1}/{repeats}: failed: {FirstLine(ex.Message)}");
                        break;
                    }
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {Path.GetFileName(scenario)} {runtime,-8} run {i + 1}/{repeats}: {runs[^1].WallSeconds:F1} s, {runs[^1].PeakMiB} MiB"));
                }
                medians.Add(runs.Count == 0 ? null : Measurement.MedianOf(runs));
            }
            rows.Add((topology.Routers.Count, topology.NodeNames.Count, medians[0], medians[1]));
        }

        var table = new StringBuilder()
            .AppendLine("| routers | nodes | events | messages | node steps | memory: wall s | memory: peak MiB | 1 silo: wall s | 1 silo: peak MiB |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (routers, nodes, m, s) in rows)
        {
            var counts = m ?? s;
            string Wall(Measurement? x) => x is null ? "failed" : x.WallSeconds.ToString("F1", CultureInfo.InvariantCulture);
            string Peak(Measurement? x) => x is null ? "—" : x.PeakMiB.ToString("N0", CultureInfo.InvariantCulture);
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {routers:N0} | {nodes:N0} | {counts?.Events:N0} | {counts?.Messages:N0} | {counts?.NodeSteps:N0} | {Wall(m)} | {Peak(m)} | {Wall(s)} | {Peak(s)} |"));
        }
        if (rows.Count > 1)
        {
            table.AppendLine().AppendLine("Growth exponents k (cost ∝ routers^k) between consecutive sizes:").AppendLine()
                .AppendLine("| from → to | node steps | memory: wall | memory: peak | 1 silo: wall | 1 silo: peak |")
                .AppendLine("|---|---|---|---|---|---|");
            for (var i = 1; i < rows.Count; i++)
            {
                var (a, b) = (rows[i - 1], rows[i]);
                string K(double? x, double? y) => x is { } from && y is { } to
                    ? (Math.Log(to / from) / Math.Log((double)b.Routers / a.Routers)).ToString("F2", CultureInfo.InvariantCulture) : "—";
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {a.Routers:N0} → {b.Routers:N0} | {K((a.Memory ?? a.Silo)?.NodeSteps, (b.Memory ?? b.Silo)?.NodeSteps)} | {K(a.Memory?.WallSeconds, b.Memory?.WallSeconds)} | {K(a.Memory?.PeakMiB, b.Memory?.PeakMiB)} | {K(a.Silo?.WallSeconds, b.Silo?.WallSeconds)} | {K(a.Silo?.PeakMiB, b.Silo?.PeakMiB)} |"));
            }
        }
        if (failures.Count > 0)
        {
            table.AppendLine().AppendLine("Failed runs:").AppendLine();
            foreach (var ((routers, runtime), why) in failures) table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {routers:N0} routers, {runtime}: {why}"));
        }
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = new StringBuilder()
            .AppendLine($"# Scaling {date}: {GitCommit.Of(Directory.GetCurrentDirectory())}")
            .AppendLine()
            .AppendLine($"bench/scenarios/regional-isp-{{{string.Join(",", sizes)}}}.yaml: both core-ring spans between the clusters cut at +5 min, 30 min simulated; " +
                        $"median of {repeats} run(s) per size and runtime, each in a fresh process, in one bench invocation.")
            .AppendLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}.")
            .AppendLine()
            .Append(table)
            .ToString();
        Console.WriteLine(report);
        ResultsFile.Write($"scale-{date}", report);
        return 0;
    }

    /// <summary>The child's error, reduced to its exception's first line (its stack trace and Orleans' diagnostics dropped).</summary>
    private static string FirstLine(string message)
    {
        var inner = message.IndexOf("Unhandled exception. ", StringComparison.Ordinal) is var i and >= 0 ? message[(i + 21)..] : message;
        var line = inner.Split('\n')[0].Trim();
        var cut = line.IndexOf("; last error:", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line.Length > 200 ? line[..200] + "…" : line;
    }
}
