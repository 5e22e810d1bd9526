using BackboneSim.Abstractions;

namespace BackboneSim.Grains.Tests;

/// <summary>Where a run's grains live now: the silo of its SimulationGrain and how many of its nodes each silo hosts.</summary>
public sealed record RunPlacement(SiloAddress Coordinator, IReadOnlyDictionary<SiloAddress, int> NodesPerSilo)
{
    public static async Task<RunPlacement> OfAsync(IGrainFactory grains, string runId)
    {
        var all = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var coordinator = all.Single(s => s.GrainType.Contains(nameof(SimulationGrain), StringComparison.Ordinal) && s.GrainId.Key.ToString() == runId).SiloAddress;
        var nodes = all
            .Where(s => s.GrainType.Contains(nameof(NodeGrain), StringComparison.Ordinal)
                        && GrainKeys.ParseNode(s.GrainId.Key.ToString()!).RunId == runId)
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Count());
        return new RunPlacement(coordinator, nodes);
    }
}
