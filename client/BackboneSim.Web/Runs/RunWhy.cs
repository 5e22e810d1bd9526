using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Web.Runs;

/// <summary>
/// "Why is TARGET in this state at T?" for one run: its state at T, the event that set it, the chain of causes
/// back to the first (the scenario line, when it starts at a <c>scenario.action</c>) as --events lines.
/// </summary>
public sealed record WhyResult(WhyTarget Target, long AtMs, string State, double? Availability,
    string? StateEventLine, IReadOnlyList<string> ChainLines, string? RootLine, string? RootWhat);

public static class RunWhy
{
    /// <summary>
    /// Answer from the run's released events only, at <paramref name="askedMs"/> (default: the instant shown) but
    /// never past what was released: a client learns nothing the run has not shown. It reads one snapshot of the
    /// run (<see cref="WebRun.Snapshot"/>), never the engine: the released events are all a why needs, so walking
    /// 44,000 of them happens on the request's thread and never stalls the run's loop.
    /// </summary>
    public static WhyResult Answer(WebRun run, WhyTarget target, long? askedMs)
    {
        var now = run.Snapshot;
        var log = now.Log;
        var atMs = Math.Max(0, Math.Min(askedMs ?? now.Status.Ms, log.ReleasedMs));
        var released = log.Released;
        var change = target.Element is null ? null : log.LastChangeOf(target.Name, atMs);
        var mapState = target.Element is null ? null : change?.State ?? log.Initial.GetValueOrDefault(target.Name);
        var seriesAvailability = target is { Kind: "service", Cohort: null } ? SeriesValue(log, $"service_availability:{target.Name}", atMs) : null;

        LoggedEvent? stateEvent;
        IReadOnlyList<LoggedEvent> chain;
        if (target.Kind is "site" or "link")
        {
            // Not nodes: the event that last changed the map's state of the site or link is what to explain.
            stateEvent = change is null ? null : released.ById(change.EventId);
            chain = CausalChain.ChainTo(released, stateEvent, atMs);
        }
        else
        {
            var x = CausalChain.Explain(released, target.Name, target.Kind, atMs, target.Cohort);
            (stateEvent, chain) = (x.StateEvent, x.Chain);
        }

        double? availability = target.Kind != "service" ? null
            : seriesAvailability ?? stateEvent?.Value ?? 1; // one cohort: its latest change (1 before any)
        var state = mapState ?? (availability is { } a ? AvailabilityState(a) : stateEvent?.Kind ?? "unchanged");
        var lines = chain.Select(e => log.LineOf(e.Id)).ToList();
        var root = chain.Count > 0 ? chain[0].Payload as ScenarioActionPlayed : null;
        return new WhyResult(target, atMs, state, availability, stateEvent is null ? null : lines[^1], lines, root?.Line, root?.What);
    }

    /// <summary>A series column at the latest 10-second sample at or before <paramref name="atMs"/> (what the chart shows).</summary>
    private static double? SeriesValue(RunLogView log, string column, long atMs)
    {
        var index = -1;
        for (var i = 0; i < log.Columns.Count; i++) if (log.Columns[i] == column) index = i;
        if (index < 0 || log.RowCount == 0) return null;
        var row = log.Rows((int)Math.Min(atMs / RunLog.SampleMs, log.RowCount - 1), 1)[0];
        return row[index + 1];
    }

    private static string AvailabilityState(double availability)
        => availability >= 0.999 ? "available" : availability <= 0.001 ? "unavailable" : "degraded";
}
