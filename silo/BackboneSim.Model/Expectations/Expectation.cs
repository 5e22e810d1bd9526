using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Expectations;

/// <summary>How a check's predicate must behave over its window.</summary>
public enum ExpectMode
{
    /// <summary>It becomes true at least once (an event happens; a series reaches the bound).</summary>
    Eventually,
    /// <summary>It holds at every sample (series only).</summary>
    Always,
    /// <summary>It is never true (the event never happens; the series never reaches the bound).</summary>
    Never,
}

/// <summary>An event to look for: its kind, and optionally its node and subject (globs with * and ?).</summary>
public sealed record EventMatch(string Kind, string? Node, string? Subject)
{
    /// <summary>A test for logged events, with the globs compiled once.</summary>
    public Func<BackboneSim.Engine.LoggedEvent, bool> Compile()
    {
        var node = Node is null ? null : Glob.Compile(Node);
        var subject = Subject is null ? null : Glob.Compile(Subject);
        return e => e.Kind == Kind && (node is null || node.IsMatch(e.NodeName)) && (subject is null || (e.Subject is { } s && subject.IsMatch(s)));
    }

    public override string ToString() => Kind + (Node is null ? "" : $" at {Node}") + (Subject is null ? "" : $" about {Subject}");
}

/// <summary>A bound on one series column (docs/outputs.md): above, below, at_least or at_most a value.</summary>
public sealed record SeriesBound(string Column, string Comparison, double Value)
{
    public bool Holds(double v) => Comparison switch
    {
        "above" => v > Value,
        "below" => v < Value,
        "at_least" => v >= Value,
        _ => v <= Value,
    };

    public override string ToString() => $"{Column} {Comparison.Replace('_', ' ')} {Value:G}";
}

/// <summary>
/// One expectation of a scenario: a predicate over an event or a series, a mode, and a window that opens when the
/// named action runs (or at the start) and closes after <see cref="WithinMs"/>, at <see cref="ByMs"/> (from the
/// start), or at the end of the run. The steady-state hypothesis is a list of these with mode Always, whose window
/// closes when the first action runs.
/// </summary>
public sealed record Expectation(string Name, SourceLocation Location, ExpectMode Mode, EventMatch? Event, SeriesBound? Series,
    string? After, long? WithinMs, long? ByMs, bool SteadyState = false)
{
    /// <summary>Reads as the scenario wrote it: "dns.withdraw within 2m after capacity-check".</summary>
    public string Describe()
    {
        var what = Event is not null ? Event.ToString() : Series!.ToString();
        var mode = Mode switch { ExpectMode.Always => "always ", ExpectMode.Never => "never ", _ => "" };
        var window = SteadyState ? " before the first action"
            : (WithinMs is { } w ? $" within {TimeText.FormatDuration(w)}" : "") + (After is { } a ? $" after '{a}'" : "")
              + (ByMs is { } b ? $" by +{TimeText.FormatDuration(b)}" : "");
        return mode + what + window;
    }
}
