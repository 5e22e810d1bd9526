using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Scenario;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>
/// Applies a what-if (docs/scenario-format.md#what-ifs): a small YAML document with <c>timeline:</c> entries in the
/// scenario's own syntax and <c>cancel:</c>, a list of the scenario's actions to drop, taking effect from a fork
/// instant. Nothing before the fork may change: a run with the what-if has the same events before that instant as
/// the run without it (the run is deterministic and nothing in the what-if acts earlier), so a viewer's history
/// stays true. Errors are located in the document, named <see cref="FileName"/>, as the scenario loader's are.
/// </summary>
public static class WhatIfReader
{
    /// <summary>The name the document's errors and its actions' lines carry.</summary>
    public const string FileName = "what-if";
    /// <summary>A what-if is typed by hand in a small editor; anything bigger is a mistake.</summary>
    public const int MaxBytes = 20 * 1024;
    public const int MaxActions = 100;

    /// <summary>The keys of a what-if (scenarios/schema/whatif.schema.json lists the same; tested).</summary>
    public static readonly string[] TopKeys = ["timeline", "cancel"];

    /// <summary>The scenario with the what-if applied from <paramref name="forkMs"/> on; a <see cref="ScenarioLoadException"/> says why not.</summary>
    public static ScenarioDefinition Apply(ScenarioDefinition scenario, string text, long forkMs)
    {
        var errors = new ErrorList();
        var top = new SourceLocation(FileName, 1, 1);
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxBytes)
            errors.Add(top, $"the what-if is {System.Text.Encoding.UTF8.GetByteCount(text):N0} bytes; the limit is {MaxBytes:N0}");
        else if (forkMs < 0 || forkMs >= scenario.DurationMs)
            errors.Add(top, $"the fork instant +{forkMs}ms is outside the run ({TimeText.FormatDuration(scenario.DurationMs)})");
        else if (text.Split('\n').All(line => line.Trim() is "" or ['#', ..]))
            errors.Add(top, "the what-if is empty: give 'timeline:' entries to add or actions to 'cancel:'");
        errors.ThrowIfAny();

        var root = YamlReader.LoadDocument(new SingleText(text), FileName, errors);
        errors.ThrowIfAny();
        var r = new YamlReader(FileName, errors);
        if (r.AsMap(root!, "a what-if", TopKeys) is not { } map) { errors.ThrowIfAny(); return scenario; }

        var added = ReadTimeline(r, map, scenario, forkMs);
        var cancelled = ReadCancels(r, map, scenario, forkMs);
        if (added.Count == 0 && cancelled.Count == 0 && !errors.Any)
            r.Error(map.Node, "the what-if changes nothing: give 'timeline:' entries to add or actions to 'cancel:'");
        errors.ThrowIfAny();

        var timeline = scenario.Timeline.Select(a => cancelled.Contains(a.Name)
            ? a with { AtMs = -1, Description = a.Description + " (cancelled by a what-if)" } : a).ToList();
        timeline.AddRange(added);
        return scenario.WithTimeline(timeline);
    }

    private static IReadOnlyList<TimelineAction> ReadTimeline(YamlReader r, YamlReader.Map map, ScenarioDefinition scenario, long forkMs)
    {
        var items = map.Sequence("timeline") ?? [];
        if (items.Count > MaxActions) { r.Error(map.Get("timeline")!, $"{items.Count} what-if actions; the limit is {MaxActions}"); return []; }
        var context = new TimelineContext(scenario.Topology, scenario.Start, scenario.DurationMs, FileName,
            RunState.ColumnsFor(scenario.Topology, scenario.Responders.Tools.Select(t => t.Name).ToList()))
        {
            Earlier = scenario.Timeline, DefaultAtMs = forkMs, UnnamedPrefix = "what-if-",
            Teams = scenario.Responders.Teams.Select(t => t.Name).ToList(),
        };
        var actions = TimelineReader.ReadEntries(r, items, context);
        // Each entry is checked where it was written: ReadEntries returns only the entries that read cleanly, in order.
        var entries = items.OfType<YamlMappingNode>().ToList();
        var result = new List<TimelineAction>();
        foreach (var action in actions)
        {
            var node = entries.FirstOrDefault(e => r.At(e).Line == action.Location.Line && r.At(e).Column == action.Location.Column);
            if (action.When is { } trigger)
                result.Add(action with { When = trigger with { NotBeforeMs = forkMs } }); // a trigger sees nothing before the fork
            else if (action.AtMs < forkMs)
                r.Error(AtNode(node) ?? map.Node, $"'{action.Name}' runs at {Clock(scenario, action.AtMs)}, before the fork at {Clock(scenario, forkMs)}: " +
                                                 "a what-if cannot change what already happened");
            else result.Add(action);
        }
        return result;
    }

    private static YamlNode? AtNode(YamlMappingNode? entry)
        => entry is not null && entry.Children.TryGetValue(new YamlScalarNode("at"), out var at) ? at : entry;

    /// <summary>
    /// The names in <c>cancel:</c>. Only an action with a fixed time at or after the fork can be dropped: one before
    /// it has happened, a hidden inject not fired never runs anyway, and whether a triggered action ('when:') already
    /// fired is only known inside the run, so cancelling one is refused rather than guessed.
    /// </summary>
    private static HashSet<string> ReadCancels(YamlReader r, YamlReader.Map map, ScenarioDefinition scenario, long forkMs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = map.Sequence("cancel") ?? [];
        if (items.Count > MaxActions) { r.Error(map.Get("cancel")!, $"{items.Count} actions to cancel; the limit is {MaxActions}"); return names; }
        foreach (var item in items)
        {
            if (r.AsString(item, "an action to cancel") is not { } name) continue;
            var action = scenario.Timeline.FirstOrDefault(a => a.Name == name);
            if (action is null)
                r.Error(item, $"'cancel' names no action of the scenario: '{name}'{Suggestions.DidYouMean(name, scenario.Timeline.Select(a => a.Name))}");
            else if (action.When is not null)
                r.Error(item, $"'{name}' runs on a trigger ('when:'); whether it fired before the fork is only known inside the run, so a what-if cannot cancel it");
            else if (!action.Scheduled)
                r.Error(item, $"'{name}' is a hidden inject that has not been fired: it does not run, there is nothing to cancel");
            else if (action.AtMs < forkMs)
                r.Error(item, $"'{name}' ran at {Clock(scenario, action.AtMs)}, before the fork at {Clock(scenario, forkMs)}: a what-if cannot undo the past (add a 'respond' or 'recover' instead)");
            else if (!names.Add(name))
                r.Error(item, $"'{name}' is cancelled twice");
        }
        return names;
    }

    private static string Clock(ScenarioDefinition scenario, long ms) => $"{scenario.Start.AddMilliseconds(ms):HH:mm:ss.fff}";

    /// <summary>The what-if's text as the one file the YAML reader reads.</summary>
    private sealed class SingleText(string text) : IScenarioFiles
    {
        public bool Exists(string fullPath) => fullPath == FileName;
        public long Length(string fullPath) => text.Length;
        public string ReadAllText(string fullPath) => text;
        public string DisplayName(string fullPath) => fullPath;
    }
}
