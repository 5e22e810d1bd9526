using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Scenario;

/// <summary>What every action reader needs: where the action is, when it runs, and the actions before it.</summary>
public sealed record ActionSite(YamlReader Reader, YamlReader.Map Map, NetworkTopology Topology, int Index, string Name, long AtMs,
    SourceLocation Location, IReadOnlyList<TimelineAction> Earlier);

/// <summary>
/// Reads <c>timeline:</c>: each entry's time and name, then hands the entry to the reader of its one action key
/// (push, respond, fail, recover, surge). Adding an action kind means adding a row to <see cref="Kinds"/>.
/// </summary>
public static class TimelineReader
{
    public const int MaxActions = 10_000;

    private static readonly (string Key, Func<ActionSite, TimelineAction?> Read)[] Kinds =
    [
        ("push", PushReader.Read),
        ("respond", RespondReader.Read),
        ("fail", FailReader.Read),
        ("recover", RecoverReader.Read),
        ("surge", SurgeReader.Read),
    ];

    private static readonly string[] CommonKeys = ["at", "name"];

    public static IReadOnlyList<TimelineAction> Read(YamlReader r, YamlReader.Map map, NetworkTopology topology, DateTimeOffset start, long duration, string scenarioPath)
    {
        var actions = new List<TimelineAction>();
        var items = map.Sequence("timeline") ?? [];
        if (items.Count > MaxActions) { r.Error(map.Get("timeline")!, $"{items.Count} timeline actions; the limit is {MaxActions}"); return actions; }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var kindKeys = Kinds.Select(k => k.Key).ToArray();
        foreach (var item in items)
        {
            if (r.AsMap(item, "a timeline action", [.. CommonKeys, .. kindKeys]) is not { } a) continue;
            var atText = a.String("at", required: true);
            long at = 0;
            if (atText is not null)
            {
                if (TimeText.ParseInstant(atText, start) is { } ms) at = ms;
                else { r.Error(a.Get("at")!, $"'at' must be a time of day (15:39:00), an offset (+9m) or an ISO-8601 time, not '{atText}'"); continue; }
                if (at < 0 || at >= duration)
                { r.Error(a.Get("at")!, $"'at' {atText} is outside the run ({TimeText.FormatDuration(duration)} from {start:u})"); continue; }
            }
            var name = a.String("name") ?? $"action{actions.Count + 1}";
            if (!names.Add(name)) r.Error(a.Get("name") ?? item, $"action name '{name}' is used twice");
            var at0 = r.At(item);
            // The action's line is named by the scenario's file name alone, so the timeline does not depend on the
            // directory a run was started from.
            var location = new SourceLocation(Path.GetFileName(scenarioPath), at0.Line, at0.Column);
            var present = kindKeys.Where(a.Has).ToList();
            if (present.Count != 1)
            {
                r.Error(item, $"a timeline action needs exactly one of {string.Join(", ", kindKeys.Select(k => $"'{k}'"))}" +
                              (present.Count > 1 ? $"; it has {string.Join(" and ", present.Select(k => $"'{k}'"))}" : ""));
                continue;
            }
            var read = Kinds.First(k => k.Key == present[0]).Read;
            if (read(new ActionSite(r, a, topology, actions.Count, name, at, location, actions)) is { } action) actions.Add(action);
        }
        return actions;
    }
}
