using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

// Payloads of the timeline's failures, recoveries and surges (see FailAction, SurgeAction and FailurePlayer). Plain immutable classes, like
// the ones in Messages.cs.

/// <summary>The scenario driver tells both ends of a link that the fibre was cut (or spliced): light goes (comes back).</summary>
[GenerateSerializer, Immutable]
public sealed class LinkCut
{
    [Id(0)] public int Link { get; init; }
    /// <summary>The fail action; a link cut by two failures carries light again only when both are over.</summary>
    [Id(1)] public string Action { get; init; } = "";
    [Id(2)] public bool Cut { get; init; }
}

/// <summary>
/// A router, DNS server or data center loses power or crashes (<see cref="On"/> false), or gets it back. A node dark
/// for several failures comes back when the last of them is over.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class PowerChange
{
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public bool On { get; init; }
    /// <summary>Why, for the node's event: "crash" or "power lost at site X".</summary>
    [Id(2)] public string Reason { get; init; } = "";
}

/// <summary>A router's control-plane job is lost (and restarts by itself unless told not to), or a recovery restarts it.</summary>
[GenerateSerializer, Immutable]
public sealed class ControlPlaneLoss
{
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public bool Restart { get; init; } = true;
    [Id(2)] public bool Recover { get; init; }
}

/// <summary>Timer of the scenario driver: a failure's <c>for:</c> ran out, it recovers by itself.</summary>
[GenerateSerializer, Immutable]
public sealed class FailureTimer
{
    [Id(0)] public int Action { get; init; }
}

/// <summary>Timer of the scenario driver: the next step of a surge's ramp (1..steps), or its end (-1).</summary>
[GenerateSerializer, Immutable]
public sealed class SurgeTimer : IActionStep
{
    [Id(0)] public int Action { get; init; }
    [Id(1)] public int Step { get; init; }
}

/// <summary>A surge's current factor on a service's demand ("*": every service), for a client cohort; 1 ends it.</summary>
[GenerateSerializer, Immutable]
public sealed class SurgeLevel
{
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public string Service { get; init; } = "*";
    [Id(2)] public double Factor { get; init; } = 1;
}

/// <summary>
/// A client cohort tells a data center how much demand it offers on top of normal, as users x usage share over the
/// services the data center hosts, times (surge factor - 1), and how many users its front-ends moved there from data
/// centers that failed their health checks (<see cref="DataCenterBalancer"/>). The data center knows its normal totals.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class OfferedLoad
{
    [Id(0)] public double Extra { get; init; }
    [Id(1)] public double Moved { get; init; }
}

/// <summary>A data center's draw changed: the other data centers on its region's feed hear it (<see cref="DataCenterRegionFeed"/>).</summary>
[GenerateSerializer, Immutable]
public sealed class RegionDraw
{
    [Id(0)] public double Mw { get; init; }
}

/// <summary>The responders got in and repaired what a fail action broke: the scenario driver ends that failure now.</summary>
[GenerateSerializer, Immutable]
public sealed class RecoverRequest
{
    [Id(0)] public int Action { get; init; }
}

/// <summary>The responders apply a push the timeline describes (<c>respond: { apply }</c>): the scenario driver plays
/// that action now, as if its time had come.</summary>
[GenerateSerializer, Immutable]
public sealed class ApplyRequest
{
    [Id(0)] public int Action { get; init; }
}
