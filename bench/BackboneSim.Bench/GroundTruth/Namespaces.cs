namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// The topology as Linux network namespaces: one per router (operator routers and external ASes), joined by veth
/// pairs, with loopback and anycast addresses. Nothing leaves the machine: no namespace has a link to the host's.
/// Cutting a link sets both of its ends down (both lose carrier, as a cut fibre); restoring sets them up.
/// </summary>
public static class Namespaces
{
    /// <summary>Why namespaces cannot be used here, or null when they can (creates and deletes a probe namespace).</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces need Linux";
        if (!Shell.Exists("ip")) return "the ip command (iproute2) is not installed";
        const string probe = "gt-probe";
        Shell.Run("ip", "netns", "del", probe);
        var r = Shell.Run("ip", "netns", "add", probe);
        if (!r.Ok) return $"cannot create a network namespace (ip netns add: {r.Error.Trim()}); run as root on a machine that allows it";
        Shell.Run("ip", "netns", "del", probe);
        return null;
    }

    /// <summary>Namespaces left by an earlier run that did not tear down (killed with SIGKILL, or --keep).</summary>
    public static IEnumerable<string> Leftovers() =>
        Shell.Run("ip", "netns", "list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0]).Where(n => n.StartsWith("gt-", StringComparison.Ordinal));

    public static async Task CreateAsync()
    {
        foreach (var node in GtTopology.AllNodes)
        {
            var ns = GtTopology.Namespace(node);
            await Shell.MustAsync("ip", "netns", "add", ns);
            await Shell.MustAsync("ip", "-n", ns, "link", "set", "lo", "up");
            foreach (var (key, value) in new[] { ("net.ipv4.ip_forward", "1"), ("net.ipv4.conf.all.rp_filter", "0"), ("net.ipv4.conf.default.rp_filter", "0") })
                await Shell.MustAsync("ip", "netns", "exec", ns, "sysctl", "-q", "-w", $"{key}={value}");
        }
        foreach (var r in GtTopology.Routers)
            await Shell.MustAsync("ip", "-n", GtTopology.Namespace(r.Name), "addr", "add", r.Loopback + "/32", "dev", "lo");
        foreach (var a in GtTopology.Ases)
            await Shell.MustAsync("ip", "-n", GtTopology.Namespace(a.Name), "addr", "add", a.OwnAddress + "/24", "dev", "lo");
        // The anycast DNS address sits on each PoP router's loopback; nsd answers on it there.
        foreach (var pop in GtTopology.Pops)
            await Shell.MustAsync("ip", "-n", GtTopology.Namespace(pop), "addr", "add", GtTopology.DnsAddress + "/32", "dev", "lo");
        foreach (var l in GtTopology.Links)
        {
            await Shell.MustAsync("ip", "link", "add", l.InterfaceAt(l.A), "netns", GtTopology.Namespace(l.A), "type", "veth",
                "peer", "name", l.InterfaceAt(l.B), "netns", GtTopology.Namespace(l.B));
            foreach (var end in new[] { l.A, l.B })
            {
                var ns = GtTopology.Namespace(end);
                await Shell.MustAsync("ip", "-n", ns, "addr", "add", l.AddressOf(end) + "/30", "dev", l.InterfaceAt(end));
                await Shell.MustAsync("ip", "-n", ns, "link", "set", l.InterfaceAt(end), "up");
            }
        }
    }

    /// <summary>Cuts (up: false) or splices (up: true) the links: both ends at once, A then B.</summary>
    public static async Task SetLinksAsync(IEnumerable<GtLink> links, bool up)
    {
        foreach (var l in links)
            foreach (var end in new[] { l.A, l.B })
                await Shell.MustAsync("ip", "-n", GtTopology.Namespace(end), "link", "set", l.InterfaceAt(end), up ? "up" : "down");
    }

    /// <summary>Deletes every gt- namespace (their veths go with them). Never throws.</summary>
    public static void TearDown()
    {
        foreach (var ns in Leftovers()) Shell.Run("ip", "netns", "del", ns);
    }
}
