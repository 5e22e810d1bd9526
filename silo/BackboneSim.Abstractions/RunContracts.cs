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
