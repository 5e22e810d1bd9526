namespace BackboneSim.Model.DataPlane;

/// <summary>Where a RIB route comes from. The order is only a tie-break between sources configured to the same
/// administrative distance (lower wins); preference is by <see cref="AdministrativeDistance"/>.</summary>
public enum RouteSource
{
    /// <summary>A subnet on one of the router's own interfaces.</summary>
    Connected,
    /// <summary>Configured by hand.</summary>
    Static,
    /// <summary>Learned from an eBGP neighbour (another AS).</summary>
    Ebgp,
    /// <summary>OSPF (RFC 2328, RFC 5340).</summary>
    Ospf,
    /// <summary>IS-IS (ISO 10589, RFC 1195).</summary>
    IsIs,
    /// <summary>Learned from an iBGP neighbour (the same AS).</summary>
    Ibgp,
}

/// <summary>
/// Administrative distance: how much a router trusts a route source; of the sources offering a route to the same
/// prefix, the lowest distance wins before any metric is compared (metrics of different protocols mean nothing to
/// each other).
/// </summary>
/// <remarks>
/// Defaults as FRR has them (lib/frrdistance.h, <c>ZEBRA_*_DISTANCE_DEFAULT</c>; docs.frrouting.org, zebra,
/// "Administrative Distance"): connected 0, static 1, eBGP 20, OSPF 110, IS-IS 115, iBGP 200. Cisco IOS uses the
/// same figures, so they are what most operators' routers start from. A route may carry another distance (FRR's
/// <c>distance</c> commands, a floating static route); <see cref="RibRoute.Distance"/> says which applies.
/// </remarks>
public static class AdministrativeDistance
{
    public const int Connected = 0;
    public const int Static = 1;
    public const int Ebgp = 20;
    public const int Ospf = 110;
    public const int IsIs = 115;
    public const int Ibgp = 200;

    /// <summary>The default distance of a source.</summary>
    public static int Of(RouteSource source) => source switch
    {
        RouteSource.Connected => Connected,
        RouteSource.Static => Static,
        RouteSource.Ebgp => Ebgp,
        RouteSource.Ospf => Ospf,
        RouteSource.IsIs => IsIs,
        RouteSource.Ibgp => Ibgp,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
