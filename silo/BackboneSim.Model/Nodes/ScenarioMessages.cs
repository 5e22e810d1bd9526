using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Nodes;

// The scenario driver's messages: what the window observer tells it (a trigger met, a rollout's
// health check), what it tells the responders, and the restore plan the responders send data centers.
// Plain immutable classes; the serialization attributes are metadata only, so the Orleans runtime can carry them
// between silos unchanged.

/// <summary>From the scenario watcher: a triggered action's condition was met; run it now.</summary>
[GenerateSerializer, Immutable]
public sealed class ScenarioTrigger
{
    [Id(0)] public int Action { get; init; }
}

/// <summary>From the scenario watcher: how a rollout's health check came out.</summary>
[GenerateSerializer, Immutable]
public sealed class RolloutVerdict : IActionStep
{
    [Id(0)] public int Action { get; init; }
    [Id(1)] public int Wave { get; init; }
    [Id(2)] public bool Healthy { get; init; }
    [Id(3)] public string Detail { get; init; } = "";
}

/// <summary>The scenario driver dispatches the responders: put these routers back as they were before a push, once you can.</summary>
[GenerateSerializer, Immutable]
public sealed class RespondOrder
{
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public string RollbackOf { get; init; } = "";
    [Id(2)] public int[] Targets { get; init; } = [];
    /// <summary>Staged restore after the rollback: ramp per data center and the gap between starts; 0 = none.</summary>
    [Id(4)] public long RestoreRampMs { get; init; }
    [Id(5)] public long RestoreStaggerMs { get; init; }
    /// <summary>The resolver cohorts to tell when the rolled-back push changed delegations in the parent zone.</summary>
    [Id(6)] public int[] Resolvers { get; init; } = [];
    /// <summary>Instead of a rollback: the fail action to recover from (its name and timeline index), or null.</summary>
    [Id(7)] public string? Recover { get; init; }
    [Id(8)] public int RecoverAction { get; init; } = -1;
    /// <summary>The team that takes it, or null: the first free team, else the one with the shortest queue.</summary>
    [Id(9)] public string? Team { get; init; }
    /// <summary>Instead of a rollback or a recovery: a task on <see cref="Targets"/> by hand (restart, drain, undrain).</summary>
    [Id(10)] public string? Task { get; init; }
    /// <summary>How long the team diagnoses before it acts; -1: the team's time.</summary>
    [Id(11)] public long DiagnoseMs { get; init; } = -1;
    /// <summary>The names of <see cref="Targets"/>, for the task's event.</summary>
    [Id(12)] public string[] Routers { get; init; } = [];
    /// <summary>The site of each of <see cref="Targets"/>: on site, a team works site by site.</summary>
    [Id(13)] public string[] Sites { get; init; } = [];
    /// <summary>Routers the rollback leaves wedged until a restart by hand, or null.</summary>
    [Id(14)] public WedgeSpec? Wedge { get; init; }
    /// <summary>For the apply task: the push action the team applies (its timeline index), or -1.</summary>
    [Id(15)] public int Apply { get; init; } = -1;
    /// <summary>For a rollback: only these kinds of the push's edits (<see cref="EditKinds"/>); empty: all.</summary>
    [Id(16)] public string[] Edits { get; init; } = [];
}

/// <summary>Responders restart a router's control plane by hand (a reset from the console or on site): it goes down
/// and boots, whatever held it down; a router without power cannot be restarted.</summary>
[GenerateSerializer, Immutable]
public sealed class RouterRestart
{
    [Id(0)] public string Action { get; init; } = "";
}

/// <summary>The responders' plan for bringing a data center's traffic back: from when, over how long.</summary>
[GenerateSerializer, Immutable]
public sealed class RestorePlan
{
    [Id(0)] public long StartAt { get; init; }
    [Id(1)] public long RampMs { get; init; }
}
