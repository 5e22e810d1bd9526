using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Relationship policy (Gao-Rexford) and exchange route servers, checked on the converged state the live protocol
/// starts from. Operator r1 (AS 64500) announces one prefix to a1 (AS 100); a1 — a2 (AS 200) — a3 (AS 300).
/// </summary>
public class BgpPolicyTests
{
    private const int R1 = 1, A1 = 2, A2 = 3, A3 = 4;
    private const string Prefix = "203.0.113.0/24";

    private static Dictionary<int, Dictionary<string, SortedDictionary<int, AsRoute>>> Converge(AsLinkKind operatorToA1, AsLinkKind a1ToA2, AsLinkKind a3ToA2,
        AsTier a2Tier = AsTier.Tier1)
    {
        var topology = new NetworkTopology
        {
            OperatorName = "Op", OperatorAsn = 64500, Sites = [new Site("pop", SiteKind.Pop, "P", 0, 0, "eu")],
            Routers = [new RouterSpec(R1, "r1", RouterRole.Edge, "pop", "eu")], Links = [], DnsServers = [],
            ExternalAses = [new ExternalAsSpec(A1, "as100", 100, "A1", AsTier.Regional, "eu"), new ExternalAsSpec(A2, "as200", 200, "A2", a2Tier, "eu"),
                new ExternalAsSpec(A3, "as300", 300, "A3", AsTier.Regional, "eu")],
            Peerings = [new PeeringSpec(A1, R1, 1.0, operatorToA1)],
            AsLinks = [new AsLinkSpec(A1, A2, 5, a1ToA2), new AsLinkSpec(A3, A2, 5, a3ToA2)],
            NodeNames = ["scenario", "r1", "as100", "as200", "as300"], StaticPrefixes = [Prefix],
        };
        return BgpSteadyState.Compute(topology, new Dictionary<int, IReadOnlyList<string>> { [R1] = [Prefix] }, (_, _) => AsRoute.Plain([64500]));
    }

    /// <summary>The shortest path an AS holds, as text ("" when it has no route).</summary>
    private static string BestAt(Dictionary<int, Dictionary<string, SortedDictionary<int, AsRoute>>> rib, int node)
        => rib[node][Prefix].Count == 0 ? "" : string.Join(' ', rib[node][Prefix].Values.MinBy(p => p.Path.Length)!.Path);

    [Fact]
    public void A_customer_route_goes_up_to_the_provider_and_down_to_its_other_customers()
    {
        var rib = Converge(AsLinkKind.CustomerOf, AsLinkKind.CustomerOf, AsLinkKind.CustomerOf);
        Assert.Equal("64500", BestAt(rib, A1));
        Assert.Equal("100 64500", BestAt(rib, A2));
        Assert.Equal("200 100 64500", BestAt(rib, A3));
    }

    [Fact]
    public void A_peer_route_is_not_passed_to_a_provider()
    {
        // The operator only peers with a1: a1 keeps the route to itself and its customers (it has none).
        var rib = Converge(AsLinkKind.Peer, AsLinkKind.CustomerOf, AsLinkKind.CustomerOf);
        Assert.Equal("64500", BestAt(rib, A1));
        Assert.Equal("", BestAt(rib, A2));
        Assert.Equal("", BestAt(rib, A3));
    }

    [Fact]
    public void A_route_learned_from_a_peer_is_not_passed_to_another_peer()
    {
        // a1 and a3 both peer with a2: what a2 learns from one peer it keeps from the other.
        var rib = Converge(AsLinkKind.CustomerOf, AsLinkKind.Peer, AsLinkKind.Peer);
        Assert.Equal("100 64500", BestAt(rib, A2));
        Assert.Equal("", BestAt(rib, A3));
    }

    [Fact]
    public void A_route_server_passes_routes_between_members_without_adding_its_AS()
    {
        // a2 is an exchange route server with a1 and a3 as members; a1 only peers with the operator.
        var rib = Converge(AsLinkKind.CustomerOf, AsLinkKind.RouteServer, AsLinkKind.RouteServer, AsTier.Ixp);
        Assert.Equal("100 64500", BestAt(rib, A2));
        Assert.Equal("100 64500", BestAt(rib, A3)); // no 200 in the path
    }

    [Fact]
    public void Local_preference_beats_path_length()
    {
        var customer = BgpDecision.Best(new SortedDictionary<int, AsRoute> { [1] = AsRoute.Plain([1, 2, 3]), [2] = AsRoute.Plain([4]) },
            n => n == 1 ? BgpRelation.Customer : BgpRelation.Provider);
        Assert.Equal(1, customer!.Value.From);
        var shortest = BgpDecision.Best(new SortedDictionary<int, AsRoute> { [1] = AsRoute.Plain([1, 2, 3]), [2] = AsRoute.Plain([4]) }, _ => BgpRelation.Peer);
        Assert.Equal(2, shortest!.Value.From);
    }
}
