namespace BackboneSim.Model.DataPlane;

/// <summary>IP protocol numbers the model's packets carry (IANA "Assigned Internet Protocol Numbers").</summary>
public static class IpProtocol
{
    public const int Icmp = 1;
    public const int Tcp = 6;
    public const int Udp = 17;
    /// <summary>OSPF's own packets (RFC 2328 §A.1).</summary>
    public const int Ospf = 89;

    /// <summary>The names a scenario may give a protocol, with their numbers.</summary>
    public static readonly IReadOnlyDictionary<string, int> Names = new SortedDictionary<string, int>(StringComparer.Ordinal)
    {
        ["icmp"] = Icmp, ["tcp"] = Tcp, ["udp"] = Udp, ["ospf"] = Ospf,
    };

    public static string Name(int protocol) => Names.FirstOrDefault(kv => kv.Value == protocol).Key ?? protocol.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Destination ports of the model's traffic (IANA "Service Name and Transport Protocol Port Number Registry").</summary>
public static class WellKnownPort
{
    /// <summary>No well-known port (bulk transfers on ports the application picks): only rules without a port match it.</summary>
    public const int None = 0;
    public const int Ssh = 22;
    public const int Dns = 53;
    public const int Bgp = 179;
    public const int Https = 443;
}

/// <summary>
/// What a filter sees of a packet: destination and source address, IP protocol and destination port. The model's
/// traffic travels as aggregates to prefixes, so an aggregate's address is its destination prefix's lowest address,
/// as <see cref="Nodes.AnycastCatchment"/> follows it (every service behind a prefix answers there); a source that is
/// not one address (users anywhere on the Internet) is unknown.
/// </summary>
/// <param name="Destination">The destination address, as a host prefix (/32 or /128).</param>
/// <param name="Source">The source address as a host prefix, or null: many sources.</param>
/// <param name="Protocol">The IP protocol number (<see cref="IpProtocol"/>).</param>
/// <param name="Port">The destination port (<see cref="WellKnownPort"/>; 0: none a rule can name).</param>
public readonly record struct PacketSignature(Prefix Destination, Prefix? Source, int Protocol, int Port)
{
    /// <summary>Packets of <paramref name="protocol"/> to <paramref name="port"/> sent to the aggregate <paramref name="destination"/>:
    /// its lowest address stands for it.</summary>
    public static PacketSignature To(Prefix destination, int protocol, int port, Prefix? source = null)
        => new(Prefix.Of(destination.Address, destination.MaxLength), source, protocol, port);

    /// <summary>Users' requests to the front-ends (HTTPS, RFC 9110).</summary>
    public static PacketSignature Https(Prefix destination) => To(destination, IpProtocol.Tcp, WellKnownPort.Https);
    /// <summary>Queries to a DNS server (RFC 1035 §4.2: UDP to port 53).</summary>
    public static PacketSignature Dns(Prefix destination) => To(destination, IpProtocol.Udp, WellKnownPort.Dns);
    /// <summary>An engineer's tools (SSH, RFC 4253).</summary>
    public static PacketSignature Ssh(Prefix destination) => To(destination, IpProtocol.Tcp, WellKnownPort.Ssh);
    /// <summary>Bulk replication between data centers: TCP on a port the application picks.</summary>
    public static PacketSignature Bulk(Prefix destination) => To(destination, IpProtocol.Tcp, WellKnownPort.None);
    /// <summary>A health check's probe (an ICMP echo, as the model's checks ping).</summary>
    public static PacketSignature Ping(Prefix destination) => To(destination, IpProtocol.Icmp, WellKnownPort.None);
}
