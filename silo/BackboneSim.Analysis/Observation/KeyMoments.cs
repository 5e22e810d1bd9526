using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Analysis.Observation;

/// <summary>
/// The moments a person asks about first, picked out of the event stream: when the change landed, when the network
/// and DNS fell, when they came back. Shown in the CLI summary; the model issue's report builds on it.
/// </summary>
public sealed class KeyMoments : IRunFoldReader
{
    private readonly RunFold _fold;
    private readonly List<(long Ms, string What, long EventId)> _moments = new();
    private readonly List<KeyMoment> _entries = new();
    private LoggedEvent? _current;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _invisible = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dnsServers;
    private int _dnsBefore;
    private long? _restoredBefore;
    private bool _hasLedger;

    /// <summary>Reads <paramref name="fold"/> (and joins it): the key moments of the run it folds.</summary>
    public KeyMoments(RunFold fold, SimulationFactory factory)
    {
        _fold = fold;
        _dnsServers = factory.Scenario.Topology.DnsServers.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        MinBackboneLinksUp = State.BackboneLinksUp;
        MinDnsAnnouncing = State.DnsAnnouncing;
        fold.Add(this);
    }

    public RunState State => _fold.State;
    /// <summary>Each moment with the id of the event that marks it (for its causal chain).</summary>
    public IReadOnlyList<(long Ms, string What, long EventId)> Moments => _moments;
    /// <summary>The same moments with what kind of moment each is, for <see cref="KeyMomentGroups"/>.</summary>
    public IReadOnlyList<KeyMoment> Entries => _entries;
    /// <summary>Per service: when users lost it, when every user had it back, downtime and user-minutes (the report's figures).</summary>
    public IReadOnlyDictionary<string, ServiceLedger.Ledger> Services => _fold.Services.Services;
    public int MinBackboneLinksUp { get; private set; }
    public int MinDnsAnnouncing { get; private set; }

    public void BeforeEvent(LoggedEvent e)
    {
        _dnsBefore = State.DnsAnnouncing;
        if (e.Payload is ServiceAvailability && e.Subject is { } service && Services.TryGetValue(service, out var before))
            (_hasLedger, _restoredBefore) = (true, before.FullyRestoredMs);
        else (_hasLedger, _restoredBefore) = (false, null);
    }

