using System.Collections.Immutable;

namespace BackboneSim.Model.DataPlane;

/// <summary>
/// What the data plane forwards a prefix's traffic with: its next hops, each taking an equal share (hash-based ECMP
/// spreads flows evenly over the group's members, RFC 2992), and whether the entry is stale (kept by fail-static
/// after the control plane that installed it died, and not yet reprogrammed).
/// </summary>
public sealed record FibEntry
{
    public FibEntry(Prefix prefix, IEnumerable<NextHop> nextHops, bool stale = false)
    {
        Prefix = prefix;
        NextHops = nextHops.Distinct().Order().ToImmutableArray();
        Stale = stale;
        if (NextHops.Count == 0) throw new ArgumentException($"a FIB entry for {prefix} needs at least one next hop; remove the entry instead", nameof(nextHops));
    }

    public Prefix Prefix { get; }
    /// <summary>Sorted, distinct, at least one.</summary>
    public IReadOnlyList<NextHop> NextHops { get; }
    public bool Stale { get; }

    /// <summary>Each next hop with its share of the traffic (1 ÷ the number of next hops), in <see cref="NextHop"/> order.</summary>
    public IReadOnlyList<(NextHop NextHop, double Share)> Shares => NextHops.Select(h => (h, 1.0 / NextHops.Count)).ToList();

    public FibEntry WithStale(bool stale) => new(Prefix, NextHops, stale);

    public bool Equals(FibEntry? other) =>
        other is not null && Prefix == other.Prefix && Stale == other.Stale && NextHops.SequenceEqual(other.NextHops);

    public override int GetHashCode() => HashCode.Combine(Prefix, Stale, NextHops.Count);

    public override string ToString() => $"{Prefix} via {string.Join(", ", NextHops)}{(Stale ? " (stale)" : "")}";
}

/// <summary>One prefix whose FIB entry changed: before and after (null: no entry, traffic to it is dropped or
/// falls to a shorter prefix).</summary>
public sealed record FibChange(Prefix Prefix, FibEntry? Old, FibEntry? New);

/// <summary>One write the control plane asks the FIB for: the prefix's next hops, or its removal when empty.</summary>
public sealed record FibWrite(Prefix Prefix, IReadOnlyList<NextHop> NextHops)
{
    public bool IsRemoval => NextHops.Count == 0;
}
