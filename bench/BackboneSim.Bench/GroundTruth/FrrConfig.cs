using System.Text;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// FRR's configuration files for one router: zebra.conf, ospfd.conf (operator routers) and bgpd.conf (PoPs and
/// external ASes). OSPF runs FRR's defaults written out (hello 10 s, dead 40 s, SPF throttle 0/50/5000 ms, LSA
/// throttle 5 s) on point-to-point links. External ASes run the simulator's policy (Gao-Rexford): routes from
/// customers get local preference 200, from providers 50, and only own and customers' routes go to a provider; ties
/// between equal paths go to the lowest router id, as in the simulator.
/// Logs at millisecond precision (<c>log timestamp precision 3</c>) carry the timings: <c>debug bgp updates</c> and
/// <c>log-adjacency-changes detail</c> (and <c>debug ospf lsa generate</c>, <c>debug ospf spf</c> for reading a miss).
/// </summary>
public static class FrrConfig
{
    public static string Zebra(string node, string dir) => $"""
        hostname {node}
        log file {dir}/zebra.log informational
        log timestamp precision 3
        """ + "\n";

    public static string Ospfd(GtRouter router, string dir)
    {
        var b = new StringBuilder()
            .AppendLine($"hostname {router.Name}")
            .AppendLine($"log file {dir}/ospfd.log debugging")
            .AppendLine("log timestamp precision 3")
            .AppendLine("debug ospf lsa generate")
            .AppendLine("debug ospf spf");
        foreach (var l in GtTopology.LinksOf(router.Name).Where(l => GtTopology.IsOperator(l.PeerOf(router.Name))))
            b.AppendLine($"interface {l.InterfaceAt(router.Name)}")
             .AppendLine(" ip ospf network point-to-point")
             .AppendLine(" ip ospf hello-interval 10")
             .AppendLine(" ip ospf dead-interval 40")
             .AppendLine(" ip ospf cost 10")
             .AppendLine("exit");
        return b.AppendLine("router ospf")
            .AppendLine($" ospf router-id {router.Loopback}")
            .AppendLine(" log-adjacency-changes detail")
            .AppendLine(" timers throttle spf 0 50 5000")
            .AppendLine(" timers throttle lsa all 5000")
            .AppendLine(" network 10.0.0.0/16 area 0")
            .AppendLine(" network 10.255.0.0/24 area 0")
            .AppendLine("exit")
            .ToString();
    }

    /// <summary>A PoP: originates the DNS anycast prefix (while its health check passes; the harness removes and adds the
    /// <c>network</c> statement) and the operator's prefix (always), and announces only those to its transit provider.
    /// No MRAI on the operator's side, as in the simulator (its routers send their own prefixes at once).</summary>
    public static string PopBgpd(GtRouter router, string dir)
    {
        var peering = GtTopology.Peerings.Single(p => p.Router == router.Name);
        var link = GtTopology.LinksOf(router.Name).Single(l => l.PeerOf(router.Name) == $"as{peering.Asn}");
        var peer = link.AddressOf(link.PeerOf(router.Name));
        return Header(router.Name, dir) + $"""
            ip prefix-list OPERATOR seq 10 permit {GtTopology.DnsPrefix}
            ip prefix-list OPERATOR seq 20 permit {GtTopology.OperatorPrefix}
            router bgp {GtTopology.OperatorAsn}
             bgp router-id {router.Loopback}
             no bgp ebgp-requires-policy
             no bgp network import-check
             neighbor {peer} remote-as {peering.Asn}
             neighbor {peer} timers connect 5
             neighbor {peer} advertisement-interval 0
             address-family ipv4 unicast
              network {GtTopology.DnsPrefix}
              network {GtTopology.OperatorPrefix}
              neighbor {peer} prefix-list OPERATOR out
             exit-address-family
            exit
            """ + "\n";
    }

    /// <summary>An external AS: its own prefix, its sessions with customers (other ASes, or a PoP: the operator buys
    /// transit) and providers, the MRAI on every session.</summary>
    public static string AsBgpd(GtAs a, int mraiSeconds, string dir)
    {
        var customers = GtTopology.AsLinks.Where(l => l.Provider == a.Asn).Select(l => l.Customer)
            .Concat(GtTopology.Peerings.Where(p => p.Asn == a.Asn).Select(_ => GtTopology.OperatorAsn)).ToList();
        var b = new StringBuilder(Header(a.Name, dir));
        b.AppendLine("bgp as-path access-list OWN-OR-CUSTOMERS permit ^$");
        foreach (var c in customers) b.AppendLine($"bgp as-path access-list OWN-OR-CUSTOMERS permit ^{c}_");
        b.AppendLine("route-map FROM-CUSTOMER permit 10").AppendLine(" set local-preference 200").AppendLine("exit")
         .AppendLine("route-map FROM-PROVIDER permit 10").AppendLine(" set local-preference 50").AppendLine("exit")
         .AppendLine("route-map TO-PROVIDER permit 10").AppendLine(" match as-path OWN-OR-CUSTOMERS").AppendLine("exit")
         .AppendLine($"router bgp {a.Asn}")
         .AppendLine($" bgp router-id {a.RouterId}")
         // The simulator breaks ties between equal paths by the lowest neighbour (its stand-in for the lowest router id);
         // FRR keeps the oldest eBGP path unless told to compare router ids, which made its choice depend on arrival order.
         .AppendLine(" bgp bestpath compare-routerid")
         .AppendLine(" no bgp ebgp-requires-policy")
         .AppendLine(" no bgp network import-check");
        var sessions = GtTopology.LinksOf(a.Name).Select(l =>
        {
            var far = l.PeerOf(a.Name);
            var farAsn = GtTopology.IsOperator(far) ? GtTopology.OperatorAsn : GtTopology.As(far).Asn;
            var isProvider = GtTopology.AsLinks.Any(x => x.Customer == a.Asn && x.Provider == farAsn);
            return (Address: l.AddressOf(far), Asn: farAsn, IsProvider: isProvider);
        }).ToList();
        foreach (var s in sessions)
            b.AppendLine($" neighbor {s.Address} remote-as {s.Asn}")
             .AppendLine($" neighbor {s.Address} timers connect 5")
             .AppendLine($" neighbor {s.Address} advertisement-interval {mraiSeconds}");
        b.AppendLine(" address-family ipv4 unicast").AppendLine($"  network {a.OwnPrefix}");
        foreach (var s in sessions)
        {
            b.AppendLine($"  neighbor {s.Address} route-map {(s.IsProvider ? "FROM-PROVIDER" : "FROM-CUSTOMER")} in");
            if (s.IsProvider) b.AppendLine($"  neighbor {s.Address} route-map TO-PROVIDER out");
        }
        return b.AppendLine(" exit-address-family").AppendLine("exit").ToString();
    }

    private static string Header(string node, string dir) => $"""
        hostname {node}
        log file {dir}/bgpd.log debugging
        log timestamp precision 3
        debug bgp updates
        debug bgp neighbor-events
        """ + "\n";
}
