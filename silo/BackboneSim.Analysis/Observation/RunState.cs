using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Analysis.Observation;

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
    /// <summary>Per cohort and operator service: the share of its front-end traffic that is sent and arrives (the names
    /// resolve × the front-ends' traffic gets through), from its latest <c>service.availability</c>.</summary>
    private readonly Dictionary<(string Cohort, string Service), double> _delivery = new();
    private readonly string[] _ownServices;
    /// <summary>Gb/s of front-end traffic per user of a service: active share × Mb/s per active user × backbone share.</summary>
    private readonly double _gbpsPerUser;
    private readonly Dictionary<string, double> _totalWeight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _affected = new(StringComparer.Ordinal);
    private readonly List<string> _columns;
    private readonly IReadOnlyList<string> _namedLinks;
    private readonly string[] _tools;
    private readonly Dictionary<string, double> _toolUp = new(StringComparer.Ordinal);
    private readonly string[] _dataCenters;
    private readonly Dictionary<string, double> _powerMw = new(StringComparer.Ordinal);
    private long _bgpUpdatesSinceRow;
    private readonly Dictionary<string, string> _regionOf = new(StringComparer.Ordinal);
    private readonly string[] _regions;
    private readonly HashSet<string> _controlPlaneDown = new(StringComparer.Ordinal);
    private readonly string[] _substitutes;
    private readonly Dictionary<(string Cohort, string From, string To), double> _moved = new();
    private readonly Dictionary<string, double> _linkUtilisation = new(StringComparer.Ordinal);
    /// <summary>The data plane's losses by reason, in <see cref="LossReasons"/> order (Gbps, latest <c>backbone.traffic</c>).</summary>
    private readonly double[] _lost = new double[LossReasons.Length];

    /// <summary>Why front-end traffic is lost, as the <c>traffic_lost:&lt;reason&gt;</c> columns name it.</summary>
    public static readonly string[] LossReasons = ["no_route", "loop", "congestion", "link_down", "filtered", "after_stale"];

    public RunState(SimulationFactory factory)
    {
        var t = factory.Scenario.Topology;
        // A link the base configuration starts administratively down has no event: it is down from the start.
        foreach (var l in t.Links.Where(l => l.Kind == LinkKinds.Backbone)) _downEndsByBackboneLink[l.Name] = factory.Configuration.DownEnds(l);
        BackboneLinks = _downEndsByBackboneLink.Count;
        BackboneLinksUp = _downEndsByBackboneLink.Values.Count(d => d == 0);
        DnsServers = t.DnsServers.Count;
        DnsAnnouncing = DnsServers;
        _prefixes = t.OperatorPrefixes.ToArray();
        _asCount = t.ExternalAses.Count;
        foreach (var p in _prefixes)
            _visibleAt[p] = t.ExternalAses.Where(a => factory.InitiallyVisible(a.Node, p)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        _resolvers = t.Resolvers.Select(r => r.Name).ToArray();
        foreach (var r in t.Resolvers)
        {
            // Before a cohort's first resolver.load: the steady demand, every name answered, and its normal day's
            // background of SERVFAIL and NXDOMAIN (0 unless baseline_servfail_ratio / baseline_nxdomain_ratio are set).
            var qps = factory.InitialQueriesPerSecond(r.Node);
            var timings = ResolverTimings.Of(r, factory.Scenario.Parameters);
            _resolverLoad[r.Name] = (qps, timings.BaselineServfailRatio * qps, timings.BaselineNxdomainRatio * qps);
        }
        _services = t.Services.Select(s => s.Name).ToArray();
        _ownServices = t.Services.Where(s => !s.ThirdParty).Select(s => s.Name).ToArray();
        var parameters = factory.Scenario.Parameters;
        _gbpsPerUser = parameters.ActiveUserFraction * parameters.MbpsPerActiveUser * parameters.BackboneTrafficShare / 1000;
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
        _substitutes = Substitutes(t);
        _namedLinks = NamedLinkColumns(factory.Scenario);
        _columns = ColumnsFor(t, _tools, _namedLinks);
    }

    /// <summary>The prefix of a per-link column: <c>link_utilisation:&lt;router&gt;~&lt;router&gt;</c>, the lower node first.</summary>
    public const string LinkColumnPrefix = "link_utilisation:";

    /// <summary>Every per-link column a scenario on this topology may name: one per pair of routers joined by a link,
    /// as <c>link.utilisation</c> names them (parallel links together, the lower node first).</summary>
    public static IEnumerable<string> LinkColumns(NetworkTopology t)
        => t.Links.Select(l => LinkColumn(t, l.A, l.B)).Distinct().OrderBy(c => c, StringComparer.Ordinal);

    public static string LinkColumn(NetworkTopology t, int a, int b) => $"{LinkColumnPrefix}{t.NodeNames[Math.Min(a, b)]}~{t.NodeNames[Math.Max(a, b)]}";

    /// <summary>
    /// The per-link columns the scenario's conditions name (expectations, steady state, triggers, rollout health checks):
    /// those, and only those, are in the <c>--series</c> file, so a network of thousands of links does not give
    /// thousands of columns.
    /// </summary>
    public static IReadOnlyList<string> NamedLinkColumns(ScenarioDefinition scenario)
    {
        var bounds = scenario.Expectations.Concat(scenario.SteadyState).Select(e => e.Series)
            .Concat(scenario.Timeline.Select(a => a.When?.Series))
            .Concat(scenario.Timeline.OfType<IStagedRollout>().SelectMany(r => r.Rollout?.Health ?? []).Select(h => h.Series));
        return bounds.Where(b => b is not null && b.Column.StartsWith(LinkColumnPrefix, StringComparison.Ordinal)).Select(b => b!.Column)
            .Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
    }

    private static string[] Substitutes(NetworkTopology t)
        => t.Services.SelectMany(s => s.Substitutes.Select(x => x.Service)).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray();

    /// <summary>The series columns of a run on this topology, in order (also what scenario expectations may name).</summary>
    /// <param name="links">The per-link columns to include (<see cref="NamedLinkColumns"/>), after <c>link_utilisation_max</c>.</param>
    public static List<string> ColumnsFor(NetworkTopology t, IReadOnlyList<string> tools, IReadOnlyList<string>? links = null)
    {
        var regions = t.Clients.Select(c => c.Region).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToArray();
        return
        [
            "backbone_links_up", "backbone_traffic_gbps", .. LossReasons.Select(r => $"traffic_lost:{r}"), "bulk_traffic_gbps", "link_utilisation_max", .. links ?? [], "routers_control_plane_down",
            "dns_announcing_servers", "bgp_updates",
            .. t.OperatorPrefixes.Select(p => $"prefix_visibility:{p}"),
            "resolver_queries_per_s", "resolver_servfail_per_s",
            .. t.Resolvers.Select(r => $"resolver_queries_per_s:{r.Name}"),
            .. t.Services.Select(s => $"service_availability:{s.Name}"),
            .. t.Services.SelectMany(s => regions.Select(r => $"service_availability:{s.Name}:{r}")),
            .. t.Services.Where(s => !s.ThirdParty).Select(s => $"traffic_delivered:{s.Name}"),
            .. tools.Select(x => $"service_availability:{x}"),
            "users_affected",
            .. Substitutes(t).Select(s => $"substitute_users:{s}"),
            .. t.DataCenters.Select(d => $"dc_power_mw:{d.Name}"),
        ];
    }

    /// <summary>One column's current value, without reading the others (bgp_updates is per row: not available here).</summary>
    public double ValueOf(string column)
    {
        var colon = column.IndexOf(':');
        var head = colon < 0 ? column : column[..colon];
        var tail = colon < 0 ? "" : column[(colon + 1)..];
        switch (head)
        {
            case "backbone_links_up": return BackboneLinksUp;
            case "backbone_traffic_gbps": return BackboneTrafficGbps;
            case "traffic_lost": return Array.IndexOf(LossReasons, tail) is >= 0 and var reason ? _lost[reason] : throw new ArgumentException($"no series column '{column}'");
            case "bulk_traffic_gbps": return BulkTrafficGbps;
            case "link_utilisation_max": return MaxLinkUtilisation;
            case "link_utilisation": return _linkUtilisation.GetValueOrDefault(tail);
            case "traffic_delivered": return TrafficDelivered(tail);
            case "routers_control_plane_down": return RoutersControlPlaneDown;
            case "dns_announcing_servers": return DnsAnnouncing;
            case "prefix_visibility": return Visibility(tail);
            case "resolver_queries_per_s": return colon < 0 ? ResolverQueriesPerSecond : _resolverLoad[tail].Qps;
            case "resolver_servfail_per_s": return ResolverServfailPerSecond;
            case "users_affected": return UsersAffected;
            case "substitute_users": return SubstituteUsers(tail);
            case "dc_power_mw": return _powerMw[tail];
            case "service_availability":
                if (_toolUp.TryGetValue(tail, out var up)) return up;
                var second = tail.LastIndexOf(':');
                return second > 0 && _regions.Contains(tail[(second + 1)..]) ? ServiceAvailability(tail[..second], tail[(second + 1)..]) : ServiceAvailability(tail);
        }
        throw new ArgumentException($"no series column '{column}' readable one at a time");
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
    /// <summary>Bulk (replication) traffic the backbone delivers, Gbps.</summary>
    public double BulkTrafficGbps { get; private set; }
    public double MaxLinkUtilisation { get; private set; }
    public int RoutersControlPlaneDown => _controlPlaneDown.Count;

    public double Visibility(string prefix) => _asCount == 0 ? 0 : (double)_visibleAt[prefix].Count / _asCount;

    /// <summary>Whether the prefix is one of the operator's (whose visibility is followed), not an Internet aggregate.</summary>
    public bool FollowsVisibility(string prefix) => _visibleAt.ContainsKey(prefix);

    /// <summary>Share of the service's demand (users x usage) that is served, over every client cohort.</summary>
    public double ServiceAvailability(string service)
    {
        var total = _totalWeight.GetValueOrDefault(service);
        if (total <= 0) return 1;
        return _availability.Where(kv => kv.Key.Service == service).Sum(kv => kv.Value * _weight[kv.Key]) / total;
    }

    /// <summary>
    /// Gb/s of an operator service's front-end traffic that the backbone delivers to the data centers: over the client
    /// cohorts, users × its users_share × active share × Mb/s per active user × backbone share, times the share whose
    /// names resolve and whose traffic gets through. Surges are not counted.
    /// </summary>
    public double TrafficDelivered(string service)
        => _weight.Where(kv => kv.Key.Service == service).Sum(kv => kv.Value * _gbpsPerUser * _delivery.GetValueOrDefault(kv.Key, 1));

    /// <summary>The same, over the client cohorts of one region.</summary>
    public double ServiceAvailability(string service, string region)
    {
        double served = 0, total = 0;
        foreach (var (key, w) in _weight)
            if (key.Service == service && _regionOf[key.Cohort] == region) { served += _availability[key] * w; total += w; }
        return total <= 0 ? 1 : served / total;
    }

    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Users who moved to <paramref name="service"/> from failing services, over every cohort.</summary>
    public double SubstituteUsers(string service) => _moved.Where(kv => kv.Key.To == service).Sum(kv => kv.Value);

    /// <summary>Folds one logged event, by the record it was emitted as.</summary>
    public void Apply(LoggedEvent e)
    {
        switch (e.Payload)
        {
            case InterfaceAdmin admin: LinkEnd(admin.Link, up: admin.Up); break;
            // A cut counts like one more end down: the link is up again when nothing keeps it down.
            case LinkCutByFailure cut: LinkEnd(cut.Link, up: false); break;
            case LinkRestoredByFailure restored: LinkEnd(restored.Link, up: true); break;
            case DnsWithdraw: DnsAnnouncing--; break;
            case DnsAnnounce: DnsAnnouncing++; break;
            case BgpUpdateReceived: _bgpUpdatesSinceRow++; break;
            case BgpRouteLost lost when _visibleAt.TryGetValue(lost.Prefix, out var set): set.Remove(e.NodeName); break;
            case BgpRouteLearned learned when _visibleAt.TryGetValue(learned.Prefix, out var set): set.Add(e.NodeName); break;
            // The log rounds these rates to 0.001/s; the series are read at the log's precision.
            case ResolverLoadChanged load:
                _resolverLoad[e.NodeName] = (Math.Round(load.QueriesPerSecond, 3), Math.Round(load.ServfailPerSecond, 3), Math.Round(load.NxdomainPerSecond, 3));
                break;
            case ServiceAvailability service:
                _availability[(e.NodeName, service.Service)] = service.Availability;
                if (service.Parts is { } parts) _delivery[(e.NodeName, service.Service)] = parts.Dns * parts.FrontEndShare;
                break;
            case UsersAffected users: _affected[e.NodeName] = users.Affected; break;
            case UsersSubstitute moved: _moved[(e.NodeName, moved.From, moved.To)] = moved.Users; break;
            case ToolAvailability tool: _toolUp[tool.Tool] = tool.Up ? 1 : 0; break;
            case DcLoad or DcTrafficLost or DcPowerLost or DcPowerRestored: _powerMw[e.NodeName] = e.Value; break; // each one's power, MW
            case DcBreakerTrip or DcRegionPowerTrip: _powerMw[e.NodeName] = 0; break;
            case DcBreakerReset: _powerMw[e.NodeName] = e.Value; break;
            case BackboneTraffic traffic:
                BackboneTrafficGbps = traffic.DeliveredGbps;
                BulkTrafficGbps = traffic.BulkDeliveredGbps;
                (_lost[0], _lost[1], _lost[2], _lost[3], _lost[4], _lost[5]) =
                    (traffic.NoRouteGbps, traffic.LoopGbps, traffic.CongestionGbps, traffic.LinkDownGbps, traffic.FilteredGbps, traffic.StaleGbps);
                break;
            // Each pair's latest report: the busiest one is current at every row, not as of the last total.
            case LinkUtilisation link:
                if (link.Utilisation == 0) _linkUtilisation.Remove(link.Routers); else _linkUtilisation[link.Routers] = link.Utilisation;
                MaxLinkUtilisation = _linkUtilisation.Count == 0 ? 0 : _linkUtilisation.Values.Max();
                break;
            case RouterControlPlaneFailed or RouterControlPlaneLost or RouterCrashed: _controlPlaneDown.Add(e.NodeName); break;
            case RouterControlPlaneRecovered: _controlPlaneDown.Remove(e.NodeName); break;
        }
    }

    /// <summary>One end of a backbone link went down (admin down, a cut) or came back; other links are not counted.</summary>
    private void LinkEnd(string link, bool up)
    {
        if (!_downEndsByBackboneLink.TryGetValue(link, out var down)) return;
        var now = down + (up ? -1 : 1);
        _downEndsByBackboneLink[link] = now;
        if (down == 0 && now > 0) BackboneLinksUp--;
        if (down > 0 && now == 0) BackboneLinksUp++;
    }

    /// <summary>Current values in column order; bgp_updates counts the updates since the previous row.</summary>
    public void Read(Span<double> values)
    {
        var i = 0;
        values[i++] = BackboneLinksUp;
        values[i++] = BackboneTrafficGbps;
        foreach (var lost in _lost) values[i++] = lost;
        values[i++] = BulkTrafficGbps;
        values[i++] = MaxLinkUtilisation;
        foreach (var link in _namedLinks) values[i++] = _linkUtilisation.GetValueOrDefault(link[LinkColumnPrefix.Length..]);
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
        foreach (var s in _ownServices) values[i++] = TrafficDelivered(s);
        foreach (var x in _tools) values[i++] = _toolUp[x];
        values[i++] = UsersAffected;
        foreach (var s in _substitutes) values[i++] = SubstituteUsers(s);
        foreach (var d in _dataCenters) values[i++] = _powerMw[d];
    }
}
