using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using Orleans;

namespace BackboneSim.Abstractions;

/// <summary>How a client asks for a run.</summary>
[GenerateSerializer, Immutable]
public sealed class StartRunRequest
{
    [Id(0)] public ScenarioBundle Scenario { get; init; } = new();
    /// <summary>Stop at this virtual ms instead of the scenario's end (--until), or null.</summary>
    [Id(1)] public long? UntilMs { get; init; }
}

/// <summary>What the cluster says about a run it accepted.</summary>
[GenerateSerializer, Immutable]
public sealed class RunInfo
{
    [Id(0)] public string RunId { get; init; } = "";
    [Id(1)] public string Scenario { get; init; } = "";
    [Id(2)] public int Nodes { get; init; }
    [Id(3)] public long UntilMs { get; init; }
}

/// <summary>
/// A part of one node's input log, sent to rebuild a node whose grain was lost: when <see cref="Start"/>, a fresh
/// model is started first; then its steps <see cref="FirstStep"/>, <see cref="FirstStep"/>+1, … are applied again.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class NodeReplay
{
    [Id(0)] public bool Start { get; init; }
    [Id(1)] public int FirstStep { get; init; }
    [Id(2)] public long[] WindowEnds { get; init; } = [];
    [Id(3)] public NodeBatch[] Batches { get; init; } = [];
}
