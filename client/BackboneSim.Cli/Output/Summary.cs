using System.Diagnostics;
using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Teaching;
using BackboneSim.Cli.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using Spectre.Console;

namespace BackboneSim.Cli.Output;

/// <summary>The end-of-run tables: how the run went, and the cascade's key moments.</summary>
public static class Summary
{
    /// <param name="runtime">Where it ran, as the table says it (e.g. "orleans, 3 silos embedded").</param>
    /// <param name="restarts">Times the run's coordinator was lost and the run restarted (Orleans runtime).</param>
    public static void Print(ScenarioDefinition scenario, string runtime, KeyMoments moments, RunBatch last, TimeSpan wall, long untilMs, int restarts = 0)
    {
        var state = moments.State;
        var run = new Table().Title($"[bold]{Markup.Escape(scenario.Title)}[/]").AddColumn("run").AddColumn(new TableColumn("value").RightAligned());
        void Row(string k, string v) => run.AddRow(Markup.Escape(k), Markup.Escape(v));
        Row("scenario", $"{scenario.Name} ({scenario.SourceFile})");
        Row("runtime", runtime);
        Row("seed", scenario.Seed.ToString());
        Row("simulated", $"{SimClock.Format(scenario.Start, 0)} + {TimeText.FormatDuration(untilMs)}");
        var t = scenario.Topology;
        Row("nodes", $"{t.NodeNames.Count:N0} ({t.Routers.Count} routers, {t.DnsServers.Count} DNS servers, {t.ExternalAses.Count} external ASes, " +
                     $"{t.Resolvers.Count} resolver and {t.Clients.Count} client cohorts, {t.DataCenters.Count} data centers, responders, scenario)");
        Row("wall time", $"{wall.TotalSeconds:F2} s ({untilMs / 1000.0 / Math.Max(wall.TotalSeconds, 1e-9):N0}x real time)");
        Row("events", $"{last.TotalEvents:N0} ({last.TotalEvents / Math.Max(wall.TotalSeconds, 1e-9):N0}/s)");
        Row("messages", $"{last.Messages:N0} in {last.Windows:N0} windows, {last.NodeSteps:N0} node steps");
        // Only when a silo was lost: the run went on (the log is the same), and this says what that cost.
        if (last.RecoveredNodes > 0 || restarts > 0)
            Row("silo losses", $"{last.RecoveredNodes:N0} nodes rebuilt, {restarts} restart{(restarts == 1 ? "" : "s")}");
        Row("peak memory", $"{Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
        Row("backbone links up", $"{state.BackboneLinksUp}/{state.BackboneLinks} at end (lowest {moments.MinBackboneLinksUp})");
        Row("DNS servers announcing", $"{state.DnsAnnouncing}/{state.DnsServers} at end (lowest {moments.MinDnsAnnouncing})");
        foreach (var p in state.Prefixes) Row($"visibility of {p}", $"{state.Visibility(p):P0} of external ASes at end");
        AnsiConsole.Write(run);

        PrintServices(scenario, moments);

        // Repeats of one kind are one line with a count and the time of the last (docs/outputs.md).
        var table = new Table().Title("[bold]Key moments[/]").AddColumn("UTC").AddColumn("+").AddColumn("what");
        foreach (var line in KeyMomentGroups.Group(moments.Entries))
        {
            var ms = line.First.Ms;
            table.AddRow(Markup.Escape(When(scenario, ms, withMs: true)), TimeText.FormatDuration(ms - ms % 1000),
                Markup.Escape(line.Text(When(scenario, line.LastMs, withMs: false))));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Per service, as the --report has it: when users lost it, when all had it back, downtime, user-minutes lost.</summary>
    private static void PrintServices(ScenarioDefinition scenario, KeyMoments moments)
    {
        var hit = moments.Services.Where(kv => kv.Value.FirstImpactMs is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        if (hit.Count == 0)
        {
            if (moments.Services.Count > 0) AnsiConsole.MarkupLine("Services: no user lost any service.");
            return;
        }
        var table = new Table().Title("[bold]Services[/]").AddColumn("service").AddColumn("down from").AddColumn("back at")
            .AddColumn(new TableColumn("downtime").RightAligned()).AddColumn(new TableColumn("user-minutes lost").RightAligned());
        foreach (var (name, l) in hit)
            table.AddRow(Markup.Escape(name), When(scenario, l.FirstImpactMs!.Value, withMs: false),
                l.FullyRestoredMs is { } r ? When(scenario, r, withMs: false) : "not by end",
                TimeText.FormatDuration(l.FullOutageMs - l.FullOutageMs % 1000), IncidentReport.Big(l.UserMinutesLost));
        AnsiConsole.Write(table);
        if (hit.Count < moments.Services.Count) AnsiConsole.MarkupLine($"Every other service ({moments.Services.Count - hit.Count}) kept all its users.");
        AnsiConsole.MarkupLine("[grey]downtime: no user had it; user-minutes: active users without it x minutes[/]");
    }

    /// <summary>A UTC time of day, with the date once the run has crossed midnight.</summary>
    private static string When(ScenarioDefinition scenario, long ms, bool withMs)
    {
        var text = SimClock.Format(scenario.Start, ms);
        var time = withMs ? text[11..23] : text[11..19];
        return text[..10] == SimClock.Format(scenario.Start, 0)[..10] ? time : $"{text[5..10]} {time}";
    }

    /// <summary>One line on the narration: how much fired, and why the rest did not (after a whole run).</summary>
    public static void PrintNarration(NarrationFollower narration, bool stoppedEarly)
    {
        var missed = narration.NotFired;
        var total = narration.Fired.Count + missed.Count;
        AnsiConsole.MarkupLineInterpolated($"Narration: {narration.Fired.Count} of {total} items fired{(missed.Count > 0 && stoppedEarly ? " before the run stopped" : "")}.");
        if (stoppedEarly) return;
        foreach (var item in missed)
            AnsiConsole.MarkupLineInterpolated($"  [yellow]'{item.Name}' ({item.Location}) did not fire[/]: {narration.WhyNotFired(item)}");
    }
}
