using System.Diagnostics;
using System.Runtime.InteropServices;
using BackboneSim.Analysis.Expectations;
using BackboneSim.Analysis.Running;
using BackboneSim.Cli.Output;
using BackboneSim.Cli.Scenarios;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo.Clustering;
using BackboneSim.Silo.Metrics;
using BackboneSim.Silo.Runtimes;

namespace BackboneSim.Cli.Running;

/// <summary>One `run`: load, start the chosen runtime, pull batches into the outputs, show progress and a summary.</summary>
public static class RunSession
{
    /// <summary>Wall time per pull: short enough for a lively progress bar, long enough to amortise the call.</summary>
    private static readonly TimeSpan PullBudget = TimeSpan.FromMilliseconds(250);
    private const int PullMaxEvents = 20_000;

    public static async Task<int> ExecuteAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        ScenarioDefinition scenario;
        ScenarioBundle bundle;
        var (path, pathErrors) = ScenarioArgument.ResolveToRun(settings.ScenarioPath);
        if (path is null)
        {
            foreach (var line in pathErrors) Console.Error.WriteLine(line);
            return ExitCodes.BadInput;
        }
        try
        {
            (scenario, bundle) = ScenarioBundle.FromDisk(path, settings.Seed, settings.Injects);
        }
        catch (ArgumentException ex)
        {
            foreach (var line in ex.Message.Split(Environment.NewLine)) Console.Error.WriteLine($"backbonesim: {line}");
            return ExitCodes.BadInput;
        }
        catch (ScenarioLoadException ex)
        {
            foreach (var line in ex.Lines()) Console.Error.WriteLine(line);
            return ExitCodes.BadInput;
        }

        long? untilMs = null;
        if (settings.Until is { } untilText)
        {
            untilMs = TimeText.ParseDuration(untilText.TrimStart('+')) ?? TimeText.ParseInstant(untilText, scenario.Start);
            if (untilMs is not { } u || u <= 0)
            {
                Console.Error.WriteLine($"backbonesim: --until must be a duration (2h) or a UTC time of day after the start (16:30:00), not '{untilText}'");
                return ExitCodes.BadInput;
            }
            if (u > scenario.DurationMs)
            {
                Console.Error.WriteLine($"backbonesim: --until {untilText} is {TimeText.FormatDuration(u)} after the start, past the scenario's end " +
                                        $"({TimeText.FormatDuration(scenario.DurationMs)}); leave --until out to run it all");
                return ExitCodes.BadInput;
            }
        }
        var until = Math.Min(untilMs ?? scenario.DurationMs, scenario.DurationMs);

        // Every output file is checked before anything runs: a run of an hour does not end in "cannot write".
        if (OutputFiles.Check([("--events", settings.EventsPath), ("--series", settings.SeriesPath), ("--report", settings.ReportPath),
                ("--junit", settings.JUnitPath), ("--narration", settings.NarrationPath)]) is { } problem)
        {
            Console.Error.WriteLine($"backbonesim: error: {problem}");
            return ExitCodes.BadInput;
        }

