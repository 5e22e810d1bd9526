using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Teaching;

/// <summary>Who a narration item is for: everyone in the session, or only the instructor (a note for the trainer).</summary>
public enum NarrationAudience { All, Instructor }

/// <summary>What fires a narration item. Exactly one of its kinds, as the scenario wrote it (docs/scenario-format.md).</summary>
public enum NarrationTriggerKind
{
    /// <summary><c>at:</c> a fixed time of the run.</summary>
    At,
    /// <summary><c>after:</c> when the named timeline action runs (its <c>scenario.action</c> event), plus a delay.</summary>
    After,
    /// <summary><c>on:</c> at the first event matching a predicate (after an action, if given), plus a delay.</summary>
    On,
}

/// <summary>
/// A question that pauses a live session. With <see cref="Choices"/> (2 to 8) it is multiple choice and
/// <see cref="AnswerChoice"/> is the correct one (1-based) with <see cref="Answer"/> its text; without choices it is
/// free text and <see cref="Answer"/> is an optional model answer.
/// </summary>
public sealed record Checkpoint(string Question, IReadOnlyList<string> Choices, int? AnswerChoice, string? Answer, string? Explain, bool Pause)
{
    public bool IsMultipleChoice => Choices.Count > 0;
}

/// <summary>
/// One item of a scenario's <c>narration:</c> list, checked and resolved: when it fires, what it says, which nodes
/// and sites it highlights, and its checkpoint. Narration never changes the simulation; the
/// <see cref="NarrationFollower"/> decides when each item fires from the run's events.
/// </summary>
public sealed record NarrationItem(int Index, string Name, SourceLocation Location, NarrationTriggerKind Trigger)
{
    /// <summary>For <c>at:</c>: ms from the start.</summary>
    public long? AtMs { get; init; }
    /// <summary>For <c>after:</c>, or <c>on:</c> with <c>after:</c>: the action whose run arms the item.</summary>
    public string? After { get; init; }
    /// <summary>For <c>on:</c>: the event predicate (the same shape as an expectation's).</summary>
    public EventMatch? On { get; init; }
    /// <summary>For <c>after:</c> and <c>on:</c>: how long after the action or the matching event it fires.</summary>
    public long DelayMs { get; init; }

    public string? Say { get; init; }
    public NarrationAudience Audience { get; init; } = NarrationAudience.All;
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>The <c>highlight:</c> entries as written (node-name globs or site names).</summary>
    public IReadOnlyList<string> Highlight { get; init; } = [];
    /// <summary>Sites an entry names or matches, in the topology's order.</summary>
    public IReadOnlyList<string> HighlightSites { get; init; } = [];
    /// <summary>Nodes an entry names or matches, in node order (a site's nodes are not added: see <see cref="HighlightSites"/>).</summary>
    public IReadOnlyList<string> HighlightNodes { get; init; } = [];

    /// <summary>Reads as the scenario wrote it: "at +9m00s", "30s after 'capacity-check' runs", "at the first dns.withdraw after 'capacity-check'".</summary>
    public string DescribeTrigger()
    {
        var delay = DelayMs > 0 ? $"{TimeText.FormatDuration(DelayMs)} after" : "at";
        return Trigger switch
        {
            NarrationTriggerKind.At => $"at +{TimeText.FormatDuration(AtMs ?? 0)}",
            NarrationTriggerKind.After => DelayMs > 0 ? $"{TimeText.FormatDuration(DelayMs)} after '{After}' runs" : $"when '{After}' runs",
            _ => $"{delay} the first {On}" + (After is { } a ? $" after '{a}' runs" : ""),
        };
    }
}
