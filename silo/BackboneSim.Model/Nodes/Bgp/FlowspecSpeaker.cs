using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The flow-specification address family (RFC 8955, SAFI 133) of a router's BGP: the rules its configuration
/// originates, the rules each session that carries the family brought, the best per NLRI (one the router originates
/// first, then the one from the lowest peer), and what it sends each session by iBGP's rules (RFC 4456: a route
/// reflector passes what a client sent to every peer and what a non-client sent to its clients; a router that is no
/// reflector passes nothing it learned over iBGP). A session that goes down takes the rules it brought with it (no
/// graceful restart for this family). What the router installs is <see cref="Wanted"/>; the router programs it
/// (<see cref="FlowspecFilters"/>).
/// </summary>
/// <remarks>
/// Rules learned over iBGP are taken without RFC 8955 §6's validation against the unicast best path: RFC 9117 relaxes
/// it for iBGP, and operators commonly turn it off there (Junos <c>no-validate</c>); eBGP Flowspec sessions are not
/// modelled.
/// </remarks>
public sealed class FlowspecSpeaker(bool reflector)
{
    private readonly SortedDictionary<string, FlowspecRule> _originated = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, FlowspecRule[]> _received = new();
    /// <summary>What was last sent on each session, as the NLRIs and actions in order (to send only changes).</summary>
    private readonly Dictionary<int, string> _sent = new();

    /// <summary>The installed set changed since the router last took it (<see cref="TakeWanted"/>).</summary>
    public bool Dirty { get; private set; }
    /// <summary>What the latest change is explained by.</summary>
    public long DirtyCause { get; private set; }

    /// <summary>Whether any rule is known here (originated or received): a router without any costs nothing.</summary>
    public bool Any => _originated.Count > 0 || _received.Count > 0;

    public IReadOnlyList<FlowspecRule> Originated => _originated.Values.ToList();

    /// <summary>The rules the router should have installed now, in the order they are applied.</summary>
    public FlowspecRule[] Wanted() => FlowspecRules.InOrder(Best().Values.Select(b => b.Rule));

    public FlowspecRule[] TakeWanted()
    {
        Dirty = false;
        return Wanted();
    }

    // ---- configuration -----------------------------------------------------------------------------------

    /// <summary>Originates a rule (replacing one of the same name, or with the same match).</summary>
    public void Originate(FlowspecRule rule)
    {
        foreach (var key in _originated.Where(kv => kv.Value.Name == rule.Name).Select(kv => kv.Key).ToList()) _originated.Remove(key);
        _originated[rule.Key] = rule;
    }

    /// <summary>Stops originating the rule of that name; false when there is none.</summary>
    public bool Withdraw(string name)
    {
        var keys = _originated.Where(kv => kv.Value.Name == name).Select(kv => kv.Key).ToList();
        foreach (var key in keys) _originated.Remove(key);
        return keys.Count > 0;
    }

    /// <summary>Puts back the originated rules a snapshot held.</summary>
    public void SetOriginated(IEnumerable<FlowspecRule> rules)
    {
        _originated.Clear();
        foreach (var r in rules) _originated[r.Key] = r;
    }

    // ---- protocol ----------------------------------------------------------------------------------------

    /// <summary>A session brought its whole set of rules.</summary>
    public void OnUpdate(BgpSession from, FlowspecUpdate update)
    {
        if (!from.Flowspec || !from.Established) return;
        if (update.Rules.Length == 0) _received.Remove(from.Peer); else _received[from.Peer] = update.Rules;
    }

    /// <summary>A session went down: the rules it brought go, and it is sent everything again when it is back.</summary>
    public void SessionDown(BgpSession s)
    {
        _received.Remove(s.Peer);
        _sent.Remove(s.Peer);
    }

    /// <summary>The peer starts empty (a new session, or the peer restarted its end): it is sent everything again.</summary>
    public void ResendTo(BgpSession s) => _sent.Remove(s.Peer);

    /// <summary>The control plane died: every session is down.</summary>
    public void Fail()
    {
        _received.Clear();
        _sent.Clear();
    }

    /// <summary>Sends every established Flowspec session what changed in what this router sends it, and notes whether
    /// the installed set may have changed.</summary>
    public void Sync(NodeContext ctx, IReadOnlyCollection<BgpSession> sessions, Action<BgpSession, FlowspecUpdate> send, long cause)
    {
        Dirty = true;
        DirtyCause = cause;
        var best = Best();
        foreach (var s in sessions)
        {
            if (!s.Flowspec || !s.Established) continue;
            var rules = Export(s, best, sessions);
            var text = string.Join('|', rules.Select(r => r.Key + "=" + r.Action));
            if (_sent.TryGetValue(s.Peer, out var before) ? before == text : rules.Length == 0) continue;
            _sent[s.Peer] = text;
            send(s, new FlowspecUpdate { Rules = rules });
        }
    }

    /// <summary>The best rule per NLRI and where it came from (-1: this router's configuration).</summary>
    private SortedDictionary<string, (FlowspecRule Rule, int Source)> Best()
    {
        var best = new SortedDictionary<string, (FlowspecRule, int)>(StringComparer.Ordinal);
        foreach (var (key, rule) in _originated) best[key] = (rule, -1);
        foreach (var (peer, rules) in _received)
            foreach (var rule in rules) best.TryAdd(rule.Key, (rule, peer));
        return best;
    }

    private FlowspecRule[] Export(BgpSession to, SortedDictionary<string, (FlowspecRule Rule, int Source)> best, IReadOnlyCollection<BgpSession> sessions)
    {
        var rules = new List<FlowspecRule>();
        foreach (var (rule, source) in best.Values)
        {
            if (source == to.Peer) continue; // never back to where it came from
            if (source >= 0)
            {
                if (!reflector) continue;
                var fromClient = sessions.FirstOrDefault(s => s.Peer == source)?.ToClient ?? false;
                if (!fromClient && !to.ToClient) continue;
            }
            rules.Add(rule);
        }
        return FlowspecRules.InOrder(rules);
    }
}
