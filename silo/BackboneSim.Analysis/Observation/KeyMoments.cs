using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// The moments a person asks about first, picked out of the event stream: when the change landed, when the network
/// and DNS fell, when they came back. Shown in the CLI summary; the model issue's report builds on it.
/// </summary>
public sealed class KeyMoments : IEventSink
{
    private readonly RunState _state;
    private readonly ServiceLedger _services;
    private readonly List<(long Ms, string What, long EventId)> _moments = new();
    private readonly List<KeyMoment> _entries = new();
    private long _current;
    private string _kind = "";
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _invisible = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dnsServers;

    public KeyMoments(SimulationFactory factory)
    {
        _state = new RunState(factory);
        _services = new ServiceLedger(factory);
        _dnsServers = factory.Scenario.Topology.DnsServers.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        MinBackboneLinksUp = _state.BackboneLinksUp;
        MinDnsAnnouncing = _state.DnsAnnouncing;
    }

    public RunState State => _state;
    /// <summary>Each moment with the id of the event that marks it (for its causal chain).</summary>
    public IReadOnlyList<(long Ms, string What, long EventId)> Moments => _moments;
    /// <summary>The same moments with what kind of moment each is, for <see cref="KeyMomentGroups"/>.</summary>
    public IReadOnlyList<KeyMoment> Entries => _entries;
    /// <summary>Per service: when users lost it, when every user had it back, downtime and user-minutes (the report's figures).</summary>
    public IReadOnlyDictionary<string, ServiceLedger.Ledger> Services => _services.Services;
    public int MinBackboneLinksUp { get; private set; }
    public int MinDnsAnnouncing { get; private set; }

    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events)
        {
            _current = e.Id;
            _kind = e.Kind;
            var dnsBefore = _state.DnsAnnouncing;
            _state.Apply(e);
            MinBackboneLinksUp = Math.Min(MinBackboneLinksUp, _state.BackboneLinksUp);
            MinDnsAnnouncing = Math.Min(MinDnsAnnouncing, _state.DnsAnnouncing);
            switch (e.Kind)
            {
                case "scenario.action": Add(e.Ms, $"action '{e.Subject}' starts"); break;
                case "config.applied" when _dnsServers.Contains(e.NodeName): Once("first-zone-config", e.Ms, "first DNS server applies the change"); break;
                case "config.applied": Once("first-config", e.Ms, "first router applies the change"); break;
                case "responders.dispatched": Add(e.Ms, "responders dispatched"); break;
                case "tool.availability" when e.Value == 0: Add(e.Ms, $"internal tool down: {e.Subject}"); break;
                case "tool.availability": Add(e.Ms, $"internal tool back: {e.Subject}"); break;
                case "responders.access_attempt" when e.Value == 0: Add(e.Ms, $"responders cannot get in: {e.Field("reason")}"); break;
                case "responders.travelling": Add(e.Ms, "responders travel to a data center"); break;
                case "responders.on_site": Add(e.Ms, "responders on site, passing physical security"); break;
                case "responders.access_gained": Add(e.Ms, $"responders have access ({e.Field("path")})"); break;
                case "responders.rollback": Add(e.Ms, $"responders push the rollback of '{e.Field("rollback_of")}'"); break;
                case "responders.recover": Add(e.Ms, $"responders recover from '{e.Field("recover")}'"); break;
                case "link.cut": Once($"cut:{e.Field("failure")}", e.Ms, $"link cut ({e.Subject}{(e.Field("failure") is { } f ? $", '{f}'" : "")})"); break;
                case "site.power_lost": Add(e.Ms, $"site {e.Subject} loses power"); break;
                case "site.power_restored": Add(e.Ms, $"power returns at site {e.Subject}"); break;
                case "router.crashed": Once($"crash:{e.Field("failure")}", e.Ms, $"{e.NodeName} goes down ({e.Field("reason")}, '{e.Field("failure")}')"); break;
                case "router.control_plane_lost": Once($"cp-lost:{e.Field("failure")}", e.Ms, $"{e.NodeName} loses its control-plane job ('{e.Field("failure")}')"); break;
                case "dc.power_lost": Add(e.Ms, $"{e.NodeName} without power"); break;
                case "traffic.surge_started": Add(e.Ms, $"traffic surge x{e.Value:0.###} for {e.Subject} starts"); break;
                case "traffic.surge_ended": Add(e.Ms, $"traffic surge for {e.Subject} ends"); break;
                case "dc.traffic_lost": Once("dc-dark", e.Ms, $"first data center loses its traffic ({e.NodeName}, power falls to {e.Value:F1} MW)"); break;
                case "dc.restore_begins": Once("dc-restore", e.Ms, $"first data center starts taking traffic back ({e.NodeName})"); break;
                case "dc.overload": Add(e.Ms, $"{e.NodeName} overloaded: traffic returned faster than its caches warmed; it trips"); break;
                case "resolver.servfail": Once("first-servfail", e.Ms, $"first resolver answers SERVFAIL ({e.NodeName})"); break;
                case "resolver.nxdomain": Once($"first-nxdomain:{e.Field("name")}", e.Ms, $"first resolver answers NXDOMAIN for {e.Field("name")} ({e.NodeName})"); break;
                case "resolver.delegation": Once($"first-delegation:{e.Field("name")}", e.Ms, $"first resolver picks up the new delegation of {e.Field("name")} ({e.NodeName})"); break;
                case "service.availability" when e.Subject is { } service:
                    if (e.Value == 0) Once($"down:{service}", e.Ms, $"{service} down for its first users");
                    var restoredBefore = _services.Services.TryGetValue(service, out var before) ? before.FullyRestoredMs : null;
                    _services.OnWindow(windowStartMs, [e]);
                    // Until the last service is back for every user: the cascade's end, not its last DNS event.
                    if (restoredBefore is null && before?.FullyRestoredMs is not null) Add(e.Ms, $"{service} back for every user");
                    break;
                case "igp.adjacency_down": Once("first-adj-down", e.Ms, "first IGP adjacency lost"); break;
                case "router.control_plane_failed":
                    Add(e.Ms, $"{e.NodeName}'s control plane fails: {e.Field("paths")} paths, capacity {e.Field("capacity")}");
                    break;
                case "router.control_plane_recovered": Add(e.Ms, $"{e.NodeName}'s control plane is back after a reboot"); break;
                case "bgp.max_prefix_exceeded":
                    Once($"max-prefix:{e.NodeName}", e.Ms, $"max-prefix limit trips at {e.NodeName} (session with {e.Field("peer")}: {e.Field("routes")} routes, limit {e.Field("limit")})");
                    break;
                case "link.utilisation" when e.Value > 1: Once("first-congestion", e.Ms, $"first backbone link congested ({e.Subject}, {e.Value:P0} of capacity)"); break;
                case "igp.dc_reachability" when e.Value == 0: Once("first-unreach", e.Ms, "first edge router loses every data center"); break;
                case "dns.withdraw":
                    Once("first-withdraw", e.Ms, "first DNS server withdraws its anycast prefixes");
                    if (_state.DnsAnnouncing == 0 && dnsBefore > 0) Add(e.Ms, "last DNS server withdraws: no DNS announced anywhere");
                    break;
                case "dns.announce":
                    if (dnsBefore == 0) Add(e.Ms, "first DNS server announces again");
                    if (_state.DnsAnnouncing == _state.DnsServers) Add(e.Ms, "every DNS server announces again");
                    break;
                case "bgp.route_lost" or "bgp.route_learned" when e.Subject is { } prefix:
                    var visibility = _state.Visibility(prefix);
                    if (visibility == 0 && _invisible.Add(prefix)) Add(e.Ms, $"{prefix} gone from every external AS");
                    if (visibility == 1 && _invisible.Remove(prefix)) Add(e.Ms, $"{prefix} visible in every external AS again");
                    break;
            }
        }
    }

    public void OnFinished(long endMs) => _services.OnFinished(endMs);

    private void Once(string key, long ms, string what)
    {
        if (_seen.Add(key)) Add(ms, what);
    }

    private void Add(long ms, string what)
    {
        _moments.Add((ms, what, _current));
        _entries.Add(new KeyMoment(ms, what, _current, Group(what)));
    }

    /// <summary>
    /// What kind of moment this is, for folding repeats (<see cref="KeyMomentGroups"/>): the event kind, and for kinds
    /// that say two things which of them. Timeline actions are each their own (they are the story), and a service's
    /// moments are its own (its return is never folded into another's).
    /// </summary>
    private string Group(string what) => _kind switch
    {
        "scenario.action" => $"{_kind}#{_current}",
        "service.availability" => $"{_kind}:{what}",
        "tool.availability" or "dns.announce" or "dns.withdraw" or "bgp.route_lost" or "bgp.route_learned"
            => _kind + ":" + (what.Contains(" back", StringComparison.Ordinal) || what.Contains("again", StringComparison.Ordinal) ? "up" : "down"),
        _ => _kind,
    };
}
