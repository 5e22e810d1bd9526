using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The one seam between a router's control plane and what forwards its traffic: the forwarding table (FIB). The data
/// plane's <see cref="Fib"/> implements it (entries programmed from the RIB with the FIB update delay of real routers,
/// local repair, fail-static; <c>silo/BackboneSim.Model/DataPlane/</c>). Not yet used: today
/// <see cref="TrafficPath"/> works a path out from the IGP's distances and BGP's best server route directly, so traffic
/// follows the control plane's view at once. Wired in (issue 16), the traffic path, pings and traces look up next
/// hops here instead, and a router whose control plane is down keeps forwarding on what was installed.
/// </summary>
public interface IForwardingTable
{
    /// <summary>The entry a destination's traffic is forwarded with, by longest-prefix match (its next hops: outgoing
    /// interface and neighbour node, each with its ECMP share; whether it is stale); null when no entry covers it
    /// (the traffic is dropped).</summary>
    FibEntry? Lookup(Prefix destination);
}
