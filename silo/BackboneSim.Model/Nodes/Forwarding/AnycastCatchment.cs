using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>What packets to an anycast prefix carry: DNS queries (to the operator's DNS servers or to a resolver it
/// runs), or users' requests to the front-ends (<c>frontend_catchment: bgp</c>).</summary>
public enum AnycastTraffic { Dns, Https }

/// <summary>Whether operator router <paramref name="router"/> drops the <paramref name="kind"/> packets to
/// <paramref name="prefix"/> that arrive there: it is dark, or its Flowspec rules discard them.</summary>
public delegate bool EntryDrops(int router, string prefix, AnycastTraffic kind);

/// <summary>
/// Where a resolver cohort's queries to each of the operator's anycast DNS prefixes go: hop by hop along every
/// external AS's best route (each AS forwards by its own best path, as the Internet does; a route learned from an
/// operator router leaves it there), to the operator's edge router where they enter, and to the DNS server behind that
/// router that answers. The catchment is what BGP makes it: when a site withdraws, its resolvers move to the site the
/// Internet's routes now lead to. On the way a query is answered, blackholed (a dark entry router or one whose
/// Flowspec rules discard it, a site none of
/// whose servers answers, a forwarding loop: the resolver times out) or meets a router without a route (it sends ICMP
/// unreachable and the resolver gives up at once).
/// </summary>
/// <remarks>
/// The operator's routers do not carry anycast queries to another site over the backbone: a site that withdrew answers
/// nothing until the Internet's routes lead elsewhere. Several servers behind one entry router: the first that answers
/// (by node) takes the queries.
/// <para>
/// A public resolver the operator runs (as 1.1.1.1 or 8.8.8.8 are run) is one more anycast service (RFC 4786's operation
/// of anycast services; RFC 7094: where a query lands is decided by the routing system's best paths, not by the
/// operator): the users of a client cohort reach it
/// while their AS's queries to its prefix, followed the same way, enter at a live router that announces it
/// (<see cref="ResolverChanges"/>). Its own recursion to the DNS prefixes starts inside the operator's network, at the
/// routers that announce it (<see cref="FollowInside"/>).
/// </para>
/// </remarks>
public sealed class AnycastCatchment
{
    /// <summary>Each AS's FIB: its best next hop per prefix it has a route for that traffic here may follow, looked up by
    /// longest-prefix match (RFC 1812 §5.2.4.3), so a more-specific announced by another network (a hijack, a leak)
    /// draws the traffic it covers.</summary>
    private readonly Dictionary<int, PrefixTrie<int>> _fibs = new();
    /// <summary>Where traffic to a destination prefix goes: its lowest address (every service behind it answers there).</summary>
    private readonly Dictionary<string, Prefix> _address = new(StringComparer.Ordinal);
    /// <summary>Each AS's longest-match answer per destination, worked out once until that AS's FIB changes (the walks ask
    /// the same few destinations over and over).</summary>
    private readonly Dictionary<int, Dictionary<string, int>> _hopCache = new();
    private readonly HashSet<int> _asNodes;
    private readonly Dictionary<(int Router, string Prefix), int[]> _serversBehind = new();
    private readonly Dictionary<int, bool> _serving = new();
    private readonly Dictionary<int, double> _answerShare = new();
    private readonly double _minAnswerShare;
    private readonly Dictionary<int, string[]> _zone = new();
    private readonly (int Resolver, int As)[] _resolvers;
    private readonly string[] _prefixes;
    private readonly Dictionary<(int Resolver, string Prefix), (AnycastFate Fate, int Server, string[] Names)> _told = new();
    /// <summary>Operator-run resolvers: the routers that announce each one's prefix (where it runs), and that prefix.</summary>
    private readonly Dictionary<int, (string Prefix, IReadOnlyList<int> Routers)> _operatorResolvers = new();
    /// <summary>Client cohorts using an operator-run resolver, with their AS, in cohort and resolver order.</summary>
    private readonly (int Client, int As, int Resolver)[] _users;
    private readonly Dictionary<(int Client, int Resolver), (AnycastFate Fate, int Router)> _usersTold = new();
    /// <summary>With <c>frontend_catchment: bgp</c>: the front-ends' prefix, each entry router's PoP gateway, the client
    /// cohorts with their AS (in cohort order), and where each was last told its users enter.</summary>
    private readonly string? _frontEndPrefix;
    private readonly IReadOnlyDictionary<int, int> _gatewayOf = new Dictionary<int, int>();
    private readonly (int Client, int As)[] _frontEndUsers = [];
    private readonly Dictionary<int, (AnycastFate Fate, int Router)> _frontEndTold = new();

    /// <param name="hops">Each AS's best next hop per anycast prefix at the start (missing: no route).</param>
    /// <param name="zone">The names every server's zone holds at the start.</param>
    /// <param name="minAnswerShare">An overloaded server whose answered share is below this is <see cref="AnycastFate.Overloaded"/>.</param>
    public AnycastCatchment(IReadOnlyDictionary<(int As, string Prefix), int> hops, IEnumerable<int> asNodes, IEnumerable<(int Node, IReadOnlyList<int> AnnounceVia, IReadOnlyList<string> Prefixes)> servers,
        IEnumerable<(int Resolver, int As)> resolvers, IEnumerable<string> prefixes, IEnumerable<string> zone, double minAnswerShare = 0,
        IEnumerable<(int Resolver, string Prefix, IReadOnlyList<int> AnnounceVia)>? operatorResolvers = null, IEnumerable<(int Client, int As, int Resolver)>? users = null,
        FrontEndUsers? frontEnds = null)
    {
        if (frontEnds is not null)
        {
            _frontEndPrefix = frontEnds.Prefix;
            _gatewayOf = frontEnds.GatewayOf;
            _frontEndUsers = frontEnds.Cohorts.OrderBy(c => c.Client).ToArray();
        }
        _minAnswerShare = minAnswerShare;
        foreach (var ((asNode, prefix), next) in hops.OrderBy(h => h.Key.As).ThenBy(h => h.Key.Prefix, StringComparer.Ordinal)) SetHop(asNode, prefix, next);
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
        // An operator-run resolver is a "server" of its own prefix behind every router that announces it; it always answers.
        foreach (var (resolver, prefix, via) in (operatorResolvers ?? []).OrderBy(r => r.Resolver))
        {
            _operatorResolvers[resolver] = (prefix, via);
            _serving[resolver] = true;
            _zone[resolver] = [];
            foreach (var router in via) _serversBehind[(router, prefix)] = [.. _serversBehind.GetValueOrDefault((router, prefix)) ?? [], resolver];
        }
        _resolvers = resolvers.OrderBy(r => r.Resolver).ToArray();
        _prefixes = prefixes.Order(StringComparer.Ordinal).ToArray();
        _users = (users ?? []).Where(u => _operatorResolvers.ContainsKey(u.Resolver)).OrderBy(u => u.Client).ThenBy(u => u.Resolver).ToArray();
    }

    /// <summary>An AS's best route for a prefix now leaves through <paramref name="nextHop"/> (-1: none).</summary>
    public void SetHop(int asNode, string prefix, int nextHop)
    {
        var parsed = DataPlane.Prefix.Parse(prefix);
        _hopCache.Remove(asNode);
        if (!_fibs.TryGetValue(asNode, out var fib)) _fibs[asNode] = fib = new PrefixTrie<int>();
        if (nextHop < 0) fib.Remove(parsed); else fib.Set(parsed, nextHop);
    }

    /// <summary>The next hop an AS forwards traffic for a destination prefix to: its longest match for the prefix's lowest
    /// address.</summary>
    private bool TryHop(int asNode, string destination, out int next)
    {
        if (!_hopCache.TryGetValue(asNode, out var cached)) _hopCache[asNode] = cached = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!cached.TryGetValue(destination, out next)) cached[destination] = next = LongestMatch(asNode, destination);
        return next >= 0;
    }

    private int LongestMatch(int asNode, string destination)
    {
        if (!_fibs.TryGetValue(asNode, out var fib)) return -1;
        if (!_address.TryGetValue(destination, out var address))
        {
            var p = DataPlane.Prefix.Parse(destination);
            _address[destination] = address = DataPlane.Prefix.Host(p.Address);
        }
        return fib.TryLongestMatch(address, out _, out var next) ? next : -1;
    }

    public void SetServer(int server, bool serving, string[] names, double answerShare = 1)
    {
        _serving[server] = serving;
        _zone[server] = names;
        _answerShare[server] = answerShare;
    }

    /// <summary>What becomes of queries from an AS to a prefix, with the operator's routers dark or not as given.</summary>
    public (AnycastFate Fate, int Server) Follow(int asNode, string prefix, Func<int, bool> routerDark) => Follow(asNode, prefix, Dark(routerDark));

    /// <summary>What becomes of queries from an AS to a prefix, with the operator's routers dropping them as given.</summary>
    public (AnycastFate Fate, int Server) Follow(int asNode, string prefix, EntryDrops drops)
    {
        var (fate, server, _) = Walk(asNode, prefix, drops);
        return (fate, server);
    }

    /// <summary>Routers that drop what arrives only while dark.</summary>
    public static EntryDrops Dark(Func<int, bool> routerDark) => (router, _, _) => routerDark(router);

    /// <summary><see cref="Follow"/>, with the operator router where the queries enter (-1: they enter none).</summary>
    private (AnycastFate Fate, int Server, int Router) Walk(int asNode, string prefix, EntryDrops drops)
    {
        var (entered, router) = Entry(asNode, prefix, AnycastTraffic.Dns, drops);
        if (entered != AnycastFate.Answered) return (entered, -1, router);
        var (fate, server) = AtEntry(router, prefix);
        return (fate, server, router);
    }

    /// <summary>Follows an AS's best next hops for a prefix to the operator router where the packets enter:
    /// <see cref="AnycastFate.Answered"/> at a live one, <see cref="AnycastFate.Blackholed"/> at one that drops them
    /// (dark, or a rule discards them; or -1 in a loop), <see cref="AnycastFate.NoRoute"/> (-1) where an AS on the way
    /// has no route.</summary>
    private (AnycastFate Fate, int Router) Entry(int asNode, string prefix, AnycastTraffic kind, EntryDrops drops)
    {
        var at = asNode;
        // Loop-free paths cross each AS at most once; one more hop than there are ASes is a loop.
        for (var hops = 0; hops <= _asNodes.Count; hops++)
        {
            if (!TryHop(at, prefix, out var next)) return (AnycastFate.NoRoute, -1);
            // An AS whose best route is its own (it originates a prefix covering the destination: a hijack) keeps the
            // traffic: nothing there answers.
            if (next == at) return (AnycastFate.Blackholed, -1);
            if (_asNodes.Contains(next)) { at = next; continue; }
            return (drops(next, prefix, kind) ? AnycastFate.Blackholed : AnycastFate.Answered, next);
        }
        return (AnycastFate.Blackholed, -1);
    }

    /// <summary>What answers queries to a prefix that enter at a live operator router: the first server behind it that
    /// answers (-1: none).</summary>
    private (AnycastFate Fate, int Server) AtEntry(int router, string prefix)
    {
        foreach (var server in _serversBehind.GetValueOrDefault((router, prefix)) ?? [])
            if (_serving[server])
                return (_answerShare.GetValueOrDefault(server, 1) < _minAnswerShare ? AnycastFate.Overloaded : AnycastFate.Answered, server);
        return (AnycastFate.Blackholed, -1);
    }

    /// <summary>
    /// What becomes of an operator-run resolver's own queries to a DNS prefix. It runs beside the operator's DNS servers
    /// at the routers that announce it and asks the servers at its own site (the operator's routers keep anycast
    /// local); one cohort stands for all its sites, so it is answered while some live site of it has a server that
    /// answers (the first, in router order), and times out (blackholed) when none has. A site whose router drops its
    /// queries as they arrive from it (dark, or a rule discards them) answers nothing.
    /// </summary>
    private (AnycastFate Fate, int Server) FollowInside(IReadOnlyList<int> routers, string prefix, EntryDrops drops)
    {
        var overloaded = (AnycastFate.Blackholed, -1);
        foreach (var router in routers.Where(r => !drops(r, prefix, AnycastTraffic.Dns)))
        {
            var (fate, server) = AtEntry(router, prefix);
            if (fate == AnycastFate.Answered) return (fate, server);
            if (fate == AnycastFate.Overloaded && overloaded.Item2 < 0) overloaded = (fate, server);
        }
        return overloaded;
    }

    /// <summary>Every resolver's path that changed since it was last told (all of them the first time), in resolver
    /// and prefix order, and whether it moved (another fate or server) rather than only its server's zone changing;
    /// each is remembered as told.</summary>
    public List<(int Resolver, AuthorityPath Path, bool Moved)> Changes(Func<int, bool> routerDark) => Changes(Dark(routerDark));

    /// <inheritdoc cref="Changes(Func{int, bool})"/>
    public List<(int Resolver, AuthorityPath Path, bool Moved)> Changes(EntryDrops drops)
    {
        var changes = new List<(int, AuthorityPath, bool)>();
        foreach (var (resolver, asNode) in _resolvers)
            foreach (var prefix in _prefixes)
            {
                var (fate, server) = _operatorResolvers.TryGetValue(resolver, out var inside)
                    ? FollowInside(inside.Routers, prefix, drops)
                    : Follow(asNode, prefix, drops);
                var names = server >= 0 ? _zone[server] : [];
                var known = _told.TryGetValue((resolver, prefix), out var before);
                var moved = !known || before.Fate != fate || before.Server != server;
                if (!moved && before.Names.SequenceEqual(names)) continue;
                _told[(resolver, prefix)] = (fate, server, names);
                changes.Add((resolver, new AuthorityPath { Prefix = prefix, Fate = fate, Server = server, Names = names }, moved));
            }
        return changes;
    }

    /// <summary>
    /// Every client cohort whose users' queries to an operator-run resolver now meet another fate or enter at another
    /// router since it was last told (all of them the first time), in cohort and resolver order; each is remembered as
    /// told. <see cref="AnycastFate.Answered"/>: they reach the resolver; otherwise those users resolve nothing.
    /// </summary>
    public List<(int Client, int Resolver, string Prefix, AnycastFate Fate, int Router)> ResolverChanges(Func<int, bool> routerDark) =>
        ResolverChanges(Dark(routerDark));

    /// <inheritdoc cref="ResolverChanges(Func{int, bool})"/>
    public List<(int Client, int Resolver, string Prefix, AnycastFate Fate, int Router)> ResolverChanges(EntryDrops drops)
    {
        var changes = new List<(int, int, string, AnycastFate, int)>();
        foreach (var (client, asNode, resolver) in _users)
        {
            var prefix = _operatorResolvers[resolver].Prefix;
            var (fate, _, router) = Walk(asNode, prefix, drops);
            if (fate != AnycastFate.Answered && fate != AnycastFate.Blackholed) router = -1; // no route: it enters nowhere
            if (_usersTold.TryGetValue((client, resolver), out var before) && before == (fate, router)) continue;
            _usersTold[(client, resolver)] = (fate, router);
            changes.Add((client, resolver, prefix, fate, router));
        }
        return changes;
    }

    /// <summary>
    /// With <c>frontend_catchment: bgp</c>: every client cohort whose users' traffic to the front-ends' prefix now enters
    /// at another router or meets another fate since it was last told (all of them the first time), in cohort order;
    /// each is remembered as told. <see cref="AnycastFate.Answered"/>: they enter at a live router, whose PoP gateway's
    /// front-ends serve them; <see cref="AnycastFate.Blackholed"/> (a dark entry router or one whose rules discard
    /// them, a loop) or <see cref="AnycastFate.NoRoute"/>: they reach no front-end (gateway -1).
    /// </summary>
    public List<(int Client, AnycastFate Fate, int Router, int Gateway)> FrontEndChanges(Func<int, bool> routerDark) => FrontEndChanges(Dark(routerDark));

    /// <inheritdoc cref="FrontEndChanges(Func{int, bool})"/>
    public List<(int Client, AnycastFate Fate, int Router, int Gateway)> FrontEndChanges(EntryDrops drops)
    {
        var changes = new List<(int, AnycastFate, int, int)>();
        if (_frontEndPrefix is null) return changes;
        foreach (var (client, asNode) in _frontEndUsers)
        {
            var (fate, router) = Entry(asNode, _frontEndPrefix, AnycastTraffic.Https, drops);
            if (_frontEndTold.TryGetValue(client, out var before) && before == (fate, router)) continue;
            _frontEndTold[client] = (fate, router);
            var gateway = fate == AnycastFate.Answered ? _gatewayOf.GetValueOrDefault(router, router) : -1;
            changes.Add((client, fate, router, gateway));
        }
        return changes;
    }

    /// <summary>
    /// With <c>frontend_catchment: bgp</c>: every client cohort with the nodes its users' traffic to the front-ends'
    /// prefix crosses, in order: its AS, each AS its route leads through, and the operator router where it enters
    /// (empty where an AS on the way has no route or the route loops). In cohort order.
    /// </summary>
    public IEnumerable<(int Client, IReadOnlyList<int> Path)> FrontEndPaths()
    {
        if (_frontEndPrefix is null) yield break;
        foreach (var (client, asNode) in _frontEndUsers)
        {
            var path = new List<int> { asNode };
            var at = asNode;
            for (var hops = 0; ; hops++)
            {
                if (hops > _asNodes.Count || !TryHop(at, _frontEndPrefix, out var next) || next == at) { path.Clear(); break; }
                path.Add(next);
                if (!_asNodes.Contains(next)) break;
                at = next;
            }
            yield return (client, path);
        }
    }

    /// <summary>
    /// The ASes traffic to an Internet aggregate crosses from <paramref name="asNode"/> on, by each AS's longest match,
    /// ending at the AS whose best route is its own (the origin, or one that announced a more-specific); null when an AS on the way has no route, the
    /// route loops, or it leads into the operator's network (the operator originates no aggregate).
    /// </summary>
    public List<int>? AsPathTo(int asNode, string prefix)
    {
        var path = new List<int> { asNode };
        var at = asNode;
        for (var hops = 0; hops <= _asNodes.Count; hops++)
        {
            if (!TryHop(at, prefix, out var next) || !_asNodes.Contains(next)) return null;
            if (next == at) return path;
            path.Add(next);
            at = next;
        }
        return null;
    }

    /// <summary>The front-ends' prefix users follow (<c>frontend_catchment: bgp</c>), or null.</summary>
    public string? FrontEndPrefix => _frontEndPrefix;

    /// <summary>Takes the start as told: what <see cref="Follow"/> gives now is what the resolvers (and the users of
    /// operator-run resolvers, and where users enter with <c>frontend_catchment: bgp</c>) start with.</summary>
    public void StartTold(Func<int, bool> routerDark)
    {
        var drops = Dark(routerDark);
        Changes(drops);
        ResolverChanges(drops);
        FrontEndChanges(drops);
    }
}

/// <summary>
/// With <c>frontend_catchment: bgp</c>, what <see cref="AnycastCatchment"/> needs to say where each client cohort's
/// users enter: the front-ends' prefix, the PoP gateway of every operator router with eBGP sessions (the first edge
/// router of its site), and the cohorts with their AS.
/// </summary>
public sealed record FrontEndUsers(string Prefix, IReadOnlyDictionary<int, int> GatewayOf, IReadOnlyList<(int Client, int As)> Cohorts);
