using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Running;
using BackboneSim.Cli.Scenarios;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using Spectre.Console;

namespace BackboneSim.Cli.Running;

/// <summary>Runs a scenario up to --at (in memory: the timeline is the same on every runtime) and prints a causal chain.</summary>
public static class Explainer
{
    public static async Task<int> ExecuteAsync(string path, string target, string? atText, string? cohort, long? seed, CancellationToken ct)
    {
        ScenarioDefinition scenario;
        ScenarioBundle bundle;
        var (file, pathErrors) = ScenarioArgument.ResolveToRun(path);
        if (file is null)
        {
            foreach (var line in pathErrors) Console.Error.WriteLine(line);
            return ExitCodes.BadInput;
        }
        try
        {
            (scenario, bundle) = ScenarioBundle.FromDisk(file, seed);
        }
        catch (ScenarioLoadException ex)
        {
            foreach (var line in ex.Lines()) Console.Error.WriteLine(line);
            return ExitCodes.BadInput;
        }
        var (kind, error) = CausalChain.Classify(scenario.Topology, target);
        if (error is not null) { Console.Error.WriteLine($"backbonesim: {error}"); return ExitCodes.BadInput; }
        if (cohort is not null && kind != "service")
        {
            Console.Error.WriteLine($"backbonesim: --in applies to services only; '{target}' is a {kind}");
            return ExitCodes.BadInput;
        }
        if (cohort is not null && scenario.Topology.Clients.All(c => c.Name != cohort))
        {
            Console.Error.WriteLine($"backbonesim: no client cohort named '{cohort}'{Suggestions.DidYouMean(cohort, scenario.Topology.Clients.Select(c => c.Name))}");
            return ExitCodes.BadInput;
        }
        var atMs = scenario.DurationMs - 1;
        if (atText is not null)
        {
            if ((TimeText.ParseDuration(atText.TrimStart('+')) ?? TimeText.ParseInstant(atText, scenario.Start)) is not { } ms || ms < 0 || ms >= scenario.DurationMs)
            {
                Console.Error.WriteLine($"backbonesim: --at must be a time inside the run (a duration like 2h or a UTC time of day like 16:30:00), not '{atText}'");
                return ExitCodes.BadInput;
            }
            atMs = ms;
        }

        var events = new List<LoggedEvent>();
        var collector = new Collector(events);
        await using (var runtime = new InMemoryRuntime())
        await using (var driver = await runtime.StartAsync(new RunRequest(scenario, bundle) { UntilMs = atMs + 1 }, ct))
            await driver.RunToEndAsync(collector, atMs + 1, ct);

        var explanation = CausalChain.Explain(events, target, kind, atMs, cohort);
        Print(scenario, explanation, atMs, cohort);
        return ExitCodes.Ok;
    }

    private static void Print(ScenarioDefinition scenario, Explanation x, long atMs, string? cohort)
    {
        var when = SimClock.Format(scenario.Start, atMs);
        var where = cohort is null ? "" : $" for {cohort}";
        if (x.StateEvent is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]{x.Target}[/]{where} at {when}: unchanged since the start — nothing in the scenario has affected it yet.");
            return;
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]{x.Target}[/]{where} at {when}: [yellow]{x.StateEvent.Kind}[/] {Data(x.StateEvent)} (since {SimClock.Format(scenario.Start, x.StateEvent.Ms)})");
        AnsiConsole.MarkupLine("Why, from the first cause:");
        var table = new Table().NoBorder().AddColumn("UTC").AddColumn("node").AddColumn("event").AddColumn("detail");
        foreach (var e in x.Chain)
            table.AddRow(Markup.Escape(SimClock.Format(scenario.Start, e.Ms)[11..23]), Markup.Escape(e.NodeName), Markup.Escape(e.Kind), Markup.Escape(Data(e)));
        AnsiConsole.Write(table);
        if (x.Chain.Count > 0 && x.Chain[0].Payload is ScenarioActionPlayed root)
            AnsiConsole.MarkupLineInterpolated($"It started with the scenario line [bold]{root.Line}[/] ({root.What}).");
    }

    private static string Data(LoggedEvent e) => e.Details();

    private sealed class Collector(List<LoggedEvent> events) : IEventSink
    {
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> batch) => events.AddRange(batch);
        public void OnFinished(long endMs) { }
    }
}
