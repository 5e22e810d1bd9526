using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

// What Flowspec (RFC 8955) sends: rules between routers over BGP sessions that carry the flow-specification address
// family, and a router's installed rules to its forwarding hardware.

/// <summary>Every Flowspec rule this end sends on the session now (the whole set: what is missing is withdrawn).</summary>
[GenerateSerializer, Immutable]
public sealed class FlowspecUpdate
{
    [Id(0)] public FlowspecRule[] Rules { get; init; } = [];
}

/// <summary>A router's control plane programmed its Flowspec rules into its forwarding hardware: from now on the
/// hardware applies these (in order, <see cref="FlowspecRules.InOrder"/>) to every packet that arrives.</summary>
[GenerateSerializer, Immutable]
public sealed class FlowspecInstall
{
    [Id(0)] public FlowspecRule[] Rules { get; init; } = [];
}
