using System.Globalization;
using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// The --report file: the cascade told as a story in Markdown. Key moments with the causal chain of each, downtime
/// and user-minutes lost per service, and the load the failure put on resolvers, BGP and power.
/// </summary>
public sealed class IncidentReport : IRunFoldReader
{
    /// <summary>Chains longer than this are shown as their first and last steps.</summary>
    private const int ChainSteps = 8;

    private readonly ScenarioDefinition _scenario;
    private readonly KeyMoments _moments;
    private readonly RunFold _fold;
    private readonly Dictionary<long, LoggedEvent> _events = new();
    private readonly double _baselineQps;
    private double _peakQps, _peakServfail, _peakNxdomain, _minPowerMw, _peakPowerMw;
    private long _peakQpsMs, _bgpUpdates, _endMs;

    /// <summary>Reads <paramref name="fold"/> (and joins it) and the run's <paramref name="moments"/>, which read the same fold.</summary>
    public IncidentReport(RunFold fold, KeyMoments moments, ScenarioDefinition scenario)
    {
        _scenario = scenario;
        _moments = moments;
        _fold = fold;
        _baselineQps = _peakQps = fold.State.ResolverQueriesPerSecond;
        _minPowerMw = _peakPowerMw = fold.State.PowerMw;
        fold.Add(this);
    }

    public void AfterEvent(LoggedEvent e)
    {
        _events[e.Id] = e;
        var state = _fold.State;
        switch (e.Payload)
        {
            case BgpUpdateReceived: _bgpUpdates++; break;
            case ResolverLoadChanged:
                if (state.ResolverQueriesPerSecond > _peakQps) (_peakQps, _peakQpsMs) = (state.ResolverQueriesPerSecond, e.Ms);
                _peakServfail = Math.Max(_peakServfail, state.ResolverServfailPerSecond);
                _peakNxdomain = Math.Max(_peakNxdomain, state.ResolverNxdomainPerSecond);
                break;
            case DcLoad or DcTrafficLost:
                _minPowerMw = Math.Min(_minPowerMw, state.PowerMw);
                _peakPowerMw = Math.Max(_peakPowerMw, state.PowerMw);
                break;
        }
    }

    public void Finished(long endMs) => _endMs = endMs;

