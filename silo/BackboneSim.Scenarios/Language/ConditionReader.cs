using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>
/// Reads the two kinds of condition scenario files use in expectations, triggers and health checks: an event
/// (<c>event:</c> kind with optional <c>node:</c>/<c>subject:</c> globs) and a series bound (<c>series:</c> with one
/// of above, below, at_least, at_most).
/// </summary>
public static class ConditionReader
{
    public static readonly string[] Comparisons = ["above", "below", "at_least", "at_most"];
    public static readonly string[] EventKeys = ["event", "node", "subject"];
    public static readonly string[] SeriesKeys = ["series", .. Comparisons];

    public static EventMatch? Event(YamlReader r, YamlReader.Map m)
    {
        if (m.String("event", required: true) is not { } kind) return null;
        if (!EventKinds.All.Contains(kind)) r.Error(m.Get("event")!, $"unknown event kind '{kind}'{Suggestions.DidYouMean(kind, EventKinds.All)} (docs/outputs.md lists them)");
        foreach (var k in Comparisons.Where(m.Has)) r.Error(m.Get(k)!, $"'{k}' is for a 'series' condition; an 'event' one counts occurrences");
        return new EventMatch(kind, m.String("node"), m.String("subject"));
    }

    /// <summary>A series bound; one that no value of its column can meet is an error (<see cref="SeriesRange"/>).</summary>
    public static SeriesBound? Series(YamlReader r, YamlReader.Map m, IReadOnlyList<string> columns, NetworkTopology? topology = null)
    {
        var column = m.String("series", required: true);
        foreach (var k in new[] { "node", "subject" }.Where(m.Has)) r.Error(m.Get(k)!, $"'{k}' is for an 'event' condition");
        var given = Comparisons.Where(m.Has).ToList();
        if (given.Count != 1) { r.Error(m.Node, $"a series condition needs exactly one of {string.Join(", ", Comparisons)}"); return null; }
        var value = m.Number(given[0], double.MinValue, double.MaxValue);
        if (column is null || value is null) return null;
        if (column == "bgp_updates")
        {
            r.Error(m.Get("series")!, "'bgp_updates' counts per --series row; for BGP updates use an event condition: { event: bgp.update }");
            return null;
        }
        if (column.StartsWith(RunState.LinkColumnPrefix, StringComparison.Ordinal) && topology is not null)
        {
            // One column per pair of routers joined by a link, in either order; the lower node first is its name.
            if (LinkColumn(topology, column) is not { } link)
            {
                var links = RunState.LinkColumns(topology).ToList();
                r.Error(m.Get("series")!, $"no link between the routers of '{column}'{Suggestions.DidYouMean(column, links)} (link_utilisation:<router>~<router>)");
                return null;
            }
            column = link;
        }
        else if (!columns.Contains(column))
        {
            r.Error(m.Get("series")!, $"unknown series '{column}'{Suggestions.DidYouMean(column, columns)} (docs/outputs.md lists the columns)");
            return null;
        }
        var bound = new SeriesBound(column, given[0], value.Value);
        if (SeriesRange.NeverHolds(bound, topology) is { } never) { r.Error(m.Get(given[0])!, never); return null; }
        return bound;
    }

    /// <summary>The canonical per-link column for <c>link_utilisation:a~b</c> or <c>b~a</c>, or null when no link joins them.</summary>
    private static string? LinkColumn(NetworkTopology topology, string column)
    {
        var pair = column[RunState.LinkColumnPrefix.Length..].Split('~');
        if (pair.Length != 2) return null;
        var names = topology.NodeNames.ToList();
        var (a, b) = (names.IndexOf(pair[0]), names.IndexOf(pair[1]));
        if (a < 0 || b < 0 || !topology.Links.Any(l => (l.A == a && l.B == b) || (l.A == b && l.B == a))) return null;
        return RunState.LinkColumn(topology, a, b);
    }
}
