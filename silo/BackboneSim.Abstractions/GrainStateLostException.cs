using Orleans;

namespace BackboneSim.Abstractions;

/// <summary>
/// A grain that keeps its state only in memory was re-activated mid-run (its silo died) and has nothing to go on.
/// Whoever called it knows how to rebuild it: the SimulationGrain replays a node, the client restarts a run.
/// </summary>
[GenerateSerializer]
public sealed class GrainStateLostException : Exception
{
    public GrainStateLostException() { }
    public GrainStateLostException(string message) : base(message) { }
    public GrainStateLostException(string message, Exception inner) : base(message, inner) { }
}
