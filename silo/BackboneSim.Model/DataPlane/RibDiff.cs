namespace BackboneSim.Model.DataPlane;

/// <summary>One prefix whose best route changed: what it was and what it is (null: no route).</summary>
public sealed record RibChange(Prefix Prefix, RibRoute? Old, RibRoute? New)
{
    /// <summary>Whether forwarding changes: the next hops differ (a metric- or source-only change leaves the FIB
    /// entry as it is).</summary>
    public bool ForwardingChanged =>
        Old is null || New is null ? Old != New : !Old.NextHops.SequenceEqual(New.NextHops);
}

/// <summary>
/// What an update did to a RIB: the prefixes whose best route changed, in <see cref="Prefix"/> order, each once, and
/// only those (a route replaced by an equal one, or a candidate that does not win, is no change). The FIB is
/// programmed from this, so cost follows change.
/// </summary>
public sealed class RibDiff(IReadOnlyList<RibChange> changes)
{
    public static readonly RibDiff Empty = new([]);

    public IReadOnlyList<RibChange> Changes { get; } = changes;
    public bool IsEmpty => Changes.Count == 0;
    public IEnumerable<Prefix> Prefixes => Changes.Select(c => c.Prefix);

    public override string ToString() => IsEmpty ? "no change" : string.Join("; ", Changes.Select(c => $"{c.Prefix}: {c.Old?.ToString() ?? "none"} → {c.New?.ToString() ?? "none"}"));
}
