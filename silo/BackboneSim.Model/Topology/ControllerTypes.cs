namespace BackboneSim.Model.Topology;

/// <summary>What the routers a controller programs do once they have kept forwarding on their own for its fail-static time.</summary>
public enum ControllerLossAction
{
    /// <summary>Withdraw: set the IGP overload bit and shut their eBGP sessions, so traffic and routes go elsewhere.</summary>
    Drain,
    /// <summary>Keep forwarding as they are until the controller is back.</summary>
    Keep,
}

/// <summary>
/// A control system that is not a router: an SDN or route controller, or the scheduler of the routers' control-plane
/// jobs, running at a site. The routers it programs notice its loss after <paramref name="HoldMs"/>, keep forwarding on
/// what they have for <paramref name="FailStaticMs"/>, then do what <paramref name="Then"/> says.
/// </summary>
public sealed record ControllerSpec(int Node, string Name, string Site, IReadOnlyList<int> Routers, long HoldMs, long FailStaticMs, ControllerLossAction Then);
