using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BackboneSim.Bench;
using BackboneSim.Scenarios;

// backbonesim bench: runs a scenario (default: the full 8 h FB replay) under the in-memory runtime, the Orleans
// runtime on 1 and 3 embedded silos, and on 3 silo processes clustered through Redis, each run in a fresh child
// process (and, for the processes, a fresh Redis and fresh silos), several times; reports the median and writes
// bench/results/<date>.md. Usage: dotnet run -c Release --project bench/BackboneSim.Bench [-- SCENARIO [REPEATS]]
// With web [--learners N] [--repeat N] [--follow-seconds S], it measures the web client instead (Web/WebBenchCommand.cs,
// `web --help`); web-learners is that mode's child process of simulated learners.
// With fuzz [--cases N] [--seed S] [--save DIR], it runs the scenario loader over mutated library scenarios (FuzzCommand.cs).
// With compare BASELINE_DIR [SCENARIO] [--repeat N], it times this build against another checkout's, side by side (CompareCommand.cs).
// With groundtruth [--configs …] [--keep], it holds the simulator to real FRR/nsd/Unbound in network namespaces
// (GroundTruth/GroundTruthCommand.cs, `groundtruth --help`); groundtruth-probe is its resolver probe, run in a namespace.
if (args.Length >= 1 && args[0] == "fuzz") return FuzzCommand.Run(args[1..]);
if (args.Length >= 1 && args[0] == "compare") return await CompareCommand.RunAsync(args[1..]);
if (args.Length >= 1 && args[0] == "scale") return await ScaleCommand.RunAsync(args[1..]);
if (args.Length >= 1 && args[0] == "groundtruth") return await BackboneSim.Bench.GroundTruth.GroundTruthCommand.RunAsync(args[1..]);
if (args.Length >= 1 && args[0] == BackboneSim.Bench.GroundTruth.DnsProbe.Mode) return await BackboneSim.Bench.GroundTruth.DnsProbe.RunChildAsync(args[1..]);
if (args.Length >= 1 && args[0] == "web") return await BackboneSim.Bench.Web.WebBenchCommand.RunAsync(args[1..]);
if (args.Length >= 1 && args[0] == BackboneSim.Bench.Web.LearnerSwarm.Mode) return await BackboneSim.Bench.Web.LearnerSwarm.RunChildAsync(args[1..]);

// With --kill-silo [SCENARIO], it instead kills a silo mid-run on 3 silos and reports the time to recover.
if (args.Length >= 1 && args[0] == "--kill-silo")
{
    var killScenario = args.Length >= 2 ? args[1] : "scenarios/facebook-2021-10-04.yaml";
    if (!File.Exists(killScenario)) { Console.Error.WriteLine($"bench: no scenario at {killScenario} (run from the repository root)"); return 2; }
    var k = await SiloKillMeasurement.TakeAsync(killScenario);
    var log = await InputLogMemory.MeasureAsync(BackboneSim.Model.Scenario.ScenarioBundle.FromDisk(killScenario, null).Scenario);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        Scenario `{killScenario}` on 3 embedded silos; a silo with {k.LostNodes} of {k.Nodes} nodes killed at window {k.KilledAtWindow:N0} of {k.Windows:N0}.
        Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.

        | declared dead | run progresses again | first window with a rebuilt node | nodes rebuilt | run with kill | same run undisturbed | log byte-identical |
        |---|---|---|---|---|---|---|
        | {k.DeclaredDeadSeconds:F2} s | {k.FirstProgressSeconds:F2} s | {k.RecoveredSeconds:F2} s | {k.RecoveredNodes} | {k.RunSeconds:F2} s | {k.UndisturbedSeconds:F2} s | {(k.Identical ? "yes" : "NO")} |

        Input logs at the end of the run (measured in memory): {log.Bytes / 1048576.0:F1} MiB for {log.Messages:N0} messages in {log.Steps:N0} node steps.
        """));
    return k.Identical ? 0 : 1;
}

// With --load N [SCENARIO], it runs N copies of the scenario at once on one silo (seeds 1..N) beside one run alone.
if (args.Length >= 2 && args[0] == "--load")
{
    var runs = int.Parse(args[1], CultureInfo.InvariantCulture);
    var loadScenario = args.Length >= 3 ? args[2] : "scenarios/safe-canary-rollout.yaml";
    if (runs is < 1 or > 200 || !File.Exists(loadScenario)) { Console.Error.WriteLine("bench: --load N (1-200) [SCENARIO], run from the repository root"); return 2; }
    var l = await LoadMeasurement.TakeAsync(loadScenario, runs);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        Scenario `{loadScenario}`, seeds 1..{runs}, on one embedded silo. Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}.

        | one run alone | {runs} runs at once | runs/minute alone | runs/minute at once | logs identical to their run alone |
        |---|---|---|---|---|
        | {l.AloneSeconds:F2} s | {l.TogetherSeconds:F2} s | {l.AloneRunsPerMinute:F1} | {l.RunsPerMinute:F1} | {l.Identical} of {runs} |
        """));
    return l.Identical == runs ? 0 : 1;
}

