using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>What a neighbour is to an AS: it pays us (customer), peers with us, or sells us transit (provider).</summary>
public enum BgpRelation { Customer, Peer, Provider }

/// <summary>
/// One eBGP neighbour of an external AS as that AS sees it. Routers of the operator appear here too (they only
/// send; the model does not carry Internet routes back to the operator per prefix).
/// </summary>
public readonly record struct BgpNeighbor(int Node, double LatencyMs, BgpRelation Relation);

/// <summary>
/// Routing policy by business relationship, the common practice Gao and Rexford described ("Stable Internet
/// routing without global coordination", 2001): prefer routes from customers over peers over providers, and pass
/// routes from peers and providers on only to customers, so no AS carries traffic it is not paid for.
/// An exchange's route server passes every route to every member and does not add its AS to the path.
/// </summary>
public static class BgpPolicy
{
    /// <summary>The local preference routes have unless a policy sets another (the common default in BGP implementations).</summary>
    public const int DefaultLocalPref = 100;

    /// <summary>Local preference by relationship; the values are conventional, only their order matters.</summary>
    public static int LocalPreference(BgpRelation from) => from switch
    {
        BgpRelation.Customer => 200,
        BgpRelation.Peer => 100,
        _ => 50,
    };

    /// <summary>Whether a route learned from a neighbour of relation <paramref name="from"/> goes to one of relation <paramref name="to"/>.</summary>
    public static bool Exports(BgpRelation from, BgpRelation to, bool routeServer)
        => routeServer || from == BgpRelation.Customer || to == BgpRelation.Customer;

    /// <summary>The neighbours of every external AS, with relationships, from the topology's links and peerings.</summary>
    public static Dictionary<int, List<BgpNeighbor>> Neighborhoods(NetworkTopology t)
    {
        var result = t.ExternalAses.ToDictionary(a => a.Node, _ => new List<BgpNeighbor>());
        foreach (var l in t.AsLinks)
        {
            var (a, b) = Relations(l.Kind);
            result[l.A].Add(new BgpNeighbor(l.B, l.LatencyMs, b));
            result[l.B].Add(new BgpNeighbor(l.A, l.LatencyMs, a));
        }
        foreach (var p in t.Peerings) result[p.AsNode].Add(new BgpNeighbor(p.RouterNode, p.LatencyMs, Relations(p.Kind).A));
        foreach (var list in result.Values) list.Sort((x, y) => x.Node.CompareTo(y.Node));
        return result;
    }

    /// <summary>(what A is to B, what B is to A) for a link of this kind.</summary>
    private static (BgpRelation A, BgpRelation B) Relations(AsLinkKind kind) => kind switch
    {
        AsLinkKind.CustomerOf => (BgpRelation.Customer, BgpRelation.Provider),
        // A route server's members are its customers in the sense that it passes everything to them; to a member
        // the route server's routes are peer routes.
        AsLinkKind.RouteServer => (BgpRelation.Customer, BgpRelation.Peer),
        _ => (BgpRelation.Peer, BgpRelation.Peer),
    };
}
