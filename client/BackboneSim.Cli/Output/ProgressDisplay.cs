using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using Spectre.Console;

namespace BackboneSim.Cli.Output;

/// <summary>
/// Shows a run's progress: a live bar on a terminal (simulated time, wall time, events/s), a plain line per tenth
/// of the run when output is redirected (CI logs), nothing with --quiet.
/// </summary>
public abstract class ProgressDisplay
{
    public delegate void Report(RunBatch batch, TimeSpan wall);

    public abstract Task RunAsync(Func<Report, Task> work);

    /// <param name="live">Whether a live bar may be used on a terminal (not while the run waits for typed answers).</param>
    public static ProgressDisplay Create(bool quiet, ScenarioDefinition scenario, long untilMs, bool live = true)
    {
        if (quiet) return new Silent();
        return live && AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
            ? new Bar(scenario, untilMs)
            : new Lines(scenario, untilMs);
    }

    protected static string Describe(ScenarioDefinition scenario, RunBatch b, TimeSpan wall)
    {
        var rate = wall.TotalSeconds > 0 ? b.TotalEvents / wall.TotalSeconds : 0;
        return $"{SimClock.Format(scenario.Start, b.SimMs)[11..19]} UTC · wall {wall.TotalSeconds:F1}s · {b.TotalEvents:N0} events · {rate:N0} ev/s";
    }

    private sealed class Silent : ProgressDisplay
    {
        public override Task RunAsync(Func<Report, Task> work) => work((_, _) => { });
    }

    private sealed class Bar(ScenarioDefinition scenario, long untilMs) : ProgressDisplay
    {
        public override Task RunAsync(Func<Report, Task> work)
            => AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(scenario.Name), maxValue: untilMs);
                    await work((b, wall) =>
                    {
                        task.Value = b.Finished ? untilMs : b.SimMs;
                        task.Description = Markup.Escape(Describe(scenario, b, wall));
                    });
                });
    }

    private sealed class Lines(ScenarioDefinition scenario, long untilMs) : ProgressDisplay
    {
        private int _lastTenth = -1;

        public override Task RunAsync(Func<Report, Task> work)
            => work((b, wall) =>
            {
                var tenth = (int)(10 * Math.Min(1.0, (double)(b.Finished ? untilMs : b.SimMs) / untilMs));
                if (tenth == _lastTenth) return;
                _lastTenth = tenth;
                Console.Error.WriteLine($"[{tenth * 10,3}%] {Describe(scenario, b, wall)}");
            });
    }
}