        // Connect before any output file is opened: a cluster nobody answers for leaves nothing half-written.
        IRunRuntime runtime;
        if (settings.Cluster is { } connection)
        {
            var (cluster, failure) = await ConnectAsync(connection, settings, cancellationToken);
            if (cluster is null) return failure;
            runtime = cluster;
        }
        else runtime = LocalRuntime.For(settings);
        // RunAsync ends the runtime when the run ends; this covers its early returns.
        await using (runtime)
            return await RunAsync(settings, scenario, bundle, until, runtime, cancellationToken);
    }

    /// <summary>Waits (bounded) for a silo of the cluster; Ctrl+C meanwhile ends the wait. Returns the runtime, or null and the exit code.</summary>
    private static async Task<(ClusterRuntime? Runtime, int ExitCode)> ConnectAsync(ClusterConnection connection, RunSettings settings, CancellationToken cancellationToken)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });
        try
        {
            if (!settings.Quiet) Console.Error.WriteLine($"backbonesim: connecting to the cluster at {connection}");
            var runtime = await ClusterRuntime.ConnectAsync(connection, settings.ConnectTimeout, cancellationToken: interrupt.Token);
            return (runtime, ExitCodes.Ok);
        }
        catch (ClusterUnavailableException ex)
        {
            Console.Error.WriteLine($"backbonesim: {ex.Message}");
            return (null, ExitCodes.ClusterUnavailable);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            Console.Error.WriteLine("backbonesim: interrupted while connecting to the cluster; nothing was run.");
            return (null, ExitCodes.Interrupted);
        }
    }

    private static async Task<int> RunAsync(RunSettings settings, ScenarioDefinition scenario, ScenarioBundle bundle, long until, IRunRuntime runtime,
        CancellationToken cancellationToken)
    {
        var factory = new SimulationFactory(scenario);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Checkpoints wait for an answer only on a terminal: CI and pipes never block. --quiet prints no narration.
        var ask = settings.PauseAtCheckpoints && !settings.Quiet && !Console.IsInputRedirected;
        if (settings.PauseAtCheckpoints && !settings.Quiet && !ask)
            Console.Error.WriteLine("backbonesim: --pause-at-checkpoints needs a terminal on stdin; not pausing (each checkpoint prints its answer)");
        var narration = settings.Quiet ? null : NarrationPrinter.ForConsole(scenario.Start, ask, interrupt.Token);
        MetricsServer? metrics = null;
        if (settings.MetricsPort is { } port)
        {
            try
            {
                metrics = await MetricsServer.StartAsync(port, interrupt.Token);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"backbonesim: cannot serve metrics on 127.0.0.1:{port}: {ex.Message}");
                return ExitCodes.BadInput;
            }
            if (!settings.Quiet) Console.Error.WriteLine($"backbonesim: metrics at {metrics.Url} while the run lasts");
        }
        RunOutputs outputs;
        try
        {
            outputs = new RunOutputs(factory, settings, narration is null ? null : narration.Show);
        }
        catch (OutputWriteException ex)
        {
            Console.Error.WriteLine($"backbonesim: error: {ex.Message}");
            if (metrics is not null) await metrics.DisposeAsync();
            return ExitCodes.BadInput;
        }

        // SIGINT (Ctrl+C) and SIGTERM end the run between batches, so the outputs, the expectations and --junit
        // are written for what ran (System.CommandLine's own handling is off: it would kill us after 2 s).
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });
        var wall = Stopwatch.StartNew();
        IRunDriver? driver = null;
        RunBatch last = new();
        var interrupted = false;
        var restarts = 0;
        string? runtimeText = null; // what the summary calls the runtime
        var reachedTheEnd = false; // the run was pulled to its end (or interrupted) without an exception
        OutputWriteException? writeError = null;
        try
        {
            // The token only cancels the runtime's own start-up (embedded silos starting); the run itself stops between batches.
            driver = await runtime.StartAsync(new RunRequest(scenario, bundle) { UntilMs = until, Factory = factory }, interrupt.Token);
            // A live bar and a question waiting for input do not mix: while asking, progress goes to stderr lines.
            var progress = ProgressDisplay.Create(settings.Quiet, scenario, until, live: !ask);
            await progress.RunAsync(async report =>
            {
                while (!last.Finished)
                {
                    if (interrupt.IsCancellationRequested) { interrupted = true; break; }
                    last = await driver.AdvanceAsync(PullBudget, PullMaxEvents, CancellationToken.None);
                    outputs.Sink.OnWindow(last.SimMs, last.Events);
                    report(last, wall.Elapsed);
                }
            });
            outputs.Sink.OnFinished(interrupted ? last.SimMs : until);
            outputs.WriteReport();
            reachedTheEnd = true;
        }
        catch (OutputWriteException ex)
        {
            writeError = ex;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // Interrupted while the embedded silos were starting: nothing ran, and the outputs say so.
            interrupted = true;
            outputs.Sink.OnFinished(last.SimMs);
        }
        finally
        {
            writeError ??= outputs.Close();
            restarts = driver?.Restarts ?? 0;
            if (driver is not null) await driver.DisposeAsync();
            try
            {
                // Described before it ends (a cluster is asked how many silos it has), only for the summary.
                if (reachedTheEnd && !settings.Quiet && !interrupted && writeError is null) runtimeText = await runtime.DescribeAsync();
            }
            finally
            {
                // Ended here, as the run ends: the wall time shown includes stopping the embedded silos.
                await runtime.DisposeAsync();
                if (metrics is not null) await metrics.DisposeAsync();
            }
        }
        wall.Stop();
        if (writeError is not null)
        {
            Console.Error.WriteLine($"backbonesim: error: {writeError.Message}");
            return ExitCodes.BadInput;
        }

        if (interrupted)
        {
            Console.Error.WriteLine($"backbonesim: interrupted at {SimClock.Format(scenario.Start, last.SimMs)}; the output files hold everything up to there.");
            // What could be decided is decided; the rest is skipped, in the table and in --junit.
            return WriteExpectations(settings, scenario, outputs, wall.Elapsed) ?? ExitCodes.Interrupted;
        }
        if (!settings.Quiet)
        {
            Summary.Print(scenario, runtimeText!, outputs.Moments, last, wall.Elapsed, until, restarts);
        }
        if (!settings.Quiet && outputs.Narration is { Any: true } followed) Summary.PrintNarration(followed, until < scenario.DurationMs);
        return WriteExpectations(settings, scenario, outputs, wall.Elapsed)
               ?? (outputs.Expectations.Results.Any(r => r.Outcome == ExpectationOutcome.Failed) ? ExitCodes.ExpectationsFailed : ExitCodes.Ok);
    }

    /// <summary>Prints the expectations and writes --junit; returns an exit code only when --junit cannot be written.</summary>
    private static int? WriteExpectations(RunSettings settings, ScenarioDefinition scenario, RunOutputs outputs, TimeSpan wall)
    {
        var results = outputs.Expectations.Results;
        if (results.Count > 0) ExpectationPrinter.Print(results, settings.Quiet, scenario.Start);
        if (settings.JUnitPath is not { } junitPath) return null;
        try
        {
            using var writer = OutputFiles.Open(junitPath);
            JUnitReport.Build(scenario.Name, scenario.SourceFile, results, wall).Save(writer);
            return null;
        }
        catch (OutputWriteException ex)
        {
            Console.Error.WriteLine($"backbonesim: error: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }
}
