using System.CommandLine;
using BackboneSim.Cli.Running;
using BackboneSim.Model.Scenario;
using BackboneSim.Silo.Clustering;

namespace BackboneSim.Cli.Commands;

/// <summary><c>backbonesim run SCENARIO</c>: replay a scenario and write its timeline.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO")
        {
            Description = "Scenario file (scenarios/facebook-2021-10-04.yaml), or a library name (facebook-2021-10-04): scenarios/NAME.yaml " +
                          "in the first scenarios/ folder above the working directory or the program",
        };
        var runtime = new Option<string>("--runtime") { Description = "Where nodes run: 'orleans' (one grain per node) or 'memory' (single-threaded reference)", DefaultValueFactory = _ => "orleans" };
        runtime.AcceptOnlyFromAmong("orleans", "memory");
        var silos = new Option<int>("--silos")
        {
            Description = "In-process silos of the embedded cluster (orleans runtime)", DefaultValueFactory = _ => 1,
            CustomParser = r => WholeNumber.Int(r, "--silos", 1, 16, "between 1 and 16") ?? 0,
        };
        var seed = new Option<long?>("--seed") { Description = "Override the scenario's random seed", CustomParser = r => WholeNumber.Long(r, "--seed") };
        var until = new Option<string?>("--until") { Description = "Stop early: a duration from the start (2h, 45m) or a UTC time of day (16:30:00)" };
        var events = new Option<string?>("--events") { Description = "Write every event as JSON Lines to this file (docs/outputs.md)" };
        var series = new Option<string?>("--series") { Description = "Write sampled series as CSV to this file (docs/outputs.md)" };
        var sample = new Option<string>("--sample") { Description = "Sample interval of --series in simulated time", DefaultValueFactory = _ => "10s" };
        var report = new Option<string?>("--report") { Description = "Write the incident as a Markdown story: key moments with their causes, downtime and user-minutes per service" };
        var junit = new Option<string?>("--junit") { Description = "Write the scenario's steady-state and expectation outcomes as JUnit XML (one test case each)" };
        var inject = new Option<string[]>("--inject")
        {
            Description = "Fire a hidden inject of the scenario (a timeline action with 'inject: true'): NAME at its suggested time, or NAME@TIME " +
                          "(16:05:00, +45m). Repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var narration = new Option<string?>("--narration") { Description = "Write the scenario's narration as it fires, as JSON Lines, to this file (docs/outputs.md)" };
        var pause = new Option<bool>("--pause-at-checkpoints") { Description = "At each checkpoint, wait for your answer and say whether it is right (only when stdin is a terminal)" };
        var metricsPort = new Option<int?>("--metrics-port")
        {
            Description = "Serve Prometheus metrics of the run at http://127.0.0.1:PORT/metrics while it lasts (docs/operations.md)",
            CustomParser = r => WholeNumber.Int(r, "--metrics-port", 1, 65535, "a TCP port (1-65535)"),
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = $"Run on the cluster whose membership is in this Redis, as its client: redis://HOST[:PORT][/DB] (e.g. {ClusterAddress.Example}; " +
                          "docs/operations.md). Default: an embedded cluster in this process",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = $"Which cluster in that Redis (default {ClusterConnection.DefaultClusterId})" };
        var connectTimeout = new Option<string>("--connect-timeout")
        {
            Description = "With --cluster: how long to wait for a silo to answer before giving up (exit 4)", DefaultValueFactory = _ => "30s",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar and no summary: only errors (for scripts)" };

        var command = new Command("run", "Replay a scenario on the embedded cluster (or a cluster with --cluster, or in memory) and print its cascade. " +
                                            "Exits 1 when a steady-state condition or expectation of the scenario fails, 2 on bad input (output files are checked before the run). " +
                                            "Ctrl+C or SIGTERM stops it with its files, expectations and --junit written (exit 130).")
        {
            scenario, runtime, silos, seed, until, events, series, sample, report, junit, inject, narration, pause, metricsPort, cluster, clusterId, connectTimeout, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var sampleText = parse.GetValue(sample)!;
            if (TimeText.ParseDuration(sampleText) is not { } sampleMs || sampleMs < 1)
            {
                Console.Error.WriteLine($"backbonesim: --sample must be a duration like 10s or 1m, not '{sampleText}'");
                return ExitCodes.BadInput;
            }
            if (ClusterArguments.Read(parse, cluster, clusterId, connectTimeout, silos, runtime) is not { } clusterChoice) return ExitCodes.BadInput;
            var settings = new RunSettings(parse.GetValue(scenario)!, parse.GetValue(runtime)!, parse.GetValue(silos), parse.GetValue(seed),
                parse.GetValue(until), parse.GetValue(events), parse.GetValue(series), sampleMs, parse.GetValue(quiet), parse.GetValue(report),
                parse.GetValue(junit)) { Injects = parse.GetValue(inject) ?? [],
                    NarrationPath = parse.GetValue(narration), PauseAtCheckpoints = parse.GetValue(pause),
                    MetricsPort = parse.GetValue(metricsPort), Cluster = clusterChoice.Connection, ConnectTimeout = clusterChoice.Timeout };
            return await RunSession.ExecuteAsync(settings, ct);
        });
        return command;
    }
}
