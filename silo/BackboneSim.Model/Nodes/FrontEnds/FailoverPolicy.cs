namespace BackboneSim.Model.Nodes;

/// <summary>
/// Where the front-ends send a service's users whose data center fails its health checks (a service's
/// <c>failover:</c>; <see cref="DataCenterBalancer"/>).
/// </summary>
public enum FailoverPolicy
{
    /// <summary>
    /// Into the spare capacity of the healthy data centers, each taking at most what it has spare, in proportion to it;
    /// users that do not fit are turned away. What Google Cloud's global load balancer does ("waterfall by region":
    /// a backend is filled up to its capacity and the overflow goes elsewhere) and Meta's Taiji (Chou et al., SOSP 2019:
    /// user traffic to data centers by their utilisation). The default.
    /// </summary>
    Headroom,
    /// <summary>
    /// Over the healthy data centers in proportion to their size (peak power), whatever their load: DNS-based
    /// balancing with static weights. An undersized survivor is overloaded and may trip.
    /// </summary>
    Weighted,
    /// <summary>Never: users stay with their data center whatever the checks say (a name pinned to one site).</summary>
    Pinned,
}
