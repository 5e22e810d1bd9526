namespace BackboneSim.Model.Nodes;

/// <summary>
/// Which data centers the front-ends normally send a service's users to (a service's <c>placement:</c>;
/// <see cref="DataCenterBalancer"/>). Either way the users are spread over them by size (peak power).
/// </summary>
public enum Placement
{
    /// <summary>
    /// The data center that hosts the service nearest to the users' PoPs in the IGP as designed (equally near ones
    /// share them by size): a latency-optimised edge, where each PoP's proxies send requests to the closest data center,
    /// as an anycast or latency-based front end does. The default: it is what the model did before placements existed.
    /// </summary>
    Nearest,
    /// <summary>
    /// The data centers that host the service in the users' own region, or every host when their region has none.
    /// Large operators keep users near the data center that serves them: Meta's Taiji assigns each edge's traffic to
    /// data centers for latency within their capacity (Chou et al., SOSP 2019), and Google Cloud's global load balancer
    /// sends a request to the closest region with capacity.
    /// </summary>
    Region,
    /// <summary>Every data center that hosts the service, wherever the users are (a global DNS round robin by size).</summary>
    Global,
}
