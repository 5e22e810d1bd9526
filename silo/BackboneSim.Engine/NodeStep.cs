
namespace BackboneSim.Engine;

/// <summary>One node's inbox for one window: the batch a runtime delivers to the node in a single call.</summary>
[GenerateSerializer, Immutable]
public sealed class NodeBatch
{
    [Id(0)] public int Node { get; init; }
    [Id(1)] public SimMessage[] Messages { get; init; } = [];
}

/// <summary>What one node did in one window: messages for other nodes, events, and when its next own timer is due.</summary>
[GenerateSerializer, Immutable]
public sealed class NodeStepResult
{
    [Id(0)] public int Node { get; init; }
    [Id(1)] public SimMessage[] Outgoing { get; init; } = [];
    [Id(2)] public SimEvent[] Events { get; init; } = [];
    [Id(3)] public long NextLocalDue { get; init; } = long.MaxValue;
}
