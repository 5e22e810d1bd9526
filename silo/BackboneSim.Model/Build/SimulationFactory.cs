using BackboneSim.Engine;
using BackboneSim.Model.Configuration;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Build;

/// <summary>
/// Builds the node model for any node index of a scenario. Every runtime uses this one factory (the in-memory
/// runtime for all nodes, each node grain for its own), so a node starts identical wherever it lives.
/// </summary>
public sealed class SimulationFactory
{
    private readonly ScenarioDefinition _scenario;
    private readonly IgpDomain _igp;
    private readonly Dictionary<int, List<RouterInterface>> _interfaces = new();
    private readonly Dictionary<int, List<int>> _healthSubscribers = new();
    private readonly Dictionary<int, List<(int, double)>> _routerEbgp = new();
    private readonly BgpSetup _bgp;
    private readonly Dictionary<int, List<(string, int)>> _initialAnycast = new();
    private readonly Dictionary<int, List<BgpNeighbor>> _asNeighbors;
    private readonly HashSet<int> _asNodes;
    private readonly Dictionary<int, Dictionary<string, SortedDictionary<int, AsRoute>>> _bgpSteadyState;
    /// <summary>Each external AS's route maps per session as the run starts (<c>internet.policies</c>).</summary>
    private readonly IReadOnlyDictionary<int, IReadOnlyDictionary<int, AsSessionPolicy>> _asPolicies;
    private readonly Dictionary<int, RouterSpec> _routers;
    private readonly Dictionary<int, DnsServerSpec> _dns;
    private readonly Dictionary<int, ExternalAsSpec> _ases;
    private readonly Dictionary<int, ResolverSpec> _resolvers;
    private readonly Dictionary<int, ClientCohortSpec> _clients;
    private readonly Dictionary<int, List<(int Client, string Service, double Qps)>> _steadyDemand = new();
    private readonly IReadOnlyDictionary<int, int> _dnsHome;
    /// <summary>With a data plane, what becomes of each resolver cohort's queries to each anycast prefix at the start.</summary>
    private readonly Dictionary<int, List<AuthorityPath>> _initialPaths = new();
    /// <summary>With a data plane: each DNS server's queries per second from each resolver cohort at the start, and the
    /// busiest server's total, which capacities are multiples of (<c>dns_capacity_factor</c>, or a server's
    /// <c>capacity</c> in the base configuration; 0: no limit).</summary>
    private readonly Dictionary<int, List<(int Resolver, double Qps)>> _authorityLoad = new();
    private readonly double _busiestDnsQps;
    /// <summary>The users every cohort's front-ends normally send each data center (worked out once, when first needed).</summary>
    private readonly Lazy<(Dictionary<int, Dictionary<int, double>> Distances, Dictionary<int, double> Users)> _normalUsers;
    /// <summary>With a data plane: the operator-run resolvers each client cohort's users cannot reach at the start.</summary>
    private readonly Dictionary<int, List<int>> _unreachableResolvers = new();
    /// <summary>With a data plane: each PoP's internal-tool flow (worked out once, when first needed).</summary>
    private readonly Lazy<IReadOnlyList<(int Gateway, FlowReport Flow)>> _toolFlows;
    /// <summary>With <c>frontend_catchment: bgp</c>: the PoP gateway of every router with eBGP sessions (where users
    /// entering there are served), those gateways in node order, and where each client cohort's users enter at the start.</summary>
    private readonly Dictionary<int, int> _entryGatewayOf = new();
    private readonly int[] _entryGateways = [];
    private readonly Dictionary<int, FrontEndEntry> _startEntry = new();

