using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events the responders record (docs/outputs.md), one record per kind. Their subject is "responders", except
// an internal tool's availability, which is about the tool.

/// <summary>The responders travelled to a data center and stand at its physical security, which takes <see cref="SecurityMs"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.on_site")]
public sealed record RespondersOnSite(long SecurityMs) : ModelEvent
{
    public override string Subject => "responders";
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("security_ms", SecurityMs)];
}

/// <summary>The responders are in by <see cref="Path"/> (vpn, oob, on-site) and diagnose for <see cref="DiagnoseMs"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.access_gained")]
public sealed record RespondersAccessGained(string Path, long DiagnoseMs) : ModelEvent
{
    public override string Subject => "responders";
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("path", Path), ("diagnose_ms", DiagnoseMs)];
}

/// <summary>An internal tool failed or came back with what it needs (<see cref="Needs"/>: backbone, oob or none).</summary>
[GenerateSerializer, Immutable]
[EventKind("tool.availability")]
public sealed record ToolAvailability(string Tool, string Needs, bool Up) : ModelEvent
{
    public override string Subject => Tool;
    public override double Value => Up ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("tool", Tool), ("needs", Needs), ("up", Up)];
}

/// <summary>A respond order came while the responders were working on another: it is ignored.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.busy")]
public sealed record RespondersBusy(string Ignored, string WorkingOn) : ModelEvent
{
    public override string Subject => "responders";
    public override (string Key, object? Value)[] Data() => [("ignored", Ignored), ("working_on", WorkingOn)];
}

/// <summary>
/// The responders were dispatched by <see cref="Action"/>: to recover from a failure (<see cref="Recover"/>), or
/// else to roll back a push (<see cref="RollbackOf"/>); the log names the one that applies.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("responders.dispatched")]
public sealed record RespondersDispatched(string Action, string? Recover, string RollbackOf) : ModelEvent
{
    public override string Subject => "responders";
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => Recover is { } failure
        ? [("action", Action), ("recover", failure)]
        : [("action", Action), ("rollback_of", RollbackOf)];
}

/// <summary>The responders tried an access path (vpn, oob): whether it worked, and why.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.access_attempt")]
public sealed record RespondersAccessAttempt(string Path, bool Ok, string Reason) : ModelEvent
{
    public override string Subject => "responders";
    public override double Value => Ok ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("path", Path), ("ok", Ok), ("reason", Reason)];
}

/// <summary>No remote path works: the responders travel to a data center, for <see cref="TravelMs"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.travelling")]
public sealed record RespondersTravelling(long TravelMs) : ModelEvent
{
    public override string Subject => "responders";
    public override (string Key, object? Value)[] Data() => [("travel_ms", TravelMs)];
}

/// <summary>The responders repaired what the failure <see cref="Recover"/> broke, having got in by <see cref="Path"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.recover")]
public sealed record RespondersRecover(string Recover, string Path) : ModelEvent
{
    public override string Subject => "responders";
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("recover", Recover), ("path", Path)];
}

/// <summary>The responders push the rollback of <see cref="RollbackOf"/> to its <see cref="Targets"/> targets, having got in by <see cref="Path"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.rollback")]
public sealed record RespondersRollback(string RollbackOf, string Path, int Targets) : ModelEvent
{
    public override string Subject => "responders";
    public override double Value => Targets;
    public override (string Key, object? Value)[] Data() => [("rollback_of", RollbackOf), ("path", Path), ("targets", Targets)];
}
