namespace BackboneSim.Model.Nodes;

/// <summary>
/// Not yet implemented: the place of a forwarding table (FIB) between a router's control plane and its traffic path.
/// Today <see cref="TrafficPath"/> works a path out from the IGP's distances and BGP's best server route directly, so
/// traffic follows the control plane's view at once. A data plane (issue 16) installs routes here as the control
/// plane computes them (with the FIB update delay of real routers), and the traffic path, pings and traces look up
/// next hops here instead; a router whose control plane is down keeps forwarding on what was installed.
/// </summary>
public interface IForwardingTable
{
    /// <summary>The next hops (router node indices, with their share for ECMP) this router forwards a destination's
    /// traffic to; empty when it has no route (the traffic is dropped).</summary>
    IReadOnlyList<(int NextHop, double Share)> Lookup(string destination);
}
