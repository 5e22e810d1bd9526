using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events the responders record (docs/outputs.md), one record per kind. Their subject is "responders", except
// an internal tool's availability, which is about the tool.

/// <summary>The responders travelled to a data center and stand at its physical security, which takes <see cref="SecurityMs"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.on_site")]
public sealed record RespondersOnSite(long SecurityMs, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("security_ms", SecurityMs)];
}

/// <summary>The responders are in by <see cref="Path"/> (vpn, oob, on-site) and diagnose for <see cref="DiagnoseMs"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.access_gained")]
public sealed record RespondersAccessGained(string Path, long DiagnoseMs, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
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

/// <summary>
/// The responders were dispatched by <see cref="Action"/>: to recover from a failure (<see cref="Recover"/>), to roll
/// back a push (<see cref="RollbackOf"/>), or to carry out a task on routers (<see cref="Task"/>); the log names the one
/// that applies. A team starts an order when it takes it (at once, or when its queue reaches it).
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("responders.dispatched")]
public sealed record RespondersDispatched(string Action, string? Recover, string RollbackOf, string Team = ResponderTeam.DefaultName, string? Task = null) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => Task is { } task ? [("action", Action), ("task", task)]
        : Recover is { } failure ? [("action", Action), ("recover", failure)]
        : [("action", Action), ("rollback_of", RollbackOf)];
}

/// <summary>The responders tried an access path (vpn, oob): whether it worked, and why.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.access_attempt")]
public sealed record RespondersAccessAttempt(string Path, bool Ok, string Reason, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => Ok ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("path", Path), ("ok", Ok), ("reason", Reason)];
}

/// <summary>No remote path works: the responders travel to a data center, for <see cref="TravelMs"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.travelling")]
public sealed record RespondersTravelling(long TravelMs, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override (string Key, object? Value)[] Data() => [("travel_ms", TravelMs)];
}

/// <summary>The responders repaired what the failure <see cref="Recover"/> broke, having got in by <see cref="Path"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.recover")]
public sealed record RespondersRecover(string Recover, string Path, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("recover", Recover), ("path", Path)];
}

/// <summary>The responders push the rollback of <see cref="RollbackOf"/> to its <see cref="Targets"/> targets, having got in by <see cref="Path"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.rollback")]
public sealed record RespondersRollback(string RollbackOf, string Path, int Targets, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => Targets;
    public override (string Key, object? Value)[] Data() => [("rollback_of", RollbackOf), ("path", Path), ("targets", Targets)];
}

/// <summary>A respond order reached a team that is working on another: it waits in the team's queue at
/// <see cref="Position"/> (1: next).</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.queued")]
public sealed record RespondersQueued(string Action, string WorkingOn, int Position, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => Position;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("working_on", WorkingOn), ("position", Position)];
}

/// <summary>A team carries out a task on routers by hand (<see cref="Task"/>: restart, drain, undrain), having got in
/// by <see cref="Path"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.task")]
public sealed record RespondersTask(string Action, string Task, string Path, int Targets, string Routers, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => Targets;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("task", Task), ("path", Path), ("targets", Targets), ("routers", Routers)];
}

/// <summary>An attempt at an order failed (<c>responders.failure</c>): the team diagnoses again and tries again.</summary>
[GenerateSerializer, Immutable]
[EventKind("responders.attempt_failed")]
public sealed record RespondersAttemptFailed(string Action, int Attempt, long RetryInMs, string Team = ResponderTeam.DefaultName) : ModelEvent
{
    public override string Subject => Team;
    public override double Value => Attempt;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("attempt", Attempt), ("retry_in_ms", RetryInMs)];
}
