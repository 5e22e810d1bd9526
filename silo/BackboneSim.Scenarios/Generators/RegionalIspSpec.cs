using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>Parameters of the regional-isp generator, as read from a topology file (docs/scenario-format.md).</summary>
public sealed class RegionalIspSpec
{
    public string OperatorName { get; set; } = "Operator";
    public long OperatorAsn { get; set; } = 64500;
    /// <summary>Announced unconditionally by every edge router that has eBGP peers.</summary>
    public List<string> StaticPrefixes { get; set; } = new();
    public int CorePerSite { get; set; } = 2;
    public int BorderPerDataCenter { get; set; } = 2;
    public int EdgePerPop { get; set; } = 2;
    public int EdgePerBorder { get; set; } = 2;
    /// <summary>Besides the ring, each core site links to this many nearest core sites (pairs already joined count once).</summary>
    public int Chords { get; set; } = 1;
    /// <summary>Parallel links per pair of core sites.</summary>
    public int ParallelLinks { get; set; } = 2;
    /// <summary>Every data center, access PoP and border PoP links each of its routers to this many nearest core sites.</summary>
    public int Uplinks { get; set; } = 2;
    public double CoreCapacityGbps { get; set; } = 400;
    public double AccessCapacityGbps { get; set; } = 100;
    /// <summary>Access PoPs generated around each core site (<c>access.per_core</c>), on a circle of <see cref="AccessRadiusKm"/>.</summary>
    public int AccessPerCore { get; set; }
    public double AccessRadiusKm { get; set; } = 30;
    public int DnsPerPop { get; set; } = 1;
    public List<string> DnsPrefixes { get; set; } = new();
    public bool DnsWithdrawWhenUnhealthy { get; set; } = true;
    /// <summary>Tier-1s each border PoP buys transit from (chosen round-robin).</summary>
    public int TransitPerBorder { get; set; } = 2;
    /// <summary>Regional ISPs of its region each border PoP peers with (chosen round-robin), besides its region's exchanges.</summary>
    public int PeersPerBorder { get; set; } = 2;
    public int TransitPerRegional { get; set; } = 2;
    public bool OperatorBuysTransit { get; set; } = true;
    public BgpDesign Bgp { get; set; } = new();
    public List<Site> Core { get; set; } = new();
    public List<Site> DataCenters { get; set; } = new();
    public Dictionary<string, double> DcPowerMw { get; set; } = new(StringComparer.Ordinal);
    public double DefaultDcPowerMw { get; set; } = 5;

    /// <summary>Each data center's declared restore physics (the topology's <c>datacenter_physics</c> under its own <c>physics</c>), by site name.</summary>
    public Dictionary<string, DataCenterPhysics> DcPhysics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Limits on the total draw of a region's data centers (<c>datacenter_physics.regions</c>), by region.</summary>
    public Dictionary<string, (double StepLimitMw, long? SettleMs)> DcRegionPower { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Access PoPs as listed (<c>pops:</c>); the generated ones follow them.</summary>
    public List<Site> Pops { get; set; } = new();
    public List<Site> Borders { get; set; } = new();
    public List<ExternalAsInput> ExternalAses { get; set; } = new();
    /// <summary>
    /// The ISP's own subscribers (<c>subscribers:</c>): one stand-in access AS per region of the access PoPs, numbered
    /// from this base in ordinal order of the regions, each peering with its region's access PoPs; null: none.
    /// </summary>
    public long? SubscriberAsnBase { get; set; }
    public string SubscriberName { get; set; } = "subscribers";

    /// <summary>Every access PoP: the listed ones, then those generated around the core sites.</summary>
    public IEnumerable<Site> AccessPops => Pops.Concat(RegionalIspGenerator.AccessAround(Core, AccessPerCore, AccessRadiusKm));

    /// <summary>The subscribers' stand-in ASes (<see cref="SubscriberAsnBase"/>), in region order.</summary>
    public List<ExternalAsInput> SubscriberAses()
        => SubscriberAsnBase is not { } asnBase ? []
            : AccessPops.Select(p => p.Region).Distinct().Order(StringComparer.Ordinal)
                .Select((region, i) => new ExternalAsInput(asnBase + i, $"{SubscriberName} {region}", AsTier.Regional, region)).ToList();
    public PopulationSpec Population { get; set; } = new();
}
