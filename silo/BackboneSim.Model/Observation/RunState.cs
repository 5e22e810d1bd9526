using System.Text.Json;
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
    private readonly string[] _resolvers;
    private readonly Dictionary<string, (double Qps, double Servfail, double Nxdomain)> _resolverLoad = new(StringComparer.Ordinal);
    private readonly string[] _services;
    private readonly Dictionary<(string Cohort, string Service), double> _availability = new();
    private readonly Dictionary<(string Cohort, string Service), double> _weight = new();
    private readonly Dictionary<string, double> _totalWeight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _affected = new(StringComparer.Ordinal);
    private readonly List<string> _columns;
    private readonly string[] _tools;
    private readonly Dictionary<string, double> _toolUp = new(StringComparer.Ordinal);
    private readonly string[] _dataCenters;
    private readonly Dictionary<string, double> _powerMw = new(StringComparer.Ordinal);
    private long _bgpUpdatesSinceRow;
    private readonly Dictionary<string, string> _regionOf = new(StringComparer.Ordinal);
    private readonly string[] _regions;
    private readonly HashSet<string> _controlPlaneDown = new(StringComparer.Ordinal);

    public RunState(SimulationFactory factory)
    {
        var t = factory.Scenario.Topology;
        foreach (var l in t.Links.Where(l => l.Kind == LinkKinds.Backbone)) _downEndsByBackboneLink[l.Name] = 0;
        BackboneLinks = _downEndsByBackboneLink.Count;
        BackboneLinksUp = BackboneLinks;
        DnsServers = t.DnsServers.Count;
        DnsAnnouncing = DnsServers;
        _prefixes = t.OperatorPrefixes.ToArray();
        _asCount = t.ExternalAses.Count;
        foreach (var p in _prefixes)
            _visibleAt[p] = t.ExternalAses.Where(a => factory.InitiallyVisible(a.Node, p)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        _resolvers = t.Resolvers.Select(r => r.Name).ToArray();
        foreach (var r in t.Resolvers) _resolverLoad[r.Name] = (factory.InitialQueriesPerSecond(r.Node), 0, 0);
        _services = t.Services.Select(s => s.Name).ToArray();
        foreach (var c in t.Clients)
            foreach (var s in t.Services)
            {
                var w = c.Users * s.UsersShare;
                _availability[(c.Name, s.Name)] = 1;
                _weight[(c.Name, s.Name)] = w;
                _totalWeight[s.Name] = _totalWeight.GetValueOrDefault(s.Name) + w;
            }
        foreach (var c in t.Clients) _regionOf[c.Name] = c.Region;
        _regions = t.Clients.Select(c => c.Region).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToArray();
        _tools = factory.Scenario.Responders.Tools.Select(x => x.Name).ToArray();
        foreach (var tool in _tools) _toolUp[tool] = 1;
        _dataCenters = t.DataCenters.Select(d => d.Name).ToArray();
        foreach (var d in t.DataCenters) _powerMw[d.Name] = d.PeakPowerMw; // at full load at the start
        _columns =
        [
            "backbone_links_up", "backbone_traffic_gbps", "link_utilisation_max", "routers_control_plane_down",
            "dns_announcing_servers", "bgp_updates",
            .. _prefixes.Select(p => $"prefix_visibility:{p}"),
            "resolver_queries_per_s", "resolver_servfail_per_s",
            .. _resolvers.Select(r => $"resolver_queries_per_s:{r}"),
            .. _services.Select(s => $"service_availability:{s}"),
            .. _services.SelectMany(s => _regions.Select(r => $"service_availability:{s}:{r}")),
            .. _tools.Select(x => $"service_availability:{x}"),
            "users_affected",
            .. _dataCenters.Select(d => $"dc_power_mw:{d}"),
        ];
    }

    public int BackboneLinks { get; }
    public int BackboneLinksUp { get; private set; }
    public int DnsServers { get; }
    public int DnsAnnouncing { get; private set; }
    public IReadOnlyList<string> Prefixes => _prefixes;
    public IReadOnlyList<string> Services => _services;
    public double ResolverQueriesPerSecond => _resolverLoad.Values.Sum(l => l.Qps);
    public double ResolverServfailPerSecond => _resolverLoad.Values.Sum(l => l.Servfail);
    public double ResolverNxdomainPerSecond => _resolverLoad.Values.Sum(l => l.Nxdomain);
    public double UsersAffected => _affected.Values.Sum();
    public double PowerMw => _powerMw.Values.Sum();
    public double BackboneTrafficGbps { get; private set; }
    public double MaxLinkUtilisation { get; private set; }
    public int RoutersControlPlaneDown => _controlPlaneDown.Count;

    public double Visibility(string prefix) => _asCount == 0 ? 0 : (double)_visibleAt[prefix].Count / _asCount;

    /// <summary>Share of the service's demand (users x usage) that is served, over every client cohort.</summary>
    public double ServiceAvailability(string service)
    {
        var total = _totalWeight.GetValueOrDefault(service);
        if (total <= 0) return 1;
        return _availability.Where(kv => kv.Key.Service == service).Sum(kv => kv.Value * _weight[kv.Key]) / total;
    }

    /// <summary>The same, over the client cohorts of one region.</summary>
    public double ServiceAvailability(string service, string region)
    {
        double served = 0, total = 0;
        foreach (var (key, w) in _weight)
            if (key.Service == service && _regionOf[key.Cohort] == region) { served += _availability[key] * w; total += w; }
        return total <= 0 ? 1 : served / total;
    }

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
            case "bgp.update": _bgpUpdatesSinceRow++; break;
            case "bgp.route_lost" when e.Subject is { } p && _visibleAt.TryGetValue(p, out var set): set.Remove(e.NodeName); break;
            case "bgp.route_learned" when e.Subject is { } p && _visibleAt.TryGetValue(p, out var set): set.Add(e.NodeName); break;
            case "resolver.load":
                using (var doc = JsonDocument.Parse(e.DataJson))
                    _resolverLoad[e.NodeName] = (doc.RootElement.GetProperty("queries_per_s").GetDouble(), doc.RootElement.GetProperty("servfail_per_s").GetDouble(),
                        doc.RootElement.TryGetProperty("nxdomain_per_s", out var nx) ? nx.GetDouble() : 0);
                break;
            case "service.availability" when e.Subject is { } s: _availability[(e.NodeName, s)] = e.Value; break;
            case "users.affected": _affected[e.NodeName] = e.Value; break;
            case "tool.availability" when e.Subject is { } tool: _toolUp[tool] = e.Value; break;
            case "dc.load" or "dc.traffic_lost": _powerMw[e.NodeName] = e.Value; break;
            case "backbone.traffic":
                BackboneTrafficGbps = e.Value;
                using (var doc = JsonDocument.Parse(e.DataJson)) MaxLinkUtilisation = doc.RootElement.GetProperty("max_utilisation").GetDouble();
                break;
            case "router.control_plane_failed": _controlPlaneDown.Add(e.NodeName); break;
            case "router.control_plane_recovered": _controlPlaneDown.Remove(e.NodeName); break;
        }
    }

    /// <summary>Current values in column order; bgp_updates counts the updates since the previous row.</summary>
    public void Read(Span<double> values)
    {
        var i = 0;
        values[i++] = BackboneLinksUp;
        values[i++] = BackboneTrafficGbps;
        values[i++] = MaxLinkUtilisation;
        values[i++] = RoutersControlPlaneDown;
        values[i++] = DnsAnnouncing;
        values[i++] = _bgpUpdatesSinceRow;
        _bgpUpdatesSinceRow = 0;
        foreach (var p in _prefixes) values[i++] = Visibility(p);
        values[i++] = ResolverQueriesPerSecond;
        values[i++] = ResolverServfailPerSecond;
        foreach (var r in _resolvers) values[i++] = _resolverLoad[r].Qps;
        foreach (var s in _services) values[i++] = ServiceAvailability(s);
        foreach (var s in _services) foreach (var r in _regions) values[i++] = ServiceAvailability(s, r);
        foreach (var x in _tools) values[i++] = _toolUp[x];
        values[i++] = UsersAffected;
        foreach (var d in _dataCenters) values[i++] = _powerMw[d];
    }
}
