using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Web.Runs;

/// <summary>A map element changed state because of one event.</summary>
public sealed record StateChange(long EventId, string Target, string State);

/// <summary>
/// A backbone link's load as the latest <c>link.utilisation</c> report of its pair of routers states it (parallel
/// links between the same two routers share the report): load and capacity of the links in use, load ÷ capacity.
/// </summary>
public sealed record LinkLoad(double Gbps, double CapacityGbps, double Utilisation)
{
    /// <summary>No report yet, or the pair carries nothing.</summary>
    public static readonly LinkLoad None = new(0, 0, 0);
}

/// <summary>A backbone link's load changed because of one <c>link.utilisation</c> event.</summary>
public sealed record LoadChange(long EventId, string Link, double Gbps, double CapacityGbps, double Utilisation)
{
    public LinkLoad ToLoad() => new(Gbps, CapacityGbps, Utilisation);
}

/// <summary>
/// What the map colours, kept from the event log alone: DNS servers (announcing / withdrawn / down), routers (up /
/// isolated from every data center / down), data centers (serving / restoring / tripped / dark / unpowered), backbone
/// links (up / down), external ASes (reachable / partial / unreachable: how many operator prefixes they route) and
/// sites (ok / degraded / down, from their members). Each event yields the changes it caused, so a browser folds
/// changes up to any time T to draw the map at T, and the server answers the same way: one definition of state.
/// Besides its state, a backbone link has a load (<see cref="LoadChange"/>, from <c>link.utilisation</c>), kept apart
/// so the state names stay what they were.
/// </summary>
public sealed class MapStates
{
    private readonly Dictionary<string, string> _state = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _siteOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _membersOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _downEnds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string A, string B)> _linkSites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _routerFlags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _visible = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _prefixesAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _operatorPrefixes;
    private readonly Dictionary<string, List<string>> _linksOfPair = new(StringComparer.Ordinal);

    public MapStates(ScenarioDefinition scenario, Func<int, string, bool> initiallyVisible)
    {
        var t = scenario.Topology;
        foreach (var s in t.Sites) { _state[s.Name] = "ok"; _membersOf[s.Name] = []; }
        foreach (var r in t.Routers) { Member(r.Name, r.Site, "up"); _routerFlags[r.Name] = []; }
        foreach (var d in t.DnsServers) Member(d.Name, d.Site, "announcing");
        foreach (var d in t.DataCenters) Member(d.Name, d.Site, "serving");
        var routerSite = t.Routers.ToDictionary(r => r.Node, r => r.Site);
        var routerName = t.Routers.ToDictionary(r => r.Node, r => r.Name);
        foreach (var l in t.Links.Where(l => l.Kind == LinkKinds.Backbone))
        {
            _state[l.Name] = "up";
            _downEnds[l.Name] = 0;
            _linkSites[l.Name] = (routerSite.GetValueOrDefault(l.A, ""), routerSite.GetValueOrDefault(l.B, ""));
            // A report names the pair "lower node~higher node"; both orders are accepted.
            if (routerName.TryGetValue(l.A, out var a) && routerName.TryGetValue(l.B, out var b))
                foreach (var pair in new[] { $"{a}~{b}", $"{b}~{a}" }.Distinct())
                {
                    if (!_linksOfPair.TryGetValue(pair, out var links)) _linksOfPair[pair] = links = [];
                    links.Add(l.Name);
                }
        }
        InitialLoads = _linkSites.Keys.ToDictionary(l => l, _ => LinkLoad.None, StringComparer.Ordinal);
        _operatorPrefixes = t.OperatorPrefixes.ToHashSet(StringComparer.Ordinal);
        foreach (var a in t.ExternalAses)
        {
            var visible = _operatorPrefixes.Where(p => initiallyVisible(a.Node, p)).ToHashSet(StringComparer.Ordinal);
            _visible[a.Name] = visible;
            _prefixesAt[a.Name] = visible.Count;
            _state[a.Name] = visible.Count == 0 ? "unreachable" : "reachable";
        }
        Initial = new Dictionary<string, string>(_state, StringComparer.Ordinal);
    }

    /// <summary>Every element's state before the first event.</summary>
    public IReadOnlyDictionary<string, string> Initial { get; }

    public IReadOnlyDictionary<string, string> Current => _state;

    /// <summary>Every backbone link's load before the first event: none.</summary>
    public IReadOnlyDictionary<string, LinkLoad> InitialLoads { get; }

    private void Member(string name, string site, string state)
    {
        _state[name] = state;
        _siteOf[name] = site;
        if (_membersOf.TryGetValue(site, out var members)) members.Add(name);
    }

    /// <summary>Apply one event; the state changes it made go to <paramref name="changes"/>, link loads to <paramref name="loads"/>.</summary>
    public void Apply(LoggedEvent e, List<StateChange> changes, List<LoadChange> loads)
    {
        switch (e.Payload)
        {
            case LinkUtilisation u when _linksOfPair.TryGetValue(u.Routers, out var pairLinks):
                foreach (var l in pairLinks) loads.Add(new LoadChange(e.Id, l, u.Gbps, u.CapacityGbps, u.Utilisation));
                break;
            case DnsWithdraw: Set(e, e.NodeName, "withdrawn", changes); break;
            case DnsServerDown: Set(e, e.NodeName, "down", changes); break;
            case DnsAnnounce: Set(e, e.NodeName, "announcing", changes); break;
            case DnsServerUp: Set(e, e.NodeName, "withdrawn", changes); break; // back, it starts withdrawn
            case RouterCrashed or RouterControlPlaneFailed or RouterControlPlaneLost: Flag(e, "down", true, changes); break;
            case RouterControlPlaneRecovered: Flag(e, "down", false, changes); break;
            case IgpDcReachability: Flag(e, "isolated", e.Value == 0, changes); break;
            case DcTrafficLost: Set(e, e.NodeName, "dark", changes); break;
            case DcPowerLost: Set(e, e.NodeName, "unpowered", changes); break;
            case DcPowerRestored: Set(e, e.NodeName, "dark", changes); break;
            case DcOverload: Set(e, e.NodeName, "tripped", changes); break;
            case DcBreakerTrip or DcRegionPowerTrip: Set(e, e.NodeName, "unpowered", changes); break; // its breaker opened: no power
            case DcBreakerReset: Set(e, e.NodeName, "tripped", changes); break; // power back, its back ends restarting
            case DcRestoreBegins: Set(e, e.NodeName, "restoring", changes); break;
            case DcLoad dc:
                // The load as the log states it (six decimals), so the map shows what the --events line says.
                var load = Math.Round(dc.Load, 6);
                Set(e, e.NodeName, load >= 0.95 ? "serving" : load > 0 ? "restoring" : _state.GetValueOrDefault(e.NodeName) == "tripped" ? "tripped" : "dark", changes);
                break;
            case InterfaceAdmin or LinkCutByFailure or LinkRestoredByFailure when e.Subject is { } link && _downEnds.TryGetValue(link, out var down):
                var now = Math.Max(0, down + (e.Value > 0 ? -1 : 1));
                _downEnds[link] = now;
                if (Set(e, link, now > 0 ? "down" : "up", changes))
                {
                    var (a, b) = _linkSites[link];
                    UpdateSite(e, a, changes);
                    if (b != a) UpdateSite(e, b, changes);
                }
                break;
            case BgpRouteLost or BgpRouteLearned when e.Subject is { } p && _operatorPrefixes.Contains(p) && _visible.TryGetValue(e.NodeName, out var set):
                if (e.Payload is BgpRouteLost) set.Remove(p); else set.Add(p);
                var all = _prefixesAt[e.NodeName];
                Set(e, e.NodeName, set.Count == 0 ? "unreachable" : set.Count >= all ? "reachable" : "partial", changes);
                break;
        }
    }

    private void Flag(LoggedEvent e, string flag, bool on, List<StateChange> changes)
    {
        if (!_routerFlags.TryGetValue(e.NodeName, out var flags)) return;
        if (on) flags.Add(flag); else flags.Remove(flag);
        Set(e, e.NodeName, flags.Contains("down") ? "down" : flags.Contains("isolated") ? "isolated" : "up", changes);
    }

    private bool Set(LoggedEvent e, string target, string state, List<StateChange> changes)
    {
        if (_state.TryGetValue(target, out var old) && old == state) return false;
        _state[target] = state;
        changes.Add(new StateChange(e.Id, target, state));
        if (_siteOf.TryGetValue(target, out var site)) UpdateSite(e, site, changes);
        return true;
    }

    /// <summary>
    /// A site is down when its data center has no traffic, every DNS server has stopped announcing, or every router
    /// is down or cut off from the data centers; degraded when any member or backbone link is not well.
    /// </summary>
    private void UpdateSite(LoggedEvent e, string site, List<StateChange> changes)
    {
        if (!_membersOf.TryGetValue(site, out var members)) return;
        int dns = 0, dnsOut = 0, routers = 0, routersOut = 0;
        bool dcDown = false, anyBad = false;
        foreach (var m in members)
        {
            var s = _state[m];
            switch (s)
            {
                case "announcing": dns++; break;
                case "withdrawn" or "down" when !_routerFlags.ContainsKey(m): dns++; dnsOut++; anyBad = true; break;
                case "up": routers++; break;
                case "isolated" or "down": routers++; routersOut++; anyBad = true; break;
                case "serving": break;
                case "dark" or "unpowered": dcDown = true; break;
                default: anyBad = true; break; // restoring, tripped
            }
        }
        anyBad |= _linkSites.Any(kv => (kv.Value.A == site || kv.Value.B == site) && _state[kv.Key] == "down");
        var state = dcDown || (dns > 0 && dnsOut == dns) || (routers > 0 && routersOut == routers) ? "down" : anyBad ? "degraded" : "ok";
        if (_state[site] == state) return;
        _state[site] = state;
        changes.Add(new StateChange(e.Id, site, state));
    }
}
