using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events of controllers and of the routers they program (docs/outputs.md), one record per kind.

/// <summary>A controller stopped (its failure, or its site lost power); its routers notice after the hold time.</summary>
[GenerateSerializer, Immutable]
[EventKind("controller.down")]
public sealed record ControllerDown(string Controller, string Reason, string Failure, int Routers, long NoticedAfterMs) : ModelEvent
{
    public override string Subject => Controller;
    public override double Value => Routers;
    public override (string Key, object? Value)[] Data() => [("reason", Reason), ("failure", Failure), ("routers", Routers), ("noticed_after_ms", NoticedAfterMs)];
}

[GenerateSerializer, Immutable]
[EventKind("controller.up")]
public sealed record ControllerUp(string Controller, string Failure, int Routers) : ModelEvent
{
    public override string Subject => Controller;
    public override double Value => Routers;
    public override (string Key, object? Value)[] Data() => [("failure", Failure), ("routers", Routers)];
}

/// <summary>
/// A router lost its controller and forwards on what it has (fail-static); at <see cref="ActsAtMs"/> it does what
/// <see cref="Then"/> says unless the controller is back first (-1: it never acts).
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("router.controller_lost")]
public sealed record RouterControllerLost(string Router, string Controller, string Then, long ActsAtMs) : ModelEvent
{
    public override string Subject => Router;
    public override (string Key, object? Value)[] Data() => [("controller", Controller), ("then", Then), ("acts_at_ms", ActsAtMs)];
}

/// <summary>The router's fail-static time ran out without its controller: it withdraws (overload bit, eBGP sessions shut).</summary>
[GenerateSerializer, Immutable]
[EventKind("router.controller_drain")]
public sealed record RouterControllerDrain(string Router, string Controller) : ModelEvent
{
    public override string Subject => Router;
    public override (string Key, object? Value)[] Data() => [("controller", Controller)];
}

/// <summary>The controller is back: the router takes its programming again (and undoes a drain, if it drained).</summary>
[GenerateSerializer, Immutable]
[EventKind("router.controller_back")]
public sealed record RouterControllerBack(string Router, string Controller, bool Undrains) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("controller", Controller), ("undrains", Undrains)];
}