    public void Write(TextWriter w)
    {
        var s = _scenario;
        w.WriteLine($"# Incident report: {Cell(s.Title)}");
        w.WriteLine();
        w.WriteLine($"Scenario `{s.Name}` ({s.SourceFile}), seed {s.Seed}, simulated {s.Start:yyyy-MM-dd} {When(0)} to {When(_endMs)} UTC. " +
                    "Every figure below emerges from the model; docs/model.md gives the parameters and their sources.");
        w.WriteLine();
        w.WriteLine("## In short");
        w.WriteLine();
        w.WriteLine("| | |");
        w.WriteLine("|---|---|");
        var services = _fold.Services.Services;
        var firstImpact = services.Values.Where(l => l.FirstImpactMs is not null).Select(l => l.FirstImpactMs!.Value).DefaultIfEmpty(-1).Min();
        var allBack = services.Values.All(l => l.FirstImpactMs is null || l.FullyRestoredMs is not null)
            ? services.Values.Where(l => l.FullyRestoredMs is not null).Select(l => l.FullyRestoredMs!.Value).DefaultIfEmpty(-1).Max()
            : -1;
        w.WriteLine($"| first users lose a service | {(firstImpact >= 0 ? When(firstImpact) : "never")} |");
        w.WriteLine($"| every service back for every user | {(allBack >= 0 ? When(allBack) : firstImpact >= 0 ? "not by the end of the run" : "—")} |");
        w.WriteLine($"| user-minutes lost (active users, all services) | {Big(services.Values.Sum(l => l.UserMinutesLost))} |");
        w.WriteLine($"| resolver queries/s | {Big(_baselineQps)} before, peak {Big(_peakQps)} at {When(_peakQpsMs)} ({_peakQps / Math.Max(1e-9, _baselineQps):F1}x) |");
        w.WriteLine($"| resolver SERVFAIL/s, peak | {Big(_peakServfail)} |");
        if (_peakNxdomain > 0) w.WriteLine($"| resolver NXDOMAIN/s, peak | {Big(_peakNxdomain)} |");
        w.WriteLine($"| BGP updates received by external ASes | {_bgpUpdates:N0} |");
        w.WriteLine($"| data-center power | {_peakPowerMw:N0} MW at most, {_minPowerMw:N0} MW at the lowest |");
        w.WriteLine();

        w.WriteLine("## Services");
        w.WriteLine();
        w.WriteLine("| service | first users lose it | nobody has it for | every user has it back | user-minutes lost |");
        w.WriteLine("|---|---|---|---|---|");
        foreach (var (name, l) in services.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            w.WriteLine($"| {Cell(name)} | {(l.FirstImpactMs is { } f ? When(f) : "never")} | {TimeText.FormatDuration(l.FullOutageMs - l.FullOutageMs % 1000)} | " +
                        $"{(l.FullyRestoredMs is { } r ? When(r) : l.FirstImpactMs is null ? "—" : "not by the end")} | {Big(l.UserMinutesLost)} |");
        w.WriteLine();

        w.WriteLine("## Key moments and why they happened");
        w.WriteLine();
        // Repeats of one kind (a crash loop, a thousand max-prefix trips) are one section, explained by the first.
        foreach (var moment in KeyMomentGroups.Group(_moments.Entries))
        {
            var (ms, id) = (moment.First.Ms, moment.First.EventId);
            w.WriteLine($"### {When(ms)}{(moment.Grouped ? $" to {When(moment.LastMs)}" : "")} — {Cell(moment.Text(When(moment.LastMs)))}");
            w.WriteLine();
            var chain = Chain(id);
            if (chain.Count > 1 || chain.Count == 1 && chain[0].Payload is ScenarioActionPlayed)
            {
                List<LoggedEvent?> shown = chain.Count <= ChainSteps ? [.. chain] : [.. chain.Take(3), null, .. chain.TakeLast(ChainSteps - 4)];
                foreach (var e in shown)
                    w.WriteLine(e is null ? $"- … {chain.Count - (ChainSteps - 1)} more steps …" : $"- {When(e.Ms)} `{e.NodeName}` {e.Kind}{Detail(e)}");
                if (chain[0].Payload is ScenarioActionPlayed root) w.WriteLine($"- started by scenario line `{root.Line}`");
                w.WriteLine();
            }
        }
    }

    private List<LoggedEvent> Chain(long id)
    {
        var chain = new List<LoggedEvent>();
        for (var e = _events.GetValueOrDefault(id); e is not null && chain.Count < 10_000; e = e.Cause is { } c ? _events.GetValueOrDefault(c) : null)
            chain.Add(e);
        chain.Reverse();
        return chain;
    }

    /// <summary>A time of day, with its date when the run has crossed midnight since the start.</summary>
    private string When(long ms)
    {
        var text = SimClock.Format(_scenario.Start, ms);
        return text[..10] == SimClock.Format(_scenario.Start, 0)[..10] ? text[11..19] : $"{text[..10]} {text[11..19]}";
    }

    private static string Detail(LoggedEvent e) => e.Details() is { Length: > 0 } d ? " (" + Cell(d) + ")" : "";

    /// <summary>Text from a scenario may hold Markdown: keep it from breaking tables or headings.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ").Replace("`", "'");

    /// <summary>A large count as people read it: 1,234 / 12.35 million / 1.20 billion (the report and the CLI summary).</summary>
    public static string Big(double v) => v switch
    {
        >= 1e9 => (v / 1e9).ToString("N2", CultureInfo.InvariantCulture) + " billion",
        >= 1e6 => (v / 1e6).ToString("N2", CultureInfo.InvariantCulture) + " million",
        _ => v.ToString("N0", CultureInfo.InvariantCulture),
    };
}
