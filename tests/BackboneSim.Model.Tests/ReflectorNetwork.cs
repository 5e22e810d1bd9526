using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The small BGP test network: edge e1 buys transit from as100 and peers with as200 (a customer of as100); e1 and
/// e2 are route-reflector clients of rr; links e1-rr and rr-e2, and every session, are 1 ms; e1 announces
/// 203.0.113.0/24. Node indices are the constants below.
/// </summary>
public static class ReflectorNetwork
{
    public const int E1 = 1, Rr = 2, E2 = 3, T1 = 4, P1 = 5;
    public const string Prefix = "203.0.113.0/24";

    public static NetworkTopology Topology(BgpDesign design) => new()
    {
        OperatorName = "Op", OperatorAsn = 64500,
        Sites = [new Site("pop", SiteKind.Pop, "P", 0, 0, "eu"), new Site("dc", SiteKind.DataCenter, "D", 0, 1, "eu")],
        Routers = [new RouterSpec(E1, "e1", RouterRole.Edge, "pop", "eu"), new RouterSpec(Rr, "rr", RouterRole.Backbone, "dc", "eu"),
            new RouterSpec(E2, "e2", RouterRole.Edge, "pop", "eu")],
        Links = [new LinkSpec(0, "e1~rr", E1, Rr, LinkKinds.Backbone, 1, 100, 10), new LinkSpec(1, "rr~e2", Rr, E2, LinkKinds.Backbone, 1, 100, 10)],
        DnsServers = [],
        ExternalAses = [new ExternalAsSpec(T1, "as100", 100, "T1", AsTier.Tier1, "eu"), new ExternalAsSpec(P1, "as200", 200, "P1", AsTier.Regional, "eu")],
        Peerings = [new PeeringSpec(T1, E1, 1, AsLinkKind.CustomerOf), new PeeringSpec(P1, E1, 1, AsLinkKind.Peer)],
        AsLinks = [new AsLinkSpec(P1, T1, 5, AsLinkKind.CustomerOf)],
        IbgpSessions = [new IbgpSessionSpec(E1, Rr, 1, false), new IbgpSessionSpec(E2, Rr, 1, false)],
        NodeNames = ["scenario", "e1", "rr", "e2", "as100", "as200", "responders"], StaticPrefixes = [Prefix], ResponderNode = 6, Bgp = design,
    };
}
