namespace BackboneSim.Model.Nodes;

/// <summary>
/// Where a resolver cohort's queries to each of the operator's anycast DNS prefixes go: hop by hop along every
/// external AS's best route (each AS forwards by its own best path, as the Internet does; a route learned from an
/// operator router leaves it there), to the operator's edge router where they enter, and to the DNS server behind that
/// router that answers. The catchment is what BGP makes it: when a site withdraws, its resolvers move to the site the
/// Internet's routes now lead to. On the way a query is answered, blackholed (a dark entry router, a site none of
/// whose servers answers, a forwarding loop: the resolver times out) or meets a router without a route (it sends ICMP
/// unreachable and the resolver gives up at once).
/// </summary>
/// <remarks>
/// The operator's routers do not carry anycast queries to another site over the backbone: a site that withdrew answers
/// nothing until the Internet's routes lead elsewhere. Several servers behind one entry router: the first that answers
/// (by node) takes the queries.
/// </remarks>
public sealed class AnycastCatchment
{
    private readonly Dictionary<(int As, string Prefix), int> _hops;
    private readonly HashSet<int> _asNodes;
    private readonly Dictionary<(int Router, string Prefix), int[]> _serversBehind = new();
    private readonly Dictionary<int, bool> _serving = new();
    private readonly Dictionary<int, double> _answerShare = new();
    private readonly double _minAnswerShare;
    private readonly Dictionary<int, string[]> _zone = new();
    private readonly (int Resolver, int As)[] _resolvers;
    private readonly string[] _prefixes;
    private readonly Dictionary<(int Resolver, string Prefix), (AnycastFate Fate, int Server, string[] Names)> _told = new();

    /// <param name="hops">Each AS's best next hop per anycast prefix at the start (missing: no route).</param>
    /// <param name="zone">The names every server's zone holds at the start.</param>
    /// <param name="minAnswerShare">An overloaded server whose answered share is below this is <see cref="AnycastFate.Overloaded"/>.</param>
    public AnycastCatchment(IReadOnlyDictionary<(int As, string Prefix), int> hops, IEnumerable<int> asNodes, IEnumerable<(int Node, IReadOnlyList<int> AnnounceVia, IReadOnlyList<string> Prefixes)> servers,
        IEnumerable<(int Resolver, int As)> resolvers, IEnumerable<string> prefixes, IEnumerable<string> zone, double minAnswerShare = 0)
    {
        _minAnswerShare = minAnswerShare;
        _hops = new Dictionary<(int, string), int>(hops);
        _asNodes = asNodes.ToHashSet();
        var names = zone.Order(StringComparer.Ordinal).ToArray();
        foreach (var (node, via, served) in servers.OrderBy(s => s.Node))
        {
            _serving[node] = true;
            _zone[node] = names;
            foreach (var router in via)
                foreach (var p in served)
                    _serversBehind[(router, p)] = [.. _serversBehind.GetValueOrDefault((router, p)) ?? [], node];
        }
        _resolvers = resolvers.OrderBy(r => r.Resolver).ToArray();
        _prefixes = prefixes.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>An AS's best route for a prefix now leaves through <paramref name="nextHop"/> (-1: none).</summary>
    public void SetHop(int asNode, string prefix, int nextHop)
    {
        if (nextHop < 0) _hops.Remove((asNode, prefix)); else _hops[(asNode, prefix)] = nextHop;
    }

    public void SetServer(int server, bool serving, string[] names, double answerShare = 1)
    {
        _serving[server] = serving;
        _zone[server] = names;
        _answerShare[server] = answerShare;
    }

    /// <summary>What becomes of queries from an AS to a prefix, with the operator's routers dark or not as given.</summary>
    public (AnycastFate Fate, int Server) Follow(int asNode, string prefix, Func<int, bool> routerDark)
    {
        var at = asNode;
        // Loop-free paths cross each AS at most once; one more hop than there are ASes is a loop.
        for (var hops = 0; hops <= _asNodes.Count; hops++)
        {
            if (!_hops.TryGetValue((at, prefix), out var next)) return (AnycastFate.NoRoute, -1);
            if (_asNodes.Contains(next)) { at = next; continue; }
            if (routerDark(next)) return (AnycastFate.Blackholed, -1);
            foreach (var server in _serversBehind.GetValueOrDefault((next, prefix)) ?? [])
                if (_serving[server])
                    return (_answerShare.GetValueOrDefault(server, 1) < _minAnswerShare ? AnycastFate.Overloaded : AnycastFate.Answered, server);
            return (AnycastFate.Blackholed, -1);
        }
        return (AnycastFate.Blackholed, -1);
    }

    /// <summary>Every resolver's path that changed since it was last told (all of them the first time), in resolver
    /// and prefix order, and whether it moved (another fate or server) rather than only its server's zone changing;
    /// each is remembered as told.</summary>
    public List<(int Resolver, AuthorityPath Path, bool Moved)> Changes(Func<int, bool> routerDark)
    {
        var changes = new List<(int, AuthorityPath, bool)>();
        foreach (var (resolver, asNode) in _resolvers)
            foreach (var prefix in _prefixes)
            {
                var (fate, server) = Follow(asNode, prefix, routerDark);
                var names = server >= 0 ? _zone[server] : [];
                var known = _told.TryGetValue((resolver, prefix), out var before);
                var moved = !known || before.Fate != fate || before.Server != server;
                if (!moved && before.Names.SequenceEqual(names)) continue;
                _told[(resolver, prefix)] = (fate, server, names);
                changes.Add((resolver, new AuthorityPath { Prefix = prefix, Fate = fate, Server = server, Names = names }, moved));
            }
        return changes;
    }

    /// <summary>Takes the start as told: what <see cref="Follow"/> gives now is what the resolvers start with.</summary>
    public void StartTold(Func<int, bool> routerDark) => Changes(routerDark);
}