if (args.Length >= 1 && args[0] == "--one")
{
    var m = await Measurement.TakeAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args.Length > 4 ? args[4] : null);
    Console.WriteLine(JsonSerializer.Serialize(m));
    return 0;
}

var scenario = args.Length >= 1 ? args[0] : "scenarios/facebook-2021-10-04.yaml";
var repeats = args.Length >= 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
if (!File.Exists(scenario)) { Console.Error.WriteLine($"bench: no scenario at {scenario} (run from the repository root)"); return 2; }
(string Runtime, int Silos)[] configs = [("memory", 1), ("orleans", 1), ("orleans", 3), ("processes", 3)];
if (ProcessCluster.RedisServer is null)
{
    Console.Error.WriteLine("bench: redis-server is not installed (apt-get install redis-server); skipping the silo-process line");
    configs = configs[..^1];
}

var medians = new List<Measurement>();
foreach (var (runtime, silos) in configs)
{
    var runs = new List<Measurement>();
    for (var i = 0; i < repeats; i++)
    {
        Measurement m;
        if (runtime == "processes")
        {
            await using var cluster = await ProcessCluster.StartAsync(silos);
            m = await ChildMeasurement.RunAsync(scenario, runtime, silos, cluster.Url);
        }
        else m = await ChildMeasurement.RunAsync(scenario, runtime, silos);
        runs.Add(m);
        Console.Error.WriteLine($"  {runtime,-9} x{silos} run {i + 1}/{repeats}: {m.WallSeconds:F2} s");
    }
    medians.Add(Measurement.MedianOf(runs));
}

var memory = medians[0];
var table = new StringBuilder();
table.AppendLine($"| runtime | silos | wall s | simulated/wall | events/s | messages/s | node steps | windows | peak MiB | ÷ in-memory |");
table.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var m in medians)
    table.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {m.Runtime} | {(m.Runtime == "memory" ? "-" : m.Silos.ToString(CultureInfo.InvariantCulture))} | {m.WallSeconds:F2} | {m.SpeedUp:N0}x | {m.EventsPerSecond:N0} | {m.MessagesPerSecond:N0} | {m.NodeSteps:N0} | {m.Windows:N0} | {m.PeakMiB} | {m.WallSeconds / memory.WallSeconds:F2} |"));

var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
var report = new StringBuilder()
    .AppendLine($"# Benchmark {date}")
    .AppendLine()
    .AppendLine($"Scenario `{scenario}`, {medians[0].SimMs / 3_600_000.0:F1} h simulated, {medians[0].Events:N0} events, {medians[0].Messages:N0} messages; median of {repeats} runs per line, each in a fresh process, all in one bench invocation.")
    .AppendLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average {LoadAverage()} at the start.")
    .AppendLine("Runtimes: `memory` the in-memory reference; `orleans` embedded silos in the run's process (wall time includes starting them); " +
                "`processes` separate silo programs on this machine clustered through a local redis-server, the run's process their client " +
                "(wall time includes connecting, not the silos' start; each run has fresh silos). Peak MiB is the run's own process.")
    .AppendLine()
    .Append(table)
    .ToString();
Console.WriteLine(report);
ResultsFile.Write(date, report);
return 0;

static string LoadAverage()
{
    try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "unknown"; }
}
