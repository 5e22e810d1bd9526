namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// The DNS side: nsd at each PoP answering for example.com on the anycast address (the simulator's DNS servers), and
/// Unbound in the farthest AS, sending its queries for example.com straight to the anycast address (a stub zone, as
/// a delegation would) from the AS's own prefix, so the answers find their way back. Both stay root in their
/// namespaces (no chroot, no user change) and log to their node's folder.
/// </summary>
public static class DnsSetup
{
    /// <summary>The zone: the address record with the configured TTL; the SOA minimum (negative TTL) the same.</summary>
    public static string Zone(int ttlSeconds) => $"""
        $TTL {ttlSeconds}
        example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 3600 600 86400 {ttlSeconds}
        example.com. 3600 IN NS ns1.example.com.
        ns1.example.com. 3600 IN A {GtTopology.DnsAddress}
        www.example.com. {ttlSeconds} IN A 198.51.100.10
        """ + "\n";

    /// <summary>Writes nsd's configuration and zone into the PoP's folder; returns the configuration's path.</summary>
    public static string WriteNsd(string dir, int ttlSeconds)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "example.com.zone"), Zone(ttlSeconds));
        var conf = Path.Combine(dir, "nsd.conf");
        File.WriteAllText(conf, $"""
            server:
              ip-address: {GtTopology.DnsAddress}
              port: 53
              do-ip6: no
              username: ""
              chroot: ""
              server-count: 1
              zonesdir: "{dir}"
              database: ""
              pidfile: "{dir}/nsd.pid"
              logfile: "{dir}/nsd.log"
              xfrdfile: "{dir}/xfrd.state"
              xfrdir: "{dir}"
              zonelistfile: "{dir}/zone.list"
              verbosity: 1
            remote-control:
              control-enable: no
            zone:
              name: example.com
              zonefile: example.com.zone
            """ + "\n");
        return conf;
    }

    /// <summary>Writes Unbound's configuration into the farthest AS's folder; returns its path. Defaults otherwise
    /// (no prefetch, no serve-expired, connected UDP sockets); the validator is off (no DNSSEC here).</summary>
    public static string WriteUnbound(string dir, string outgoingAddress)
    {
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "unbound.conf");
        File.WriteAllText(conf, $"""
            server:
              interface: 127.0.0.1
              port: 53
              do-ip6: no
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "{dir}"
              pidfile: "{dir}/unbound.pid"
              use-syslog: no
              logfile: "{dir}/unbound.log"
              log-time-ascii: yes
              log-servfail: yes
              verbosity: 1
              access-control: 127.0.0.0/8 allow
              outgoing-interface: {outgoingAddress}
              module-config: "iterator"
              qname-minimisation: no
            remote-control:
              control-enable: no
            stub-zone:
              name: "example.com"
              stub-addr: {GtTopology.DnsAddress}
            """ + "\n");
        return conf;
    }
}
