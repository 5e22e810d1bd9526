using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>A node applied a config push (or the rollback of one: <see cref="Restores"/> names the push undone).</summary>
[GenerateSerializer, Immutable]
[EventKind("config.applied")]
public sealed record ConfigApplied(string Node, string Action, int Edits, string? Restores) : ModelEvent
{
    public override string Subject => Node;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("edits", Edits), ("restores", Restores)];
}

/// <summary>A config push reached a node that could not take it (down, without power, its software crashed).</summary>
[GenerateSerializer, Immutable]
[EventKind("config.unreachable")]
public sealed record ConfigUnreachable(string Node, string Action, string Reason) : ModelEvent
{
    public override string Subject => Node;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("reason", Reason)];
}
