using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Scenarios;

/// <summary>What every action reader needs: where the action is, when it runs, and the actions before it.</summary>
public sealed record ActionSite(YamlReader Reader, YamlReader.Map Map, NetworkTopology Topology, int Index, string Name, long AtMs,
    SourceLocation Location, IReadOnlyList<TimelineAction> Earlier, IReadOnlyList<string> Columns)
{
    /// <summary>The responders' teams a <c>respond</c> may name.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [ResponderTeamSpec.DefaultName];
}

/// <summary>
/// Where timeline entries are read: the network and run they act in, the file named in their locations, and the
/// actions before them. A what-if passes the scenario's actions as <paramref name="Earlier"/> and the fork instant
/// as <paramref name="DefaultAtMs"/> (an entry with neither 'at' nor 'when' runs then; hidden injects are refused).
/// </summary>
public sealed record TimelineContext(NetworkTopology Topology, DateTimeOffset Start, long DurationMs, string File, IReadOnlyList<string> Columns)
{
    public IReadOnlyList<TimelineAction> Earlier { get; init; } = [];
    public long? DefaultAtMs { get; init; }
    /// <summary>An entry without 'name' is called this plus its list position.</summary>
    public string UnnamedPrefix { get; init; } = "action";
    /// <summary>The responders' teams a <c>respond</c> may name.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [ResponderTeamSpec.DefaultName];
}

/// <summary>
/// Reads <c>timeline:</c>: each entry's name and when it runs (<c>at:</c> a time, <c>when:</c> a trigger, or
/// <c>inject: true</c> for a hidden inject), then hands the entry to the reader of its one action key, found in
/// <see cref="ActionKinds"/>.
/// </summary>
public static class TimelineReader
{
    public const int MaxActions = 10_000;

    private static readonly string[] CommonKeys = ["at", "when", "inject", "name"];
    private static readonly string[] TriggerKeys = [.. ConditionReader.EventKeys, .. ConditionReader.SeriesKeys, "after", "delay"];

    public static IReadOnlyList<TimelineAction> Read(YamlReader r, YamlReader.Map map, NetworkTopology topology, DateTimeOffset start, long duration,
        string scenarioPath, IReadOnlyList<string> columns, IReadOnlyList<string>? teams = null)
    {
        var items = map.Sequence("timeline") ?? [];
        if (items.Count > MaxActions) { r.Error(map.Get("timeline")!, $"{items.Count} timeline actions; the limit is {MaxActions}"); return []; }
        return ReadEntries(r, items, new TimelineContext(topology, start, duration, Path.GetFileName(scenarioPath), columns)
            { Teams = teams ?? [ResponderTeamSpec.DefaultName] });
    }

