namespace BackboneSim.Model.DataPlane;

/// <summary>
/// Where a route sends traffic: out of a local interface (the link index of the router's interface,
/// <c>RouterInterface.Link</c>, so parallel links to one neighbour are distinct next hops, as in a real ECMP group)
/// to a neighbour node (its node index). Ordered by interface, then neighbour: the order next hops are listed,
/// capped and shared in.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct NextHop([property: Id(0)] int Interface, [property: Id(1)] int Neighbour) : IComparable<NextHop>
{
    public int CompareTo(NextHop other)
    {
        var c = Interface.CompareTo(other.Interface);
        return c != 0 ? c : Neighbour.CompareTo(other.Neighbour);
    }

    public override string ToString() => $"if {Interface} → node {Neighbour}";

    /// <summary>Whether two sorted sets of next hops (null: none) are the same.</summary>
    public static bool SameSet(NextHop[]? a, NextHop[]? b) => ReferenceEquals(a, b) || (a is not null && b is not null && a.AsSpan().SequenceEqual(b));
}