    public void AfterEvent(LoggedEvent e)
    {
        _current = e;
        MinBackboneLinksUp = Math.Min(MinBackboneLinksUp, State.BackboneLinksUp);
        MinDnsAnnouncing = Math.Min(MinDnsAnnouncing, State.DnsAnnouncing);
        switch (e.Payload)
        {
            case ScenarioActionPlayed: Add(e.Ms, $"action '{e.Subject}' starts"); break;
            case ConfigApplied when _dnsServers.Contains(e.NodeName): Once("first-zone-config", e.Ms, "first DNS server applies the change"); break;
            case ConfigApplied: Once("first-config", e.Ms, "first router applies the change"); break;
            case RespondersDispatched: Add(e.Ms, $"{Who(e)} dispatched"); break;
            case ToolAvailability when e.Value == 0: Add(e.Ms, $"internal tool down: {e.Subject}"); break;
            case ToolAvailability: Add(e.Ms, $"internal tool back: {e.Subject}"); break;
            case RespondersAccessAttempt a when e.Value == 0: Add(e.Ms, $"{Who(e)} cannot get in: {a.Reason}"); break;
            case RespondersTravelling: Add(e.Ms, $"{Who(e)} travel to a data center"); break;
            case RespondersOnSite: Add(e.Ms, $"{Who(e)} on site, passing physical security"); break;
            case RespondersAccessGained g: Add(e.Ms, $"{Who(e)} have access ({g.Path})"); break;
            case RespondersRollback r: Add(e.Ms, $"{Who(e)} push the rollback of '{r.RollbackOf}'"); break;
            case RespondersTask t: Add(e.Ms, $"{Who(e)} {t.Task} {t.Routers}"); break;
            case RespondersQueued q: Add(e.Ms, $"{Who(e)} busy: '{q.Action}' waits"); break;
            case RespondersRecover r: Add(e.Ms, $"{Who(e)} recover from '{r.Recover}'"); break;
            case LinkCutByFailure c: Once($"cut:{c.Failure}", e.Ms, $"link cut ({e.Subject}{(c.Failure is { } f ? $", '{f}'" : "")})"); break;
            case SitePowerLost: Add(e.Ms, $"site {e.Subject} loses power"); break;
            case SitePowerRestored: Add(e.Ms, $"power returns at site {e.Subject}"); break;
            case RouterCrashed c: Once($"crash:{c.Failure}", e.Ms, $"{e.NodeName} goes down ({c.Reason}, '{c.Failure}')"); break;
            case RouterControlPlaneLost l: Once($"cp-lost:{l.Failure}", e.Ms, $"{e.NodeName} loses its control-plane job ('{l.Failure}')"); break;
            case DcPowerLost: Add(e.Ms, $"{e.NodeName} without power"); break;
            case TrafficSurgeStarted: Add(e.Ms, $"traffic surge x{e.Value:0.###} for {e.Subject} starts"); break;
            case TrafficSurgeEnded: Add(e.Ms, $"traffic surge for {e.Subject} ends"); break;
            case DcTrafficLost: Once("dc-dark", e.Ms, $"first data center loses its traffic ({e.NodeName}, power falls to {e.Value:F1} MW)"); break;
            case DcRestoreBegins: Once("dc-restore", e.Ms, $"first data center starts taking traffic back ({e.NodeName})"); break;
            case DcOverload: Add(e.Ms, $"{e.NodeName} overloaded: traffic returned faster than its caches warmed; it trips"); break;
            case DcBreakerTrip b: Add(e.Ms, $"{e.NodeName}'s breaker trips: its draw would jump from {b.SettledMw:F1} to {b.ToMw:F1} MW at once"); break;
            case DcRegionPowerTrip t: Add(e.Ms, $"{e.NodeName}'s breaker trips: region {t.Region}'s draw would jump from {t.SettledMw:F1} to {t.ToMw:F1} MW at once"); break;
            case DcLoadShed: Add(e.Ms, $"{e.NodeName} sheds load to end an overload its clients' retries kept going"); break;
            case ResolverServfail: Once("first-servfail", e.Ms, $"first resolver answers SERVFAIL ({e.NodeName})"); break;
            case ResolverNxdomain n: Once($"first-nxdomain:{n.Name}", e.Ms, $"first resolver answers NXDOMAIN for {n.Name} ({e.NodeName})"); break;
            case ResolverDelegation d: Once($"first-delegation:{d.Name}", e.Ms, $"first resolver picks up the new delegation of {d.Name} ({e.NodeName})"); break;
            case ServiceAvailability when e.Subject is { } service:
                if (e.Value == 0) Once($"down:{service}", e.Ms, $"{service} down for its first users");
                // Until the last service is back for every user: the cascade's end, not its last DNS event.
                if (_hasLedger && _restoredBefore is null && Services[service].FullyRestoredMs is not null) Add(e.Ms, $"{service} back for every user");
                break;
            case IgpAdjacencyDown: Once("first-adj-down", e.Ms, "first IGP adjacency lost"); break;
            case RouterControlPlaneFailed failed: Add(e.Ms, $"{e.NodeName}'s control plane fails: {failed.Paths} paths, capacity {failed.Capacity}"); break;
            case RouterControlPlaneRecovered: Add(e.Ms, $"{e.NodeName}'s control plane is back after a reboot"); break;
            case BgpMaxPrefixExceeded m:
                Once($"max-prefix:{e.NodeName}", e.Ms, $"max-prefix limit trips at {e.NodeName} (session with {m.Peer}: {m.Routes} routes, limit {m.Limit})");
                break;
            case ControllerDown d: Add(e.Ms, $"controller {e.Subject} stops ('{d.Failure}'): {d.Routers} routers notice after {TimeText.FormatDuration(d.NoticedAfterMs)}"); break;
            case ControllerUp: Add(e.Ms, $"controller {e.Subject} is back"); break;
            case RouterControllerDrain d: Once($"drain:{d.Controller}", e.Ms, $"routers drain, their controller {d.Controller} gone past their fail-static time (first: {e.NodeName})"); break;
            case FrontEndFailover failover when failover.MovedUsers > 0: Once("first-failover", e.Ms, $"front-ends move users to data centers with headroom (first: {e.NodeName})"); break;
            case DnsOverload: Once("first-dns-overload", e.Ms, $"first DNS server overloaded ({e.NodeName}, answers {e.Value:P0})"); break;
            case AnycastCatchmentChanged c when c.Fate == "answered" && c.Server is not null:
                Once("first-catchment-move", e.Ms, $"first resolvers' queries move to another DNS site ({c.Server})");
                break;
            case LinkUtilisation when e.Value > 1: Once("first-congestion", e.Ms, $"first backbone link congested ({e.Subject}, {e.Value:P0} of capacity)"); break;
            case IgpDcReachability when e.Value == 0: Once("first-unreach", e.Ms, "first edge router loses every data center"); break;
            case DnsWithdraw:
                Once("first-withdraw", e.Ms, "first DNS server withdraws its anycast prefixes");
                if (State.DnsAnnouncing == 0 && _dnsBefore > 0) Add(e.Ms, "last DNS server withdraws: no DNS announced anywhere");
                break;
            case DnsAnnounce:
                if (_dnsBefore == 0) Add(e.Ms, "first DNS server announces again");
                if (State.DnsAnnouncing == State.DnsServers) Add(e.Ms, "every DNS server announces again");
                break;
            case BgpRouteLost or BgpRouteLearned when e.Subject is { } prefix && State.FollowsVisibility(prefix):
                var visibility = State.Visibility(prefix);
                if (visibility == 0 && _invisible.Add(prefix)) Add(e.Ms, $"{prefix} gone from every external AS");
                if (visibility == 1 && _invisible.Remove(prefix)) Add(e.Ms, $"{prefix} visible in every external AS again");
                break;
        }
    }

    private void Once(string key, long ms, string what)
    {
        if (_seen.Add(key)) Add(ms, what);
    }

    private void Add(long ms, string what)
    {
        var id = _current!.Id;
        _moments.Add((ms, what, id));
        _entries.Add(new KeyMoment(ms, what, id, Group(_current, what)));
    }

    /// <summary>
    /// What kind of moment this is, for folding repeats (<see cref="KeyMomentGroups"/>): the event kind, and for kinds
    /// that say two things which of them. Timeline actions are each their own (they are the story), and a service's
    /// moments are its own (its return is never folded into another's).
    /// </summary>
    private static string Group(LoggedEvent e, string what) => e.Payload switch
    {
        ScenarioActionPlayed => $"{e.Kind}#{e.Id}",
        ServiceAvailability => $"{e.Kind}:{what}",
        ToolAvailability or DnsAnnounce or DnsWithdraw or BgpRouteLost or BgpRouteLearned
            => e.Kind + ":" + (what.Contains(" back", StringComparison.Ordinal) || what.Contains("again", StringComparison.Ordinal) ? "up" : "down"),
        _ => e.Kind,
    };

    /// <summary>Who acted: "responders" (the one default team), or the team by name.</summary>
    private static string Who(LoggedEvent e) => e.Subject == Model.Nodes.ResponderTeam.DefaultName ? "responders" : $"team {e.Subject}";
}