    /// <summary>
    /// Read timeline entries that follow <see cref="TimelineContext.Earlier"/> (a what-if's entries follow the
    /// scenario's): indices continue after them, names must differ from theirs, and 'after:', 'rollback' and
    /// 'recover' may name them. Returns the new actions only.
    /// </summary>
    public static IReadOnlyList<TimelineAction> ReadEntries(YamlReader r, IReadOnlyList<YamlDotNet.RepresentationModel.YamlNode> items, TimelineContext context)
    {
        var (topology, start, duration, file, columns) = (context.Topology, context.Start, context.DurationMs, context.File, context.Columns);
        var all = new List<TimelineAction>(context.Earlier);
        var names = new HashSet<string>(context.Earlier.Select(a => a.Name), StringComparer.Ordinal);
        var kindKeys = ActionKinds.Keys;
        var afterRefs = new List<(YamlDotNet.RepresentationModel.YamlNode Node, string Name, string From)>();
        var position = 0;
        foreach (var item in items)
        {
            position++;
            if (r.AsMap(item, "a timeline action", [.. CommonKeys, .. kindKeys]) is not { } a) continue;
            var inject = a.Choice("inject", ["true", "false"]) == "true";
            if (inject && context.DefaultAtMs is not null) { r.Error(a.Get("inject")!, "a what-if cannot add a hidden inject: its actions run from the fork on"); continue; }
            var defaulted = context.DefaultAtMs is not null && !a.Has("at") && !a.Has("when");
            if (!defaulted && (inject ? a.Has("when") : a.Has("at") == a.Has("when")))
            {
                r.Error(item, inject ? "a hidden inject runs when fired; it may suggest a time with 'at' but takes no 'when'"
                                     : "a timeline action needs exactly one of 'at' (a time) or 'when' (a trigger)");
                continue;
            }
            long at = defaulted ? context.DefaultAtMs!.Value : -1;
            if (a.String("at") is { } atText)
            {
                if (TimeText.ParseInstant(atText, start) is { } ms) at = ms;
                else { r.Error(a.Get("at")!, $"'at' must be a time of day (15:39:00), an offset (+9m) or an ISO-8601 time, not '{atText}'"); continue; }
                if (at < 0 || at >= duration)
                { r.Error(a.Get("at")!, $"'at' {atText} is outside the run ({TimeText.FormatDuration(duration)} from {start:u})"); continue; }
            }
            var name = a.String("name") ?? $"{context.UnnamedPrefix}{position}"; // by list position, so an earlier broken entry shifts nothing
            if (!names.Add(name)) r.Error(a.Get("name") ?? item, $"action name '{name}' is used twice");
            ActionTrigger? trigger = null;
            if (a.SubMap("when", false, TriggerKeys) is { } w)
            {
                trigger = ReadTrigger(r, w, columns, topology, duration);
                if (trigger is null) continue;
                if (trigger.After is { } after) afterRefs.Add((w.Get("after")!, after, name));
            }
            var at0 = r.At(item);
            // The action's line is named by the scenario's file name alone, so the timeline does not depend on the
            // directory a run was started from.
            var location = new SourceLocation(file, at0.Line, at0.Column);
            var present = kindKeys.Where(a.Has).ToList();
            if (present.Count != 1)
            {
                r.Error(item, $"a timeline action needs exactly one of {string.Join(", ", kindKeys.Select(k => $"'{k}'"))}" +
                              (present.Count > 1 ? $"; it has {string.Join(" and ", present.Select(k => $"'{k}'"))}" : ""));
                continue;
            }
            var read = ActionKinds.All.First(k => k.Key == present[0]).Read;
            if (read(new ActionSite(r, a, topology, all.Count, name, at, location, all, columns) { Teams = context.Teams }) is { } action)
            {
                var when = trigger is null ? "" : $" ({trigger.Describe()})";
                all.Add(action with { When = trigger, Inject = inject, Description = action.Description + when });
            }
        }
        // A trigger may wait for any action, before or after it in the list.
        foreach (var (node, after, from) in afterRefs)
        {
            if (after == from) r.Error(node, $"action '{from}' cannot wait for itself");
            else r.CheckActionName(node, after, names);
        }
        return all.Skip(context.Earlier.Count).ToList();
    }

    private static ActionTrigger? ReadTrigger(YamlReader r, YamlReader.Map w, IReadOnlyList<string> columns, NetworkTopology topology, long duration)
    {
        var errors = r.Errors.Errors.Count;
        if (w.Has("event") && w.Has("series")) { r.Error(w.Node, "a trigger waits for an 'event' or a 'series', not both"); return null; }
        var ev = w.Has("event") ? ConditionReader.Event(r, w) : null;
        var series = w.Has("series") ? ConditionReader.Series(r, w, columns, topology) : null;
        var after = w.String("after");
        if (!w.Has("event") && !w.Has("series") && after is null)
        {
            r.Error(w.Node, "a trigger needs an 'event', a 'series' condition or an action to come 'after'");
            return null;
        }
        var delay = w.Duration("delay", 0, duration) ?? 0;
        return r.Errors.Errors.Count > errors ? null : new ActionTrigger(ev, series, after, delay);
    }
}
