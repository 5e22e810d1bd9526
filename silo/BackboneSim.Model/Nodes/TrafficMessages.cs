
namespace BackboneSim.Model.Nodes;

// Traffic: client cohorts' demand through PoP gateways, the paths gateways report to the backbone, the share the
// backbone delivers, and what share of their load data centers serve.
// Plain immutable classes; the serialization attributes are metadata only, so the Orleans runtime can carry them
// between silos unchanged.

/// <summary>A data center tells the client cohorts what share of its normal load it serves now.</summary>
[GenerateSerializer, Immutable]
public sealed class ServingLoad
{
    [Id(0)] public double Load { get; init; }
}

/// <summary>A client cohort's traffic towards the data centers through one PoP's front-ends (Gbps).</summary>
[GenerateSerializer, Immutable]
public sealed class TrafficDemand
{
    [Id(0)] public double Gbps { get; init; }
}

/// <summary>
/// A PoP gateway reports the traffic its front-ends send and where it goes: the router pairs on the equal-cost
/// shortest paths to the nearest data center, how many parallel links of each it uses and its share of the flow.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FlowReport
{
    [Id(0)] public double Gbps { get; init; }
    [Id(1)] public int[] From { get; init; } = [];
    [Id(2)] public int[] To { get; init; } = [];
    [Id(3)] public int[] UpLinks { get; init; } = [];
    [Id(4)] public string? DataCenter { get; init; }
    [Id(5)] public double[] Shares { get; init; } = [];
}

/// <summary>The backbone tells a PoP gateway what share of its traffic gets through (1 unless a link is congested).</summary>
[GenerateSerializer, Immutable]
public sealed class FlowDelivery
{
    [Id(0)] public double Delivered { get; init; }
}
