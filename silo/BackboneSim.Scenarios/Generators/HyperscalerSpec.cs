using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>Parameters of the hyperscaler generator, as read from a topology file (docs/scenario-format.md).</summary>
public sealed class HyperscalerSpec
{
    public string OperatorName { get; set; } = "Operator";
    public long OperatorAsn { get; set; } = 64500;
    /// <summary>Announced unconditionally by every edge router that has eBGP peers.</summary>
    public List<string> StaticPrefixes { get; set; } = new();
    public int BackbonePerDataCenter { get; set; } = 2;
    public int BorderPerDataCenter { get; set; } = 4;
    public int BackbonePerHub { get; set; } = 4;
    public int EdgePerPop { get; set; } = 3;
    /// <summary>Each backbone site (data center or hub) gets long-haul links to this many nearest backbone sites.</summary>
    public int HubNeighbors { get; set; } = 3;
    /// <summary>Parallel long-haul links per pair of backbone sites.</summary>
    public int ParallelLinks { get; set; } = 2;
    /// <summary>Each PoP connects to this many nearest backbone sites.</summary>
    public int PopUplinks { get; set; } = 2;
    public double BackboneCapacityGbps { get; set; } = 400;
    public int DnsPerPop { get; set; } = 1;
    public List<string> DnsPrefixes { get; set; } = new();
    /// <summary><c>dns: unhealthy:</c> withdraw (default) or keep answering when the health check fails.</summary>
    public bool DnsWithdrawWhenUnhealthy { get; set; } = true;
    /// <summary>Regional ISPs of its region each PoP peers with (chosen round-robin), besides one tier-1 transit.</summary>
    public int PopRegionalPeers { get; set; } = 2;
    public int TransitPerRegional { get; set; } = 2;
    /// <summary>Whether the operator's tier-1 sessions are transit it pays for (its routes go everywhere) or
    /// settlement-free peering (tier-1s pass its routes only to their customers).</summary>
    public bool OperatorBuysTransit { get; set; } = true;
    public BgpDesign Bgp { get; set; } = new();
    public List<Site> DataCenters { get; set; } = new();
    /// <summary>Peak power per data center (MW), by site name; <see cref="DefaultDcPowerMw"/> for the others.</summary>
    public Dictionary<string, double> DcPowerMw { get; set; } = new(StringComparer.Ordinal);
    public double DefaultDcPowerMw { get; set; } = 60;

    /// <summary>Each data center's declared restore physics (the topology's <c>datacenter_physics</c> under its own <c>physics</c>), by site name.</summary>
    public Dictionary<string, DataCenterPhysics> DcPhysics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Limits on the total draw of a region's data centers (<c>datacenter_physics.regions</c>), by region.</summary>
    public Dictionary<string, (double StepLimitMw, long? SettleMs)> DcRegionPower { get; set; } = new(StringComparer.Ordinal);
    public List<Site> Hubs { get; set; } = new();
    public List<Site> Pops { get; set; } = new();
    public List<ExternalAsInput> ExternalAses { get; set; } = new();
    /// <summary>Services, resolvers and users (<c>services:</c>, <c>resolvers:</c>, <c>users:</c>).</summary>
    public PopulationSpec Population { get; set; } = new();
}

/// <summary>An external AS as written in a topology file; its place in the graph is decided by the generator.</summary>
public sealed record ExternalAsInput(long Asn, string Label, AsTier Tier, string Region)
{
    /// <summary>The aggregates it originates (<c>prefixes:</c>); empty: one is numbered for it if users live in it
    /// (<see cref="BackboneSim.Model.Topology.InternetAggregates"/>).</summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];
    /// <summary>A generated stub's number of providers (multihoming); 0 for every other AS.</summary>
    public int Providers { get; init; }
}
