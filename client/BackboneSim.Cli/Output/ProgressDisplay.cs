using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using Spectre.Console;

namespace BackboneSim.Cli.Output;

/// <summary>
/// Shows a run's progress: a live bar on a terminal, a plain line now and then when output is redirected (CI logs),
/// nothing with --quiet. It says the simulated time reached, how fast simulated time goes now (over the last 10 s
/// of wall time) and the wall time left at that rate; no percentage, which would be of simulated time and mislead.
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

    /// <summary>"16:05:12 of 23:30:00 UTC · 95x real time · about 1m20s left · 12,345 events".</summary>
    public static string Describe(ScenarioDefinition scenario, long untilMs, RunBatch b, TimeSpan wall, ProgressRate rate)
    {
        var now = b.Finished ? untilMs : b.SimMs;
        var speed = rate.SimMsPerWallSecond is { } r ? $"{r / 1000:N0}x real time" : "measuring speed";
        var left = b.Finished ? "done" : rate.Remaining(untilMs) is { } t ? $"about {Wall(t)} left" : "time left unknown yet";
        return $"{When(scenario, now)} of {When(scenario, untilMs)} UTC · {speed} · {left} · {b.TotalEvents:N0} events · wall {Wall(wall)}";
    }

    /// <summary>A time of day, with the month and day once the run has crossed midnight ("07-09 11:30:00").</summary>
    private static string When(ScenarioDefinition scenario, long ms)
    {
        var text = SimClock.Format(scenario.Start, ms);
        return text[..10] == SimClock.Format(scenario.Start, 0)[..10] ? text[11..19] : $"{text[5..10]} {text[11..19]}";
    }

    private static string Wall(TimeSpan t) => t.TotalSeconds < 60 ? $"{t.TotalSeconds:F0}s" : TimeText.FormatDuration((long)t.TotalSeconds * 1000);

    private sealed class Silent : ProgressDisplay
    {
        public override Task RunAsync(Func<Report, Task> work) => work((_, _) => { });
    }

    private sealed class Bar(ScenarioDefinition scenario, long untilMs) : ProgressDisplay
    {
        private readonly ProgressRate _rate = ProgressRate.Recent();

        public override Task RunAsync(Func<Report, Task> work)
            => AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(scenario.Name), maxValue: untilMs);
                    await work((b, wall) =>
                    {
                        _rate.Add(wall, b.SimMs);
                        task.Value = b.Finished ? untilMs : b.SimMs;
                        task.Description = Markup.Escape(Describe(scenario, untilMs, b, wall, _rate));
                    });
                });
    }

    /// <summary>A line every 10 s of wall time, and at the end: a log shows the run moving even while simulated time crawls.</summary>
    private sealed class Lines(ScenarioDefinition scenario, long untilMs) : ProgressDisplay
    {
        private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
        private readonly ProgressRate _rate = ProgressRate.Recent();
        private TimeSpan? _last;

        public override Task RunAsync(Func<Report, Task> work)
            => work((b, wall) =>
            {
                _rate.Add(wall, b.SimMs);
                if (!b.Finished && _last is { } last && wall - last < Every) return;
                _last = wall;
                Console.Error.WriteLine($"progress: {Describe(scenario, untilMs, b, wall, _rate)}");
            });
    }
}
