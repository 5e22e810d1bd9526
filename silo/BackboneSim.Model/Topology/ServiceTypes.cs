namespace BackboneSim.Model.Topology;

/// <summary>
/// A user-facing service. Operator services resolve through the operator's authoritative DNS and are served by
/// the edge front-ends over the backbone; a third-party dependent ("Login with Facebook" on other sites) works
/// only while everything it depends on works.
/// </summary>
public sealed record ServiceSpec(string Name, long TtlMs, double UsersShare, bool ThirdParty, IReadOnlyList<string> DependsOn)
{
    /// <summary>The data-center sites that serve it; empty means every data center.</summary>
    public IReadOnlyList<string> DataCenters { get; init; } = [];
}

/// <summary>A population of recursive resolvers with one behaviour: an ISP's resolvers or a public service.</summary>
public sealed record ResolverSpec(int Node, string Name, int AsNode, bool Public, bool ServeStale, int Instances);

/// <summary>
/// The users of one access ISP: how many, which resolvers they use (with shares), and the PoP gateways whose
/// front-ends serve them (the PoPs their ISP peers with).
/// </summary>
public sealed record ClientCohortSpec(int Node, string Name, int AsNode, string Region, long Users,
    IReadOnlyList<(int Resolver, double Share)> Resolvers, IReadOnlyList<int> ServingGateways);

/// <summary>A data center as a load: its site, the border router that tells it whether traffic can arrive, its peak power.</summary>
public sealed record DataCenterSpec(int Node, string Name, string Site, int Gateway, double PeakPowerMw);

/// <summary>A public resolver service as written in a topology file.</summary>
public sealed record PublicResolverInput(string Name, long Asn, double Share, bool ServeStale, int Instances);
