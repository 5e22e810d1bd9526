using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>
/// Who uses the network, as a topology file writes it (<c>services:</c>, <c>resolvers:</c>, <c>users:</c>); the same
/// for every way of describing the network. <see cref="NetworkAssembler"/> turns it into resolver and client cohorts.
/// </summary>
public sealed class PopulationSpec
{
    public List<ServiceSpec> Services { get; set; } = new();
    public List<PublicResolverInput> PublicResolvers { get; set; } = new();
    /// <summary>Whether ISP resolvers serve stale answers (RFC 8767) when they cannot refresh.</summary>
    public bool IspServeStale { get; set; }
    public int IspResolverInstances { get; set; } = 4;
    /// <summary>The ISP cohorts' own timings and background (<c>isp_timeout</c>, ...); none: the parameters'.</summary>
    public ResolverSettings IspSettings { get; set; } = ResolverSettings.None;
    /// <summary>Users per region, spread evenly over the region's access ISPs (regional ASes).</summary>
    public Dictionary<string, long> UsersPerRegion { get; set; } = new(StringComparer.Ordinal);
    /// <summary><c>frontend_catchment: bgp</c>: users enter where their AS's best route to the front-ends' prefix leads.</summary>
    public bool FrontEndCatchmentByBgp { get; set; }
    /// <summary><c>frontend_prefix</c>: where the front-ends' addresses are (inside one of the operator's prefixes); null:
    /// the first of <c>operator.prefixes</c>.</summary>
    public string? FrontEndPrefix { get; set; }
}
