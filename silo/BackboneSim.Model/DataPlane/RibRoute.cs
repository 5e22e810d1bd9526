using System.Collections.Immutable;

namespace BackboneSim.Model.DataPlane;

/// <summary>
/// One source's route to a prefix, as that protocol computed it: its next hops (equal cost within the protocol, so
/// an IGP's ECMP set is one route with several next hops), its metric in that protocol's units, and the
/// administrative distance it competes with (the source's default unless given).
/// </summary>
public sealed record RibRoute
{
    public RibRoute(Prefix prefix, RouteSource source, IEnumerable<NextHop> nextHops, long metric = 0, int? distance = null)
    {
        Prefix = prefix;
        Source = source;
        // Sorted and without repeats, so two routes with the same next hops compare equal whatever order the
        // protocol produced them in.
        NextHops = nextHops.Distinct().Order().ToImmutableArray();
        Metric = metric;
        Distance = distance ?? AdministrativeDistance.Of(source);
        if (Distance is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(distance), Distance, "an administrative distance is 0 to 255");
        if (NextHops.Count == 0) throw new ArgumentException($"a route to {prefix} from {source} needs at least one next hop", nameof(nextHops));
    }

    public Prefix Prefix { get; }
    public RouteSource Source { get; }
    /// <summary>Sorted, distinct.</summary>
    public IReadOnlyList<NextHop> NextHops { get; }
    public long Metric { get; }
    public int Distance { get; }

    public bool Equals(RibRoute? other) =>
        other is not null && Prefix == other.Prefix && Source == other.Source && Metric == other.Metric &&
        Distance == other.Distance && NextHops.SequenceEqual(other.NextHops);

    public override int GetHashCode() => HashCode.Combine(Prefix, Source, Metric, Distance, NextHops.Count);

    public override string ToString() => $"{Prefix} {Source} [{Distance}/{Metric}] via {string.Join(", ", NextHops)}";
}
