using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Analysis.Observation;

/// <summary>What explain found: the event that set the target's state, and the chain of causes back to its root.</summary>
public sealed record Explanation(string Target, string TargetKind, LoggedEvent? StateEvent, IReadOnlyList<LoggedEvent> Chain);

/// <summary>
/// Answers "why is X in this state at time T?" from a timeline: finds the latest event that set X's state at or
/// before T and follows the cause links back to the scenario line that started it. For a service that is the last
/// change of its availability (not a later change of one of its parts while it stayed down). Kept apart from the
/// CLI so the report and the web client can share it.
/// </summary>
public static class CausalChain
{
    /// <summary>Events that only count or restate load; they never explain a state.</summary>
    private static bool IsNoise(LoggedEvent e) => e.Payload is BgpUpdateReceived or ResolverLoadChanged;

    /// <summary>What TARGET names: a node, a service or an announced prefix. Null (with a suggestion) when nothing.</summary>
    public static (string Kind, string? Error) Classify(NetworkTopology topology, string target)
    {
        if (topology.NodeNames.Contains(target)) return ("node", null);
        if (topology.Services.Any(s => s.Name == target)) return ("service", null);
        if (topology.OperatorPrefixes.Contains(target)) return ("prefix", null);
        var all = topology.NodeNames.Concat(topology.Services.Select(s => s.Name)).Concat(topology.OperatorPrefixes).ToList();
        var hint = Suggestions.DidYouMean(target, all);
        // "instagram" for instagram.com: too far by edit distance, but the name people say. The shortest name that
        // starts with what was typed (then "-" or "."), so p-gru suggests a node of that site.
        if (hint.Length == 0 && target.Length >= 3
            && all.Where(n => n.StartsWith(target, StringComparison.OrdinalIgnoreCase) && n.Length > target.Length && n[target.Length] is '.' or '-')
                .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault() is { } longer)
            hint = $" — did you mean '{longer}'?";
        return ("", $"no node, service or prefix named '{target}'{hint}");
    }

    public static Explanation Explain(IReadOnlyList<LoggedEvent> events, string target, string kind, long atMs, string? cohort = null)
    {
        LoggedEvent? state = null;
        var lastValue = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Ms > atMs) break;
            if (IsNoise(e)) continue;
            switch (kind)
            {
                case "node" when e.NodeName == target: state = e; break;
                case "service" when e.Payload is ServiceAvailability && e.Subject == target && (cohort is null || e.NodeName == cohort):
                    if (lastValue.GetValueOrDefault(e.NodeName, 1) != e.Value) state = e;
                    lastValue[e.NodeName] = e.Value;
                    break;
                case "prefix" when e.Subject == target: state = e; break;
            }
        }
        return new Explanation(target, kind, state, ChainTo(events, state, atMs));
    }

    /// <summary>
    /// <paramref name="state"/> and its causes, first cause first: the cause links followed back through the events
    /// with ms ≤ <paramref name="atMs"/> (for the web client's sites and links, whose state event comes from the map).
    /// </summary>
    public static IReadOnlyList<LoggedEvent> ChainTo(IReadOnlyList<LoggedEvent> events, LoggedEvent? state, long atMs)
    {
        var chain = new List<LoggedEvent>();
        Dictionary<long, LoggedEvent>? byId = null;
        LoggedEvent? Find(long id)
        {
            // A whole log has ids 1, 2, 3… at indices 0, 1, 2…: look there first, so a 44,000-event log is not
            // copied into a dictionary per question (the web client asks on every click).
            if (id >= 1 && id <= events.Count && events[(int)id - 1] is { } atIndex && atIndex.Id == id) return atIndex.Ms <= atMs ? atIndex : null;
            byId ??= events.Where(e => e.Ms <= atMs).ToDictionary(e => e.Id);
            return byId.GetValueOrDefault(id);
        }
        for (var e = state; e is not null; e = e.Cause is { } c ? Find(c) : null)
        {
            chain.Add(e);
            if (chain.Count > 10_000) break; // a cause cycle would be a bug; never loop forever on one
        }
        chain.Reverse();
        return chain;
    }
}
