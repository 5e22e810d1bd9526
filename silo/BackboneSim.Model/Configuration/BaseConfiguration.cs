using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Configuration;

/// <summary>
/// The configuration every node starts in, resolved per node from the scenario's <c>config:</c> entries (applied in
/// order, later ones overriding earlier ones) on top of what the topology and its <c>bgp:</c> design give. Computed
/// once from the scenario, so it is the same wherever a node is built (in memory or in any silo). The network starts
/// converged in it: the initial link-state database, the BGP steady state and each model's own state all use it.
/// </summary>
public sealed class BaseConfiguration
{
    private readonly Dictionary<(int Router, int Link), (bool AdminUp, int Metric)> _interfaces = new();
    private readonly HashSet<int> _overloaded = new();
    private readonly Dictionary<int, List<BgpSessionEdit>> _bgp = new();
    private readonly Dictionary<int, SortedSet<string>> _announce = new();
    private readonly Dictionary<int, DnsHealthSetting> _health = new();
    private readonly Dictionary<int, double> _dnsCapacity = new();
    private readonly ModelParameters _p;

    /// <summary>No <c>config:</c>: everything as the topology and the parameters say.</summary>
    public static BaseConfiguration Empty(ModelParameters p) => new([], p, []);

    public BaseConfiguration(IReadOnlyList<LinkSpec> links, ModelParameters parameters, IReadOnlyList<ConfigEntry> entries)
    {
        _p = parameters;
        var linksOf = new Dictionary<int, List<LinkSpec>>();
        var metricOf = links.ToDictionary(l => l.Index, l => l.Metric);
        foreach (var l in links)
            foreach (var end in new[] { l.A, l.B }) (linksOf.TryGetValue(end, out var list) ? list : linksOf[end] = []).Add(l);
        foreach (var entry in entries)
        {
            foreach (var node in entry.Targets)
            {
                if (linksOf.TryGetValue(node, out var routerLinks))
                    foreach (var setting in entry.Interfaces)
                        foreach (var link in routerLinks.Where(l => setting.Matches(l.Name, l.Kind)))
                        {
                            var (admin, metric) = Interface(node, link);
                            _interfaces[(node, link.Index)] = (setting.AdminUp ?? admin, setting.Metric ?? metric);
                        }
                if (entry.Overload is { } overload) { if (overload) _overloaded.Add(node); else _overloaded.Remove(node); }
                if (entry.Bgp.Count > 0) (_bgp.TryGetValue(node, out var list) ? list : _bgp[node] = []).AddRange(entry.Bgp);
                if (entry.Announce.Count > 0) (_announce.TryGetValue(node, out var set) ? set : _announce[node] = new(StringComparer.Ordinal)).UnionWith(entry.Announce);
                if (entry.DnsCapacity is { } capacity) _dnsCapacity[node] = capacity;
                if (entry.Health is { } h)
                    _health[node] = _health.TryGetValue(node, out var before)
                        ? new DnsHealthSetting(h.IntervalMs ?? before.IntervalMs, h.FailThreshold ?? before.FailThreshold,
                            h.RecoverThreshold ?? before.RecoverThreshold, h.WithdrawWhenUnhealthy ?? before.WithdrawWhenUnhealthy, h.DataPlaneProbe ?? before.DataPlaneProbe,
                            h.AlignedPhase ?? before.AlignedPhase)
                        : h;
            }
        }
        ChangesIgp = _overloaded.Count > 0 || _interfaces.Any(kv => !kv.Value.AdminUp || kv.Value.Metric != metricOf[kv.Key.Link]);
    }

    /// <summary>A DNS server's capacity as a multiple of the most loaded server's normal load: its <c>capacity</c>
    /// setting, else <c>dns_capacity_factor</c>.</summary>
    public double DnsCapacity(int server) => _dnsCapacity.TryGetValue(server, out var c) ? c : _p.DnsCapacityFactor;

    /// <summary>Whether the IGP starts other than the topology says (a link down, a metric or an overload bit set).</summary>
    public bool ChangesIgp { get; }

    /// <summary>A router's end of a link: its admin state and the metric it advertises.</summary>
    public (bool AdminUp, int Metric) Interface(int router, LinkSpec link)
        => _interfaces.TryGetValue((router, link.Index), out var s) ? s : (true, link.Metric);

    /// <summary>How many ends of the link start administratively down (0, 1 or 2).</summary>
    public int DownEnds(LinkSpec link) => (Interface(link.A, link).AdminUp ? 0 : 1) + (Interface(link.B, link).AdminUp ? 0 : 1);

    public bool Overload(int router) => _overloaded.Contains(router);

    /// <summary>A session's policy: the design's policy for its kind with the router's <c>bgp:</c> settings applied in order.</summary>
    public BgpPolicySpec Policy(int router, BgpSessionKind kind, string peerName, BgpPolicySpec design)
    {
        if (!_bgp.TryGetValue(router, out var edits)) return design;
        foreach (var edit in edits.Where(e => BgpSpeaker.Matches(kind, peerName, e.Peer))) design = BgpSpeaker.WithEdit(design, edit);
        return design;
    }

    /// <summary>Prefixes the router announces unconditionally on top of the topology's static ones.</summary>
    public IReadOnlyCollection<string> Announced(int router) => _announce.TryGetValue(router, out var set) ? set : [];

    /// <summary>Every prefix some router's base configuration announces.</summary>
    public IEnumerable<string> AllAnnounced => _announce.Values.SelectMany(s => s).Distinct().OrderBy(p => p, StringComparer.Ordinal);

    public DnsHealthCheck Health(DnsServerSpec server)
    {
        var d = DnsHealthCheck.Default(_p, server);
        return _health.TryGetValue(server.Node, out var s) ? d.With(s) : d;
    }
}
