using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Analysis.Expectations;

/// <summary>How an expectation came out.</summary>
public enum ExpectationOutcome { Passed, Failed, Inconclusive }

/// <summary>An expectation's outcome with the evidence: when it became true or false, or why it could not be told.</summary>
public sealed record ExpectationResult(Expectation Expectation, ExpectationOutcome Outcome, string Detail, long? AtMs);

/// <summary>
/// Checks a scenario's steady-state hypothesis and expectations against a run as its events arrive, from events
/// alone (so the outcome is the same under every runtime). Series are sampled every second on the run fold's state,
/// as the --series file is: the sample at T sees every event up to and including T. Windows open when the named action
/// runs (its <c>scenario.action</c> event), so they follow actions that are triggered rather than scheduled.
/// </summary>
public sealed class ExpectationChecker : IRunFoldReader
{
    public const long SampleMs = 1_000;
    private readonly RunState _state;
    private readonly DateTimeOffset _start;
    private readonly long _durationMs;
    private readonly List<Check> _checks;
    private long _nextSample;
    private bool _firstActionSeen;

    private sealed class Check(Expectation e)
    {
        public Expectation E { get; } = e;
        public Func<LoggedEvent, bool>? Matches { get; } = e.Event?.Compile();
        public long? Open { get; set; }
        public long Close { get; set; } = long.MaxValue;
        public ExpectationResult? Result { get; set; }
    }

    /// <summary>Checks <paramref name="scenario"/>'s conditions on <paramref name="fold"/>'s state; joins the fold when there is any.</summary>
    public ExpectationChecker(RunFold fold, ScenarioDefinition scenario)
    {
        _state = fold.State;
        _start = scenario.Start;
        _durationMs = scenario.DurationMs;
        _checks = scenario.SteadyState.Concat(scenario.Expectations).Select(e => new Check(e)).ToList();
        foreach (var c in _checks.Where(c => c.E.SteadyState || c.E.After is null))
        {
            c.Open = 0;
            if (!c.E.SteadyState) c.Close = WindowEnd(c.E, 0);
        }
        if (Any) fold.Add(this);
    }

    public bool Any => _checks.Count > 0;

    private long WindowEnd(Expectation e, long open) => e.WithinMs is { } w ? open + w : e.ByMs ?? _durationMs;

    /// <summary>A series sample at T sees every event up to and including T: the samples before this event's instant are due.</summary>
    public void BeforeEvent(LoggedEvent e) => SampleBefore(e.Ms);

    public void AfterEvent(LoggedEvent e)
    {
        if (e.Payload is ScenarioActionPlayed) OnAction(e);
        foreach (var c in _checks)
            if (c.Result is null && c.Matches is { } matches && InWindow(c, e.Ms) && matches(e)) OnEventMatch(c, e);
    }

    public void AfterWindow(long windowStartMs) => SampleBefore(windowStartMs);

    private void OnAction(LoggedEvent e)
    {
        if (!_firstActionSeen)
        {
            _firstActionSeen = true;
            // The hypothesis covers the time before anything was done: the samples strictly before this action.
            foreach (var c in _checks.Where(c => c.E.SteadyState)) c.Close = e.Ms - 1;
        }
        foreach (var c in _checks.Where(c => c.Open is null && c.E.After == e.Subject))
        {
            c.Open = e.Ms;
            c.Close = WindowEnd(c.E, e.Ms);
        }
    }

    private static bool InWindow(Check c, long ms) => c.Open is { } open && ms >= open && ms <= c.Close;

    private void OnEventMatch(Check c, LoggedEvent e)
    {
        var where = $"{e.Kind} at {e.NodeName}{(e.Subject is null || e.Subject == e.NodeName ? "" : $" ({e.Subject})")}, {SimClock.Format(_start, e.Ms)}";
        c.Result = c.E.Mode == ExpectMode.Never
            ? new ExpectationResult(c.E, ExpectationOutcome.Failed, $"it happened: {where}", e.Ms)
            : new ExpectationResult(c.E, ExpectationOutcome.Passed, $"first {where}", e.Ms);
    }

    private void SampleBefore(long ms)
    {
        while (_nextSample < ms)
        {
            Sample(_nextSample);
            _nextSample += SampleMs;
        }
    }

    private void Sample(long t)
    {
        foreach (var c in _checks)
        {
            if (c.Result is not null || c.E.Series is not { } bound || !InWindow(c, t)) continue;
            var v = _state.ValueOf(bound.Column);
            var holds = bound.Holds(v);
            var at = $"{bound.Column} = {v:G6} at {SimClock.Format(_start, t)}";
            c.Result = c.E.Mode switch
            {
                ExpectMode.Eventually when holds => new ExpectationResult(c.E, ExpectationOutcome.Passed, $"reached: {at}", t),
                ExpectMode.Always when !holds => new ExpectationResult(c.E, ExpectationOutcome.Failed, $"broken: {at}", t),
                ExpectMode.Never when holds => new ExpectationResult(c.E, ExpectationOutcome.Failed, $"reached: {at}", t),
                _ => null,
            };
        }
    }

    public void Finished(long endMs)
    {
        SampleBefore(endMs + 1);
        foreach (var c in _checks.Where(c => c.Result is null))
        {
            if (c.Open is null)
            {
                c.Result = endMs < _durationMs
                    ? new ExpectationResult(c.E, ExpectationOutcome.Inconclusive, $"the run stopped at {SimClock.Format(_start, endMs)} before '{c.E.After}' ran", null)
                    : new ExpectationResult(c.E, ExpectationOutcome.Failed, $"action '{c.E.After}' never ran", null);
                continue;
            }
            var from = SimClock.Format(_start, c.Open.Value);
            if (c.E.SteadyState && !_firstActionSeen) c.Close = endMs;
            if (c.Close > endMs && !(c.E.SteadyState && !_firstActionSeen))
            {
                c.Result = new ExpectationResult(c.E, ExpectationOutcome.Inconclusive,
                    $"the run stopped at {SimClock.Format(_start, endMs)}, before the window closed at {SimClock.Format(_start, Math.Min(c.Close, _durationMs))}", null);
                continue;
            }
            var to = SimClock.Format(_start, Math.Max(c.Open.Value, c.Close));
            c.Result = c.E.Mode == ExpectMode.Eventually
                ? new ExpectationResult(c.E, ExpectationOutcome.Failed, $"not between {from} and {to}", null)
                : new ExpectationResult(c.E, ExpectationOutcome.Passed, $"held from {from} to {to}", null);
        }
    }

    /// <summary>Outcomes in the scenario's order: the steady-state conditions first, then the expectations.</summary>
    public IReadOnlyList<ExpectationResult> Results => _checks.Select(c => c.Result
        ?? new ExpectationResult(c.E, ExpectationOutcome.Inconclusive, "the run has not finished", null)).ToList();
}
