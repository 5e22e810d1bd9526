using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

// A controller's session with the routers it programs. Plain immutable classes; the serialization attributes are
// metadata only, so the Orleans runtime can carry them between silos unchanged.

/// <summary>
/// A router's session with a controller that programs it went silent (the router noticed after the hold time) or is
/// back: what the router does next is <see cref="ControllerSessions"/>'s.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class ControllerSession
{
    [Id(0)] public string Controller { get; init; } = "";
    [Id(1)] public bool Alive { get; init; }
    [Id(2)] public long FailStaticMs { get; init; }
    [Id(3)] public ControllerLossAction Then { get; init; }
}
