using System.Globalization;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Teaching;
using BackboneSim.Model.Topology;
using YamlDotNet.RepresentationModel;

namespace BackboneSim.Scenarios;

/// <summary>Reads a scenario's <c>narration:</c> list (docs/scenario-format.md#narration-and-checkpoints).</summary>
public static class NarrationReader
{
    public const int MaxItems = 1_000;
    public const int MaxTextLength = 2_000;
    public const int MinChoices = 2, MaxChoices = 8;

    private static readonly string[] ItemKeys = ["name", "at", "after", "on", "delay", "say", "highlight", "audience", "checkpoint"];
    private static readonly string[] CheckpointKeys = ["question", "choices", "answer", "explain", "pause"];

    public static List<NarrationItem> Read(YamlReader r, YamlReader.Map map, NetworkTopology topology, IReadOnlyList<string> actionNames,
        DateTimeOffset start, long durationMs)
    {
        var result = new List<NarrationItem>();
        var items = map.Sequence("narration") ?? [];
        if (items.Count > MaxItems) { r.Error(map.Get("narration")!, $"{items.Count} narration items; the limit is {MaxItems}"); return result; }
        var highlights = new HighlightIndex(topology);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var errors = r.Errors.Errors.Count;
            if (r.AsMap(item, "a narration item", ItemKeys) is not { } m) continue;
            // A misspelt key already explains a missing trigger or text: do not report those twice.
            var misspelt = r.Errors.Errors.Count > errors;
            var name = Text(r, m, "name") ?? $"narration{i + 1}";
            if (!names.Add(name)) r.Error(m.Get("name") ?? item, $"narration name '{name}' is used twice");

            var (hasAt, hasAfter, hasOn) = (m.Has("at"), m.Has("after"), m.Has("on"));
            if (hasAt == (hasAfter || hasOn))
            {
                if (misspelt) continue;
                r.Error(item, "a narration item needs exactly one of 'at' (a time), 'after' (an action) or 'on' (an event; it may take an 'after' too)");
                continue;
            }
            long? at = null;
            if (hasAt)
            {
                at = ReadAt(r, m, start, durationMs);
                if (m.Has("delay")) r.Error(m.Get("delay")!, "'delay' is for 'after' and 'on' items; an 'at' item fires at its time");
            }
            var after = hasAfter ? m.String("after") : null;
            if (after is not null) r.CheckActionName(m.Get("after")!, after, actionNames);
            EventMatch? on = null;
            // The same event predicate as an expectation's or a trigger's.
            if (hasOn && r.AsMap(m.Get("on")!, "'on'", ConditionReader.EventKeys) is { } om) on = ConditionReader.Event(r, om);
            var delay = m.Duration("delay", 0, ScenarioLoader.MaxDurationMs) ?? 0;

            var say = Text(r, m, "say");
            var audience = m.Choice("audience", ["all", "instructor"]) == "instructor" ? NarrationAudience.Instructor : NarrationAudience.All;
            var checkpoint = m.SubMap("checkpoint", false, CheckpointKeys) is { } cm ? ReadCheckpoint(r, cm) : null;
            if (!m.Has("say") && !m.Has("checkpoint") && !misspelt) r.Error(item, "a narration item needs 'say', a 'checkpoint' or both");
            var (written, sites, nodes) = ReadHighlight(r, m, highlights);
            if (r.Errors.Errors.Count > errors) continue;
            var trigger = hasAt ? NarrationTriggerKind.At : hasOn ? NarrationTriggerKind.On : NarrationTriggerKind.After;
            result.Add(new NarrationItem(result.Count, name, r.At(item), trigger)
            {
                AtMs = at, After = after, On = on, DelayMs = delay, Say = say, Audience = audience, Checkpoint = checkpoint,
                Highlight = written, HighlightSites = sites, HighlightNodes = nodes,
            });
        }
        return result;
    }

    /// <summary>The same notations and rule as a timeline action's <c>at:</c>: inside the run.</summary>
    private static long? ReadAt(YamlReader r, YamlReader.Map m, DateTimeOffset start, long durationMs)
    {
        if (m.String("at") is not { } text) return null;
        if (TimeText.ParseInstant(text, start) is not { } ms)
        {
            r.Error(m.Get("at")!, $"'at' must be a time of day (15:39:00), an offset (+9m) or an ISO-8601 time, not '{Clip(text)}'");
            return null;
        }
        if (ms < 0 || ms >= durationMs)
        {
            r.Error(m.Get("at")!, $"'at' {text} is outside the run ({TimeText.FormatDuration(durationMs)} from {start:u})");
            return null;
        }
        return ms;
    }

    private static Checkpoint? ReadCheckpoint(YamlReader r, YamlReader.Map m)
    {
        var question = Text(r, m, "question", required: true);
        var choices = new List<string>();
        var choiceNodes = m.Has("choices") ? m.Sequence("choices") : null;
        foreach (var n in choiceNodes ?? [])
        {
            if (r.AsString(n, "a choice") is not { } c) continue;
            if (CheckText(r, n, "a choice", c) is not { } choice) continue;
            if (choices.Contains(choice, StringComparer.Ordinal)) r.Error(n, $"choice '{Clip(choice)}' is listed twice");
            choices.Add(choice);
        }
        if (choiceNodes is not null && choiceNodes.Count is < MinChoices or > MaxChoices)
            r.Error(m.Get("choices")!, $"'choices' lists {choiceNodes.Count}; a multiple-choice question needs {MinChoices} to {MaxChoices} (leave 'choices' out for a free-text question)");
        var answer = Text(r, m, "answer", required: choiceNodes is not null);
        int? answerChoice = null;
        if (choiceNodes is not null && answer is not null && choices.Count > 0)
        {
            var exact = choices.IndexOf(answer);
            if (exact >= 0) answerChoice = exact + 1;
            else if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= choices.Count) answerChoice = number;
            else
            {
                r.Error(m.Get("answer")!, $"'answer' is '{Clip(answer)}'; it must be one of the choices, written exactly, or its number (1 to {choices.Count})" +
                                          Suggestions.DidYouMean(answer, choices));
                return null;
            }
            answer = choices[answerChoice.Value - 1];
        }
        var explain = Text(r, m, "explain");
        var pause = m.Choice("pause", ["true", "false"]) != "false";
        return question is null ? null : new Checkpoint(question, choices, answerChoice, answer, explain, pause);
    }

    private static (List<string> Written, List<string> Sites, List<string> Nodes) ReadHighlight(YamlReader r, YamlReader.Map m, HighlightIndex index)
    {
        var written = new List<string>();
        var sites = new SortedSet<int>();
        var nodes = new SortedSet<int>();
        foreach (var n in m.Sequence("highlight") ?? [])
        {
            if (r.AsString(n, "a highlight") is not { } entry) continue;
            var (s, ns) = index.Resolve(entry);
            if (s.Count == 0 && ns.Count == 0)
            {
                var what = entry.IndexOfAny(['*', '?']) >= 0 ? "matches no node or site" : "names no node or site";
                r.Error(n, $"highlight '{Clip(entry)}' {what}{Suggestions.DidYouMean(entry, index.AllNames)}{Glob.Hint(entry)}");
                continue;
            }
            written.Add(entry);
            sites.UnionWith(s);
            nodes.UnionWith(ns);
        }
        return (written, sites.Select(i => index.Sites[i]).ToList(), nodes.Select(i => index.Nodes[i]).ToList());
    }

    /// <summary>Node and site names of the network, and what a highlight entry (a name or a glob) matches among them.</summary>
    private sealed class HighlightIndex(NetworkTopology topology)
    {
        public IReadOnlyList<string> Sites { get; } = topology.Sites.Select(s => s.Name).ToList();
        public IReadOnlyList<string> Nodes { get; } = topology.NodeNames;
        public IEnumerable<string> AllNames => Sites.Concat(Nodes);

        public (List<int> Sites, List<int> Nodes) Resolve(string entry)
        {
            if (entry.IndexOfAny(['*', '?']) < 0)
                return (Indexes(Sites, x => x == entry), Indexes(Nodes, x => x == entry));
            var glob = Glob.Compile(entry);
            return (Indexes(Sites, glob.IsMatch), Indexes(Nodes, glob.IsMatch));
        }

        private static List<int> Indexes(IReadOnlyList<string> names, Func<string, bool> match)
        {
            var result = new List<int>();
            for (var i = 0; i < names.Count; i++)
                if (match(names[i])) result.Add(i);
            return result;
        }
    }

    /// <summary>A text field: one value, not empty, at most <see cref="MaxTextLength"/> characters; trailing white space dropped.</summary>
    private static string? Text(YamlReader r, YamlReader.Map m, string key, bool required = false)
        => m.String(key, required) is { } text ? CheckText(r, m.Get(key)!, $"'{key}'", text) : null;

    private static string? CheckText(YamlReader r, YamlNode node, string what, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) { r.Error(node, $"{what} is empty"); return null; }
        if (text.Length > MaxTextLength) { r.Error(node, $"{what} is {text.Length:N0} characters long; the limit is {MaxTextLength:N0}"); return null; }
        return text.TrimEnd(); // a folded or literal block (say: >) ends with a line break
    }

    private static string Clip(string s) => s.Length > 60 ? s[..57] + "..." : s;
}
