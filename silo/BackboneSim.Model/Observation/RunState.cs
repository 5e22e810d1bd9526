using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Observation;

/// <summary>
/// Aggregate state of a run, kept from its events alone (so it is the same under every runtime): what the
/// --series file and the summary show. Columns are documented in docs/outputs.md.
/// </summary>
public sealed class RunState : ISeriesState
{
    private readonly Dictionary<string, int> _downEndsByBackboneLink = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _visibleAt = new(StringComparer.Ordinal);
    private readonly string[] _prefixes;
    private readonly int _asCount;
    private readonly List<string> _columns;

    public RunState(SimulationFactory factory)
    {
        var t = factory.Scenario.Topology;
        foreach (var l in t.Links.Where(l => l.Kind == LinkKinds.Backbone)) _downEndsByBackboneLink[l.Name] = 0;
        BackboneLinks = _downEndsByBackboneLink.Count;
        BackboneLinksUp = BackboneLinks;
        DnsServers = t.DnsServers.Count;
        DnsAnnouncing = DnsServers;
        _prefixes = t.AnycastPrefixes.ToArray();
        _asCount = t.ExternalAses.Count;
        foreach (var p in _prefixes)
            _visibleAt[p] = t.ExternalAses.Where(a => factory.InitiallyVisible(a.Node, p)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        _columns = ["backbone_links_up", "dns_announcing_servers", .. _prefixes.Select(p => $"prefix_visibility:{p}")];
    }

    public int BackboneLinks { get; }
    public int BackboneLinksUp { get; private set; }
    public int DnsServers { get; }
    public int DnsAnnouncing { get; private set; }
    public IReadOnlyList<string> Prefixes => _prefixes;

    public double Visibility(string prefix) => _asCount == 0 ? 0 : (double)_visibleAt[prefix].Count / _asCount;

    public IReadOnlyList<string> Columns => _columns;

    public void Apply(LoggedEvent e)
    {
        switch (e.Kind)
        {
            case "interface.admin" when e.Subject is { } link && _downEndsByBackboneLink.TryGetValue(link, out var down):
                var now = down + (e.Value > 0 ? -1 : 1);
                _downEndsByBackboneLink[link] = now;
                if (down == 0 && now > 0) BackboneLinksUp--;
                if (down > 0 && now == 0) BackboneLinksUp++;
                break;
            case "dns.withdraw": DnsAnnouncing--; break;
            case "dns.announce": DnsAnnouncing++; break;
            case "bgp.route_lost" when e.Subject is { } p && _visibleAt.TryGetValue(p, out var set): set.Remove(e.NodeName); break;
            case "bgp.route_learned" when e.Subject is { } p && _visibleAt.TryGetValue(p, out var set): set.Add(e.NodeName); break;
        }
    }

    public void Read(Span<double> values)
    {
        values[0] = BackboneLinksUp;
        values[1] = DnsAnnouncing;
        for (var i = 0; i < _prefixes.Length; i++) values[2 + i] = Visibility(_prefixes[i]);
    }
}
