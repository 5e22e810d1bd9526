using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

// Traffic: client cohorts' demand through PoP gateways, the paths gateways report to the backbone, the share the
// backbone delivers, and what share of their load data centers serve.
// Plain immutable classes; the serialization attributes are metadata only, so the Orleans runtime can carry them
// between silos unchanged.

/// <summary>
/// A data center tells the client cohorts what share of the load offered to it it serves now (what their front-ends'
/// health checks see), and how much load it could take above its own users' (a share of its normal load; 0 while it
/// ramps back, trips or is dark), which the front-ends fill with the users of data centers that failed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class ServingLoad
{
    [Id(0)] public double Load { get; init; }
    [Id(1)] public double Spare { get; init; }
}

/// <summary>
/// A client cohort's traffic towards the data centers through one PoP's front-ends (Gbps), and how it splits over the
/// data-center sites its users are assigned to (<see cref="Sites"/> with <see cref="Shares"/> adding up to 1; none:
/// the PoP sends it to its nearest data center).
/// </summary>
[GenerateSerializer, Immutable]
public sealed class TrafficDemand
{
    [Id(0)] public double Gbps { get; init; }
    [Id(1)] public string[] Sites { get; init; } = [];
    [Id(2)] public double[] Shares { get; init; } = [];
}

/// <summary>
/// A PoP gateway reports the traffic its front-ends send: the PoP's edge routers the front-ends hand it to (equal
/// shares) and the data center whose prefix it is sent to. The data plane carries it from there by every router's FIB
/// (the prefix entries name the BGP next hops: the exit a preferred server route names, or the site's nearest border
/// routers, BGP multipath over equal IGP costs).
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FlowReport
{
    [Id(0)] public double Gbps { get; init; }
    [Id(1)] public int[] Ingress { get; init; } = [];
    /// <summary>The data-center site whose prefix the traffic is sent to; each router on the way looks it up in its FIB
    /// (<see cref="DataCenterPrefixes"/>).</summary>
    [Id(4)] public string? DataCenter { get; init; }
    /// <summary>The priority class the traffic is queued in on every link (front-end requests are interactive).</summary>
    [Id(5)] public TrafficClass Class { get; init; } = TrafficClass.Interactive;
    /// <summary>Whether the users' assignment named the data center (one flow per assigned site), or the gateway picked
    /// its nearest one for demand that names none.</summary>
    [Id(6)] public bool Placed { get; init; }
}

/// <summary>The backbone tells a PoP gateway what share of its traffic gets through (1 unless a link is congested).</summary>
[GenerateSerializer, Immutable]
public sealed class FlowDelivery
{
    [Id(0)] public double Delivered { get; init; }
    /// <summary>The data-center site of the flow it is about (<see cref="FlowReport.Placed"/>), or null for the flow to
    /// the nearest data center.</summary>
    [Id(1)] public string? DataCenter { get; init; }
}

/// <summary>The backbone tells the responders what share of a PoP's internal-tool traffic arrives
/// (<see cref="InternalToolFlows"/>): what their VPN through that PoP gets.</summary>
[GenerateSerializer, Immutable]
public sealed class ToolDelivery
{
    [Id(0)] public int Pop { get; init; }
    [Id(1)] public double Delivered { get; init; }
}