    public SimulationFactory(ScenarioDefinition scenario)
    {
        _scenario = scenario;
        var t = scenario.Topology;
        // Both need every router's distance to each data center as designed: one reverse SPF per border router, once.
        var borderDistances = new Lazy<Dictionary<int, Func<int, double>>>(() => FrontEndDataCenter.BorderDistances(t, _igp!));
        _toolFlows = new(() => t.TrafficNode >= 0 ? InternalToolFlows.Of(t, _igp!, scenario.Parameters.InternalToolsGbps, borderDistances.Value) : []);
        _normalUsers = new(() =>
        {
            var distances = FrontEndDataCenter.Distances(t, _igp!, borderDistances.Value);
            return (distances, FrontEndDataCenter.NormalUsers(t, distances));
        });
        Configuration = new BaseConfiguration(t.Links, scenario.Parameters, scenario.Configuration);
        _igp = new IgpDomain(t, Configuration);
        _routers = t.Routers.ToDictionary(r => r.Node);
        _dns = t.DnsServers.ToDictionary(d => d.Node);
        _ases = t.ExternalAses.ToDictionary(a => a.Node);
        _resolvers = t.Resolvers.ToDictionary(r => r.Node);
        _clients = t.Clients.ToDictionary(c => c.Node);
        foreach (var r in t.Routers) _interfaces[r.Node] = new List<RouterInterface>();
        foreach (var l in t.Links)
        {
            _interfaces[l.A].Add(Interface(l, l.A, l.B));
            _interfaces[l.B].Add(Interface(l, l.B, l.A));
        }
        foreach (var d in t.DnsServers)
        {
            List(_healthSubscribers, d.Gateway).Add(d.Node);
            foreach (var r in d.AnnounceVia) foreach (var p in d.Prefixes) List(_initialAnycast, r).Add((p, d.Node));
        }
        // A public resolver the operator runs asks the edge routers of its sites to announce its prefix, as a DNS server
        // does; it never withdraws it, so the routers announce it while they are up.
        foreach (var res in t.Resolvers.Where(x => x.OperatorRun is not null))
            foreach (var r in res.OperatorRun!.AnnounceVia) List(_initialAnycast, r).Add((res.OperatorRun.Prefix, res.Node));
        if (FrontEndByBgp)
        {
            if (!AnycastByBgp) throw new InvalidOperationException("frontend_catchment: bgp follows the Internet's routes: it needs a topology with a data plane");
            _entryGatewayOf = EntryGateways(t);
            _entryGateways = _entryGatewayOf.Values.Distinct().Order().ToArray();
        }
        foreach (var c in t.Clients)
        {
            foreach (var g in GatewaysOf(c)) List(_healthSubscribers, g).Add(c.Node);
        }
        foreach (var dc in t.DataCenters) List(_healthSubscribers, dc.Gateway).Add(dc.Node);
        // The responders' VPN works while some PoP reaches a data center: every PoP's first edge router tells them.
        if (t.ResponderNode >= 0)
            foreach (var g in PopGateways(t)) List(_healthSubscribers, g).Add(t.ResponderNode);
        _asNeighbors = BgpPolicy.Neighborhoods(t);
        _asNodes = t.ExternalAses.Select(a => a.Node).ToHashSet();
        foreach (var p in t.Peerings) List(_routerEbgp, p.RouterNode).Add((p.AsNode, p.LatencyMs));

        _bgp = new BgpSetup(t, scenario.Parameters, _initialAnycast, Configuration);
        // At t=0 routers with eBGP peers originate the static prefixes (and those their base configuration adds), and
        // the anycast prefixes of the DNS servers behind them.
        var originated = _routerEbgp.Keys.ToDictionary(r => r, r => (IReadOnlyList<string>)_bgp.StaticPrefixes(r)
            .Concat((_initialAnycast.GetValueOrDefault(r) ?? []).Select(x => x.Item1)).Distinct().ToList());
        // Each session announces what its export filter lets through, as the live routers will.
        _asPolicies = t.AsPolicies.GroupBy(x => x.AsNode).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<int, AsSessionPolicy>)g.ToDictionary(x => x.Neighbor, x => new AsSessionPolicy(x.Import?.Built, x.Export?.Built)));
        _bgpSteadyState = BgpSteadyState.Compute(t, originated,
            (peering, prefix) => OperatorAnnouncement.Of(t.OperatorAsn, prefix, _bgp.Policy(peering.RouterNode, BgpSetup.KindOf(peering.Kind), peering.AsNode)),
            _asPolicies);
        // With a data plane the catchment follows the Internet's routes (AnycastCatchment); without one it is fixed.
        if (!AnycastByBgp && t.Resolvers.Any(r => r.OperatorRun is not null))
            throw new InvalidOperationException("a public resolver the operator runs is reached by the Internet's routes: it needs a topology with a data plane");
        _dnsHome = AnycastByBgp ? new Dictionary<int, int>() : DnsCatchment.Homes(t);
        if (AnycastByBgp)
        {
            var catchment = NewCatchment();
            foreach (var (resolver, path, _) in catchment.Changes(_ => false)) List(_initialPaths, resolver).Add(path);
            foreach (var (client, resolver, _, fate, _) in catchment.ResolverChanges(_ => false))
                if (fate != AnycastFate.Answered) List(_unreachableResolvers, client).Add(resolver);
            foreach (var (client, fate, _, gateway) in catchment.FrontEndChanges(_ => false))
                _startEntry[client] = new FrontEndEntry { Gateway = gateway, Fate = fate };
        }
        // Users who cannot reach an operator-run resolver at the start send it nothing.
        foreach (var c in t.Clients)
            foreach (var ((resolver, service), qps) in new ClientCohortModel(c, scenario.Parameters, t.Services, unreachableResolvers: _unreachableResolvers.GetValueOrDefault(c.Node)).Demands())
                List(_steadyDemand, resolver).Add((c.Node, service, qps));
        if (AnycastByBgp)
        {
            // The servers' normal loads matter only when some server has a capacity (off by default).
            if (t.DnsServers.Any(d => Configuration.DnsCapacity(d.Node) > 0))
            {
                foreach (var r in t.Resolvers)
                    foreach (var (server, qps) in NewResolver(r, reportLoad: true).SteadyAuthorityLoad()) List(_authorityLoad, server).Add((r.Node, qps));
                _busiestDnsQps = _authorityLoad.Values.Select(l => l.Sum(x => x.Qps)).DefaultIfEmpty(0).Max();
            }
        }
    }

    private ResolverModel NewResolver(ResolverSpec resolver, bool reportLoad)
    {
        var prefixes = _scenario.Topology.AnycastPrefixes.ToList();
        return new ResolverModel(resolver, _scenario.Parameters, _scenario.Topology.Services.Where(s => !s.ThirdParty), prefixes,
            prefixes.Where(x => resolver.AsNode >= 0 && InitiallyVisible(resolver.AsNode, x)), _steadyDemand.GetValueOrDefault(resolver.Node) ?? [],
            AnycastByBgp ? _initialPaths.GetValueOrDefault(resolver.Node) ?? [] : null, reportLoad);
    }

    /// <summary>The share of its queries an overloaded DNS server must still answer for resolutions to succeed more
    /// often than not: one fails only when all its <c>resolver_attempts</c> tries are dropped, (1 − share)^attempts.</summary>
    private double MinAnswerShare => 1 - Math.Pow(0.5, 1.0 / Math.Max(1, _scenario.Parameters.ResolverAttempts));

    /// <summary>Whether resolvers' queries to the anycast prefixes follow the Internet's routes (the topology has a data
    /// plane), or go to a home server fixed at build time (<see cref="DnsCatchment"/>).</summary>
    private bool AnycastByBgp => _scenario.Topology.TrafficNode >= 0;

    /// <summary>Whether users enter where their AS's best route to the front-ends' prefix leads (<c>frontend_catchment: bgp</c>).</summary>
    private bool FrontEndByBgp => _scenario.Topology.FrontEndPrefix is not null && _scenario.Topology.Clients.Count > 0;

    /// <summary>Whether users' traffic is carried across other networks both ways (<see cref="InterAsTraffic"/>): they
    /// enter by BGP, the Internet forwards by its routes (a data plane), and the responses go back to the users' Internet
    /// aggregates (<see cref="ResponseRoutes"/>).</summary>
    private bool InterAsCarried => FrontEndByBgp && AnycastByBgp;
    private Dictionary<(int, int), double> InterAsCapacities => _interAsCapacity ??= InterAsCapacity(_scenario.Topology);
    private Dictionary<(int, int), double>? _interAsCapacity;

    /// <summary>The prefixes each external AS tells the data plane its forwarding for: the anycast ones and, when users'
    /// traffic is carried across other networks, the Internet's aggregates.</summary>
    private IEnumerable<string> ForwardedPrefixes(NetworkTopology t)
        => t.AnycastPrefixes.Concat(t.ResolverPrefixes).Concat(FrontEndByBgp ? [t.FrontEndPrefix!] : []).Concat(InterAsCarried ? t.InternetAggregates : []);

    private static bool Overlapping(string prefix, List<DataPlane.Prefix> destinations)
    {
        var p = DataPlane.Prefix.Parse(prefix);
        return destinations.Any(d => d.Contains(p) || p.Contains(d));
    }

    /// <summary>Where the responses to the users leave the operator's network (<see cref="InternetExits"/>), as the run
    /// starts: every eBGP session with its local preference and the aggregates its import filter accepts, and what each
    /// AS offers over it in the converged start state.</summary>
    private ResponseRoutes NewResponseRoutes(NetworkTopology t)
    {
        var originOf = t.ExternalAses.SelectMany(a => a.Prefixes.Select(p => (p, a.Asn))).ToDictionary(x => x.p, x => x.Asn, StringComparer.Ordinal);
        var sessions = new List<InternetExits.Session>();
        var offers = new List<(string, int, int, int)>();
        foreach (var peering in t.Peerings)
        {
            var kind = BgpSetup.KindOf(peering.Kind);
            var policy = _bgp.Policy(peering.RouterNode, kind, peering.AsNode);
            // A transit provider's aggregates come in its full table; a peer's or route server's as each origin AS's routes.
            var accepts = originOf.Where(o => RouteFilter.AllowsClass(policy.Accept, kind == BgpSessionKind.Transit ? RouteFilter.Internet : RouteFilter.AsClass(o.Value)))
                .Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
            sessions.Add(new InternetExits.Session(peering.RouterNode, peering.AsNode, policy.LocalPref == 0 ? BgpPolicy.DefaultLocalPref : policy.LocalPref, accepts));
            var a = t.ExternalAses.First(x => x.Node == peering.AsNode);
            var relation = _asNeighbors[a.Node].ToDictionary(n => n.Node, n => n.Relation);
            relation[a.Node] = BgpSteadyState.OwnRoute;
            foreach (var prefix in originOf.Keys)
            {
                var best = BgpSteadyState.BestAt(_bgpSteadyState, a, prefix, n => relation[n], _asPolicies);
                var length = ExternalAsModel.OfferedPathLength(a.Asn, best, n => relation[n], relation[peering.RouterNode], a.Tier == AsTier.Ixp,
                    a.Node, prefix, _asPolicies.GetValueOrDefault(a.Node)?.GetValueOrDefault(peering.RouterNode)?.Export);
                if (length >= 0) offers.Add((prefix, peering.RouterNode, a.Node, length));
            }
        }
        var aggregateOf = new Dictionary<int, (string, int)>();
        foreach (var c in t.Clients)
            if (t.ExternalAses.First(a => a.Node == c.AsNode).Prefixes is [var first, ..]) aggregateOf[c.Node] = (first, c.AsNode);
        return new ResponseRoutes(new InternetExits(sessions, offers), aggregateOf);
    }

    /// <summary>Each AS link's and peering's capacity, by its pair of nodes (lower first); those without one left out.</summary>
    private static Dictionary<(int, int), double> InterAsCapacity(NetworkTopology t)
    {
        var capacity = new Dictionary<(int, int), double>();
        foreach (var l in t.AsLinks.Where(l => l.CapacityGbps > 0)) capacity[(Math.Min(l.A, l.B), Math.Max(l.A, l.B))] = l.CapacityGbps;
        foreach (var p in t.Peerings.Where(p => p.CapacityGbps > 0)) capacity[(Math.Min(p.AsNode, p.RouterNode), Math.Max(p.AsNode, p.RouterNode))] = p.CapacityGbps;
        return capacity;
    }

    /// <summary>The gateways whose reports a cohort hears and whose front-ends may carry its users: its serving gateways,
    /// or with <c>frontend_catchment: bgp</c> every gateway its users might enter at (any may become the entry).</summary>
    private IReadOnlyList<int> GatewaysOf(ClientCohortSpec c) => FrontEndByBgp ? _entryGateways : c.ServingGateways;

    /// <summary>The PoP gateway of every router with eBGP sessions: the first edge router of its site (the router itself
    /// at a site without edge routers), as a cohort's serving gateways are chosen.</summary>
    private static Dictionary<int, int> EntryGateways(NetworkTopology t)
    {
        var firstEdge = t.Routers.Where(r => r.Role == RouterRole.Edge).GroupBy(r => r.Site).ToDictionary(g => g.Key, g => g.Min(r => r.Node), StringComparer.Ordinal);
        var site = t.Routers.ToDictionary(r => r.Node, r => r.Site);
        return t.Peerings.Select(p => p.RouterNode).Distinct().Order().ToDictionary(r => r, r => firstEdge.GetValueOrDefault(site[r], r));
    }

    /// <summary>The anycast catchment as the run starts: every AS's best next hop for each anycast prefix in the
    /// converged start state, every DNS server answering with the full zone.</summary>
    private AnycastCatchment NewCatchment()
    {
        var t = _scenario.Topology;
        var prefixes = t.AnycastPrefixes.ToList();
        var hops = new Dictionary<(int, string), int>();
        var destinations = ForwardedPrefixes(t).Select(DataPlane.Prefix.Parse).ToList();
        var operatorResolvers = t.Resolvers.Where(r => r.OperatorRun is not null).ToList();
        foreach (var a in t.ExternalAses)
        {
            var relation = _asNeighbors[a.Node].ToDictionary(n => n.Node, n => n.Relation);
            relation[a.Node] = BgpSteadyState.OwnRoute;
            // Every route that covers a destination or lies inside one: each AS forwards by its longest match.
            foreach (var prefix in _bgpSteadyState[a.Node].Keys)
                if (Overlapping(prefix, destinations) && BgpSteadyState.BestAt(_bgpSteadyState, a, prefix, n => relation[n], _asPolicies) is { } best)
                    hops[(a.Node, prefix)] = best.Route.Communities.Contains(Communities.Blackhole) ? a.Node : best.From;
        }
        return new AnycastCatchment(hops, _asNodes, t.DnsServers.Select(d => (d.Node, d.AnnounceVia, d.Prefixes)),
            t.Resolvers.Select(r => (r.Node, r.AsNode)), prefixes, t.Services.Where(s => !s.ThirdParty).Select(s => s.Name), MinAnswerShare,
            operatorResolvers.Select(r => (r.Node, r.OperatorRun!.Prefix, r.OperatorRun.AnnounceVia)),
            t.Clients.SelectMany(c => c.Resolvers.Select(r => (c.Node, c.AsNode, r.Resolver))),
            FrontEndByBgp ? new FrontEndUsers(t.FrontEndPrefix!, _entryGatewayOf, t.Clients.Select(c => (c.Node, c.AsNode)).ToList()) : null);
    }

    public ScenarioDefinition Scenario => _scenario;
    /// <summary>The configuration every node starts in (the scenario's <c>config:</c>, resolved per node).</summary>
    public BaseConfiguration Configuration { get; }
    public IReadOnlyList<string> NodeNames => _scenario.Topology.NodeNames;
    public int NodeCount => NodeNames.Count;

    /// <summary>The scenario's watcher for a new run (triggers, rollout health checks), or null when it needs none.</summary>
    public NodeHost CreateHost(int node)
    {
        var name = NodeNames[node];
        return new NodeHost(node, name, CreateModel(node), _scenario.LookaheadMs, DeterministicRandom.ForNode(_scenario.Seed, name));
    }

    public INodeModel CreateModel(int node)
    {
        var p = _scenario.Parameters;
        var t = _scenario.Topology;
        if (node == 0) return new ScenarioDriverModel(_scenario.Timeline, NodeNames, p, t.ResponderNode, t.Resolvers.Select(x => x.Node).ToArray());
        if (_routers.TryGetValue(node, out var r))
            return new RouterModel(r, _igp, p, _interfaces[node].Select(i => i.Copy()), _healthSubscribers.GetValueOrDefault(node) ?? [],
                _bgp.Speaker(r), _bgp.RouteCapacity(r), _scenario.Topology.TrafficNode, Configuration.Overload(node), Configuration.ChangesIgp);
        if (_dns.TryGetValue(node, out var d))
            return new DnsServerModel(d, p, t.Services.Where(s => !s.ThirdParty).Select(s => s.Name),
                _dnsHome.Where(h => h.Value == node).Select(h => h.Key).OrderBy(x => x), Configuration.Health(d), t.TrafficNode,
                t.Routers.Where(r => r.Role == RouterRole.DataCenterBorder).Select(r => r.Node).ToArray(), Configuration.DnsCapacity(node) * _busiestDnsQps,
                _authorityLoad.GetValueOrDefault(node));
        if (_ases.TryGetValue(node, out var a))
        {
            // Each AS gets its own copy of its routing table: models mutate their state.
            var rib = _bgpSteadyState[node].ToDictionary(kv => kv.Key, kv => new SortedDictionary<int, AsRoute>(kv.Value), StringComparer.Ordinal);
            return new ExternalAsModel(a, p, _asNeighbors[node], _asNodes, rib,
                AnycastByBgp ? [] : _scenario.Topology.Resolvers.Where(x => x.AsNode == node).Select(x => x.Node),
                _bgp.OperatorSessions(node), _scenario.Topology.Bgp.AsRestartMs, AnycastByBgp ? t.TrafficNode : -1,
                ForwardedPrefixes(t), InterAsCarried ? t.InternetAggregates : [], _asPolicies.GetValueOrDefault(node), NodeNames);
        }
        if (_resolvers.TryGetValue(node, out var resolver)) return NewResolver(resolver, reportLoad: _busiestDnsQps > 0);
        if (_clients.TryGetValue(node, out var client))
            return new ClientCohortModel(FrontEndByBgp ? client with { ServingGateways = _entryGateways } : client, p, t.Services, FrontEndDataCenter.Of(t),
                _normalUsers.Value.Users, t.Clients.Sum(c => (double)c.Users), _normalUsers.Value.Distances.GetValueOrDefault(node),
                _unreachableResolvers.GetValueOrDefault(node), FrontEndByBgp ? _startEntry[node] : null, InterAsCarried ? t.TrafficNode : -1);
        if (_scenario.Topology.DataCenters.FirstOrDefault(d => d.Node == node) is { } dataCenter)
            return new DataCenterModel(dataCenter, p, _scenario.Topology.Clients.Select(c => c.Node).ToArray(), NormalDemand(t, dataCenter),
                _normalUsers.Value.Users.GetValueOrDefault(dataCenter.Node));
        if (node == _scenario.Topology.TrafficNode)
            return new DataPlaneModel(_igp, p, NodeNames, router => _interfaces[router], ReplicationFlows.Of(_scenario.Topology, p.DcReplicationGbps),
                NewCatchment(), t.DataCenters.Select(d => d.Site).ToList(), NewFrontEndProbes(t, GatewaysOf), _toolFlows.Value, t.ResponderNode,
                InterAsCarried ? new InterAsTraffic(InterAsCapacities, NodeNames, p.UpstreamRatio) : null, InterAsCarried ? NewResponseRoutes(t) : null,
                t.FrontEndPrefix ?? t.StaticPrefixes.FirstOrDefault());
        if (_scenario.Topology.Controllers.FirstOrDefault(c => c.Node == node) is { } controller) return new ControllerModel(controller, p);
        if (node == _scenario.Topology.ResponderNode)
            return _toolFlows.Value.Count > 0
                ? new ResponderModel(_scenario.Responders, p, _toolFlows.Value.Select(f => f.Gateway), t.DataCenters.Select(d => d.Node), toolsOverDataPlane: true)
                : new ResponderModel(_scenario.Responders, p, PopGateways(t), t.DataCenters.Select(d => d.Node));
        throw new ArgumentOutOfRangeException(nameof(node), $"no node {node} in scenario {_scenario.Name}");
    }

    /// <summary>Steady client query rate at a resolver cohort, all services working (for the series' initial values).</summary>
    public double InitialQueriesPerSecond(int resolverNode) => _steadyDemand.GetValueOrDefault(resolverNode)?.Sum(d => d.Qps) ?? 0;

    /// <summary>Whether an external AS starts with a route for the prefix (for the series' initial values).</summary>
    public bool InitiallyVisible(int asNode, string prefix)
    {
        var a = _scenario.Topology.ExternalAses.First(x => x.Node == asNode);
        var relation = _asNeighbors[asNode].ToDictionary(n => n.Node, n => n.Relation);
        relation[asNode] = BgpSteadyState.OwnRoute;
        return BgpSteadyState.BestAt(_bgpSteadyState, a, prefix, n => relation[n], _asPolicies) is not null;
    }

    /// <summary>A data center's normal demand: users x usage share of the operator services it hosts, over every cohort
    /// (what a surge's extra demand is measured against).</summary>
    private static double NormalDemand(NetworkTopology t, DataCenterSpec dc)
        => t.Clients.Sum(c => c.Users * t.Services.Where(s => !s.ThirdParty && (s.DataCenters.Count == 0 || s.DataCenters.Contains(dc.Site))).Sum(s => s.UsersShare));

    /// <summary>The front-ends' probes of the data centers: from every gateway that serves a cohort, towards every data
    /// center's border routers (none without data centers).</summary>
    private static FrontEndProbes? NewFrontEndProbes(NetworkTopology t, Func<ClientCohortSpec, IReadOnlyList<int>> gatewaysOf)
    {
        if (t.DataCenters.Count == 0 || t.Clients.Count == 0) return null;
        var gateways = t.Clients.SelectMany(c => gatewaysOf(c).Select(g => (Gateway: g, Cohort: c.Node))).GroupBy(x => x.Gateway).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Select(x => x.Cohort).Distinct().Order().ToArray())).ToList();
        var dataCenters = t.DataCenters.Select(d => (d.Node, t.Routers.Where(r => r.Role == RouterRole.DataCenterBorder && r.Site == d.Site)
            .Select(r => r.Node).Order().ToArray())).ToList();
        return new FrontEndProbes(gateways, dataCenters, t.FirstRouterNode, t.Routers.Count);
    }

    private static IEnumerable<int> PopGateways(NetworkTopology t)
        => t.Routers.Where(r => r.Role == RouterRole.Edge).GroupBy(r => r.Site).Select(g => g.Min(r => r.Node)).OrderBy(n => n);

    /// <summary>A router's end of a link as the base configuration starts it: an end that is administratively down
    /// gives no light, so neither end has an adjacency.</summary>
    private RouterInterface Interface(LinkSpec l, int router, int peer)
    {
        var (adminUp, metric) = Configuration.Interface(router, l);
        var peerAdminUp = Configuration.Interface(peer, l).AdminUp;
        return new RouterInterface(l.Index, l.Name, l.Kind, peer, metric, l.LatencyMs)
            { AdminUp = adminUp, PeerAdminUp = peerAdminUp, AdjacencyUp = adminUp && peerAdminUp };
    }

    private static List<T> List<T>(Dictionary<int, List<T>> map, int key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<T>();
        return list;
    }
}
