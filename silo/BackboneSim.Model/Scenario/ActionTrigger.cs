using BackboneSim.Model.Expectations;

namespace BackboneSim.Model.Scenario;

/// <summary>
/// <c>when:</c> — what makes a timeline action run instead of a fixed time: a condition (an event, or a series
/// reaching a bound), only looked for once an action has run (<see cref="After"/>), or that action alone; then
/// <see cref="DelayMs"/> later. It fires once.
/// </summary>
public sealed record ActionTrigger(EventMatch? Event, SeriesBound? Series, string? After, long DelayMs)
{
    /// <summary>
    /// The trigger looks only at what happens from this instant on (events, series values, its 'after' action):
    /// a what-if's trigger must not fire on the history before its fork (0: from the start).
    /// </summary>
    public long NotBeforeMs { get; init; }

    public string Describe()
    {
        var what = Event?.ToString() ?? Series?.ToString();
        var text = what is null ? $"after '{After}'" : $"when {what}" + (After is null ? "" : $" after '{After}'");
        return DelayMs > 0 ? $"{TimeText.FormatDuration(DelayMs)} {(what is null ? "" : "after ")}{text}".Replace("after after", "after") : text;
    }
}
