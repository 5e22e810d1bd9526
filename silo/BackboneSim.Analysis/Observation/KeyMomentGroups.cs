namespace BackboneSim.Analysis.Observation;

/// <summary>One key moment: when, what, the event that marks it, and its kind (what repeats of it have in common).</summary>
public sealed record KeyMoment(long Ms, string What, long EventId, string Kind);

/// <summary>
/// A line of the key moments as shown: one moment, or a run of repeats of one kind (a crash loop's 196 failures)
/// with how many, the first one's text and the time range. <see cref="First"/> carries the first one's event.
/// </summary>
public sealed record KeyMomentLine(KeyMoment First, long LastMs, int Count, bool AllSame)
{
    public bool Grouped => Count > 1;

    /// <summary>The line's text; <paramref name="lastWhen"/> is how the caller writes <see cref="LastMs"/> (a time of day).</summary>
    public string Text(string lastWhen) => Count == 1 ? First.What
        : AllSame ? $"{First.What} ({Count:N0} times, the last at {lastWhen})"
        : $"{First.What}, and {Count - 1:N0} more like it until {lastWhen}";
}

/// <summary>
/// Folds repeated key moments into one line each, so a crash loop or a thousand max-prefix trips do not bury the
/// story. Pure and order-preserving: the same moments give the same lines, on every runtime.
/// </summary>
public static class KeyMomentGroups
{
    /// <summary>A kind is folded once it repeats this often; fewer repeats are each worth a line.</summary>
    public const int MinRepeats = 4;

    /// <summary>
    /// Every moment of a kind that occurs at least <paramref name="minRepeats"/> times becomes one line at its first
    /// occurrence, counting all of them and ending at the last; the rest stay as they are, in time order.
    /// </summary>
    public static IReadOnlyList<KeyMomentLine> Group(IReadOnlyList<KeyMoment> moments, int minRepeats = MinRepeats)
    {
        var byKind = moments.GroupBy(m => m.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var lines = new List<KeyMomentLine>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in moments)
        {
            var same = byKind[m.Kind];
            if (same.Count < minRepeats) lines.Add(new KeyMomentLine(m, m.Ms, 1, true));
            else if (shown.Add(m.Kind)) lines.Add(new KeyMomentLine(m, same[^1].Ms, same.Count, same.All(x => x.What == m.What)));
        }
        return lines;
    }
}
