using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>Reads a scenario's <c>steady_state:</c> and <c>expect:</c> lists (docs/scenario-format.md#expectations).</summary>
public static class ExpectationReader
{
    public const int MaxExpectations = 1_000;
    private static readonly string[] Comparisons = ConditionReader.Comparisons;
    private static readonly string[] CheckKeys = ["name", "event", "node", "subject", "series", .. Comparisons, "mode", "after", "within", "by"];
    private static readonly string[] SteadyKeys = ["series", .. Comparisons];

    public static (List<Expectation> SteadyState, List<Expectation> Checks) Read(YamlReader r, YamlReader.Map map, NetworkTopology topology,
        IReadOnlyList<string> tools, IReadOnlyList<string> actionNames, DateTimeOffset start, long durationMs)
    {
        var columns = RunState.ColumnsFor(topology, tools);
        var steady = new List<Expectation>();
        var checks = new List<Expectation>();
        var steadyItems = map.Sequence("steady_state") ?? [];
        var checkItems = map.Sequence("expect") ?? [];
        if (steadyItems.Count + checkItems.Count > MaxExpectations)
        {
            r.Error(map.Get("expect") ?? map.Get("steady_state")!, $"{steadyItems.Count + checkItems.Count} expectations; the limit is {MaxExpectations}");
            return (steady, checks);
        }
        foreach (var item in steadyItems)
        {
            if (r.AsMap(item, "a steady-state condition", SteadyKeys) is not { } m) continue;
            if (ConditionReader.Series(r, m, columns, topology) is { } bound)
                steady.Add(new Expectation($"steady state: {bound}", r.At(item), ExpectMode.Always, null, bound, null, null, null, SteadyState: true));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in checkItems)
        {
            if (r.AsMap(item, "an expectation", CheckKeys) is not { } m) continue;
            var errors = r.Errors.Errors.Count;
            if (m.Has("event") == m.Has("series")) { r.Error(item, "an expectation needs exactly one of 'event' or 'series'"); continue; }
            EventMatch? ev = null;
            SeriesBound? series = null;
            if (m.Has("event")) ev = ConditionReader.Event(r, m);
            else series = ConditionReader.Series(r, m, columns, topology);
            var mode = m.Choice("mode", ["eventually", "always", "never"]) switch { "always" => ExpectMode.Always, "never" => ExpectMode.Never, _ => ExpectMode.Eventually };
            if (mode == ExpectMode.Always && ev is not null) r.Error(m.Get("mode")!, "'always' is for a 'series' expectation; for events use 'eventually' or 'never'");
            var after = m.String("after");
            if (after is not null) r.CheckActionName(m.Get("after")!, after, actionNames);
            var within = m.Duration("within", 0, ScenarioLoader.MaxDurationMs);
            long? by = null;
            if (m.String("by") is { } byText)
            {
                by = TimeText.ParseInstant(byText, start);
                if (by is null) r.Error(m.Get("by")!, $"'by' must be a time of day (16:00:00), an offset (+2h) or an ISO-8601 time, not '{byText}'");
                else if (by < 0 || by > durationMs) r.Error(m.Get("by")!, $"'by' {byText} is outside the run ({TimeText.FormatDuration(durationMs)} from {start:u})");
            }
            if (within is not null && by is not null) r.Error(m.Get("by")!, "give 'within' (after the anchor) or 'by' (a fixed time), not both");
            var name = m.String("name") ?? (ev?.ToString() ?? series?.ToString() ?? "expectation");
            if (!names.Add(name)) r.Error(m.Get("name") ?? item, $"expectation name '{name}' is used twice");
            if (r.Errors.Errors.Count > errors) continue;
            checks.Add(new Expectation(name, r.At(item), mode, ev, series, after, within, by));
        }
        return (steady, checks);
    }
}
