namespace BackboneSim.Bench.GroundTruth;

/// <summary>An operator router: its name (the simulator's node name too), site and role, and its loopback address.</summary>
public sealed record GtRouter(string Name, string Site, string Role, string Loopback);

/// <summary>A link between two routers (operator routers or external ASes), with its /30: A gets .1, B gets .2.</summary>
public sealed record GtLink(string A, string B, string Subnet)
{
    public string AddressOf(string node) => node == A ? Host(1) : node == B ? Host(2) : throw new ArgumentException(node);
    public string PeerOf(string node) => node == A ? B : node == B ? A : throw new ArgumentException(node);
    /// <summary>The interface name at <paramref name="node"/>'s end: "to-" and the far end's name (at most 15 characters).</summary>
    public string InterfaceAt(string node) => "to-" + PeerOf(node);
    /// <summary>The simulator's name of the link: <c>a~b</c> as written.</summary>
    public string SimName => $"{A}~{B}";
    private string Host(int n) => Subnet[..Subnet.LastIndexOf('.')] + "." + (int.Parse(Subnet[(Subnet.LastIndexOf('.') + 1)..].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture) + n);
}

/// <summary>An external AS: one FRR bgpd of its own, announcing its own /24 (the return path for DNS answers).</summary>
public sealed record GtAs(int Asn, string Tier, string Region, string OwnPrefix, string RouterId)
{
    public string Name => $"as{Asn}";
    public string OwnAddress => OwnPrefix[..OwnPrefix.LastIndexOf('.')] + ".1";
}

/// <summary>An AS-to-AS session: <c>Customer</c> buys transit from <c>Provider</c>.</summary>
public sealed record GtAsLink(int Customer, int Provider);

/// <summary>A PoP's session with its transit provider.</summary>
public sealed record GtPeering(int Asn, string Router);

/// <summary>
/// The one topology both sides run (the real daemons in namespaces and the simulator's explicit scenario): an IGP
/// ring of four backbone routers, a data center (one border router with two links into the ring), two edge PoPs
/// whose DNS announcement depends on a health check of the data center, four external ASes (each PoP buys transit
/// from its own AS; both of those and the farthest AS are customers of a tier-1), and a recursive resolver in the
/// farthest AS. Eleven routers. Every address and name used by either side comes from here.
/// </summary>
public static class GtTopology
{
    public const int OperatorAsn = 64500;
    public const string DnsPrefix = "192.0.2.0/24";
    public const string DnsAddress = "192.0.2.53";
    /// <summary>The operator's own prefix, announced by both PoPs with no health check: it must stay visible.</summary>
    public const string OperatorPrefix = "198.51.100.0/24";
    public const string ServiceName = "example.com";
    public const string QueryName = "www.example.com";

    public static readonly GtRouter[] Routers =
    [
        new("dc1-dr1", "dc1", "datacenter-border", "10.255.0.1"),
        new("bb1", "hub1", "backbone", "10.255.0.11"),
        new("bb2", "hub2", "backbone", "10.255.0.12"),
        new("bb3", "hub3", "backbone", "10.255.0.13"),
        new("bb4", "hub4", "backbone", "10.255.0.14"),
        new("pop1-er1", "pop1", "edge", "10.255.0.21"),
        new("pop2-er1", "pop2", "edge", "10.255.0.22"),
    ];

    /// <summary>The data center's border router: what the PoPs' health checks probe.</summary>
    public static GtRouter DataCenter => Routers[0];

    public static readonly GtLink[] Links =
    [
        new("dc1-dr1", "bb1", "10.0.1.0/30"),
        new("dc1-dr1", "bb2", "10.0.2.0/30"),
        new("bb1", "bb2", "10.0.3.0/30"),
        new("bb2", "bb3", "10.0.4.0/30"),
        new("bb3", "bb4", "10.0.5.0/30"),
        new("bb4", "bb1", "10.0.6.0/30"),
        new("pop1-er1", "bb3", "10.0.7.0/30"),
        new("pop2-er1", "bb4", "10.0.8.0/30"),
        // eBGP: PoPs to their transit providers, and the ASes among themselves.
        new("pop1-er1", "as65001", "10.1.1.0/30"),
        new("pop2-er1", "as65002", "10.1.2.0/30"),
        new("as65001", "as65003", "10.1.3.0/30"),
        new("as65002", "as65003", "10.1.4.0/30"),
        new("as65004", "as65003", "10.1.5.0/30"),
    ];

    /// <summary>The links the events cut: both of the data center's links into the ring.</summary>
    public static GtLink[] DataCenterLinks => [Links[0], Links[1]];

    public static readonly GtAs[] Ases =
    [
        new(65001, "tier1", "core", "100.64.1.0/24", "100.64.1.1"),
        new(65002, "tier1", "core", "100.64.2.0/24", "100.64.2.1"),
        new(65003, "tier1", "core", "100.64.3.0/24", "100.64.3.1"),
        new(65004, "regional", "far", "100.64.4.0/24", "100.64.4.1"),
    ];

    public static readonly GtAsLink[] AsLinks = [new(65001, 65003), new(65002, 65003), new(65004, 65003)];
    public static readonly GtPeering[] Peerings = [new(65001, "pop1-er1"), new(65002, "pop2-er1")];

    /// <summary>The PoPs' edge routers, each with one DNS server (nsd) behind it on the anycast address.</summary>
    public static readonly string[] Pops = ["pop1-er1", "pop2-er1"];
    public static string DnsServerOf(string pop) => pop.Split('-')[0] + "-dns1";
    /// <summary>The farthest AS: three AS hops from either PoP; the resolver (Unbound) runs there.</summary>
    public static GtAs Farthest => Ases[3];
    public static string ResolverNode => $"{Farthest.Name}-resolvers";

    public static bool IsOperator(string node) => Routers.Any(r => r.Name == node);
    public static GtAs As(string node) => Ases.Single(a => a.Name == node);
    public static GtAs As(int asn) => Ases.Single(a => a.Asn == asn);
    public static IEnumerable<GtLink> LinksOf(string node) => Links.Where(l => l.A == node || l.B == node);
    public static string Namespace(string node) => "gt-" + node;
    public static IEnumerable<string> AllNodes => Routers.Select(r => r.Name).Concat(Ases.Select(a => a.Name));

    /// <summary>Which node a neighbour address belongs to, for reading FRR's logs ("10.1.3.1(as65001) rcvd UPDATE …").</summary>
    public static string? NodeOfAddress(string address)
    {
        foreach (var l in Links)
        {
            if (l.AddressOf(l.A) == address) return l.A;
            if (l.AddressOf(l.B) == address) return l.B;
        }
        return null;
    }
}
