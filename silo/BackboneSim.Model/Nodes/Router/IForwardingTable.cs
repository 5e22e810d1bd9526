using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// What the data plane looks a destination up in: a router's forwarding table (FIB). Two implement it: the loopback
/// FIB every router has in the data-plane node (<see cref="RouterFib"/>: programmed from SPF trees with the FIB
/// update delay of real routers, local repair, fail-static) and the prefix-keyed <see cref="Fib"/> of
/// <c>silo/BackboneSim.Model/DataPlane/</c> (any prefixes, longest-prefix match). The routers' data-center prefix
/// entries, which name routers rather than next hops, sit beside the loopback routes in <see cref="RouterFib"/>
/// (<see cref="DataCenterPrefixes"/>).
/// <see cref="FlowWalk"/> forwards traffic hop by hop over either.
/// </summary>
public interface IForwardingTable
{
    /// <summary>The entry a destination's traffic is forwarded with, by longest-prefix match (its next hops: outgoing
    /// interface and neighbour node, each with its ECMP share; whether it is stale); null when no entry covers it
    /// (the traffic is dropped).</summary>
    FibEntry? Lookup(Prefix destination);
}
