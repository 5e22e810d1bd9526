using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// An external AS speaking eBGP: keeps every neighbour's route per prefix (Adj-RIB-In), picks a best path by
/// relationship and path length, and tells its AS neighbours when it changes, as far as policy lets the route
/// go to each (<see cref="BgpPolicy"/>). Withdrawals therefore spread AS by AS and explore longer paths first.
/// Advertisements of a prefix to a peer are paced by the MRAI, per destination as RFC 4271 9.2.1.1 defines it;
/// withdrawals are not delayed. Without the MRAI, path exploration in a densely meshed core grows combinatorially.
/// </summary>
public sealed class ExternalAsModel : INodeModel
{
    private readonly ExternalAsSpec _spec;
    private readonly ModelParameters _p;
    private readonly BgpNeighbor[] _asNeighbors;
    private readonly Dictionary<int, BgpRelation> _relation = new();
    private readonly bool _routeServer;
    private readonly Dictionary<string, SortedDictionary<int, long[]>> _ribIn;
    private readonly Dictionary<string, (int From, long[] Path)?> _best = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Peer, string Prefix), long[]?> _lastSent = new();
    private readonly Dictionary<(int Peer, string Prefix), long> _mraiUntil = new();
    /// <summary>Advertisements held back by the MRAI, with the latest change that made them due.</summary>
    private readonly Dictionary<(int Peer, string Prefix), long> _pendingCause = new();

    private readonly int[] _localResolvers;

    /// <param name="neighbors">Every eBGP neighbour with its relationship: other ASes and operator routers.</param>
    /// <param name="asNodes">Which of them are ASes (the ones this AS advertises to).</param>
    public ExternalAsModel(ExternalAsSpec spec, ModelParameters parameters, IEnumerable<BgpNeighbor> neighbors, ISet<int> asNodes,
        Dictionary<string, SortedDictionary<int, long[]>> initialRibIn, IEnumerable<int>? localResolvers = null)
    {
        _localResolvers = (localResolvers ?? []).ToArray();
        _spec = spec;
        _p = parameters;
        _routeServer = spec.Tier == AsTier.Ixp;
        var all = neighbors.OrderBy(n => n.Node).ToArray();
        foreach (var n in all) _relation[n.Node] = n.Relation;
        _asNeighbors = all.Where(n => asNodes.Contains(n.Node)).ToArray();
        _ribIn = initialRibIn;
        foreach (var (prefix, routes) in _ribIn)
        {
            _best[prefix] = BgpDecision.Best(routes, RelationOf);
            // In the converged start state every peer already holds what we advertise.
            foreach (var n in _asNeighbors) _lastSent[(n.Node, prefix)] = AdvertFor(n.Node, prefix);
        }
    }

    private BgpRelation RelationOf(int node) => _relation[node];

    private long[]? AdvertFor(int peer, string prefix)
        => BgpDecision.Advertised(_spec.Asn, _best.GetValueOrDefault(prefix), RelationOf, _relation[peer], _routeServer);

    public bool HasRoute(string prefix) => _best.TryGetValue(prefix, out var b) && b is not null;
    public long[]? BestPath(string prefix) => _best.TryGetValue(prefix, out var b) ? b?.Path : null;

    public void Start(NodeContext ctx) { }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case BgpUpdate update: OnUpdate(ctx, message.From, update); break;
            case MraiTimer timer:
                if (_pendingCause.Remove((timer.Peer, timer.Prefix), out var cause)) Advertise(ctx, timer.Peer, timer.Prefix, cause);
                break;
            default: throw new InvalidOperationException($"AS {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    private void OnUpdate(NodeContext ctx, int from, BgpUpdate update)
    {
        // Every update received is counted (the bgp_updates series), whether or not it changes anything.
        ctx.Emit("bgp.update", ctx.CurrentCause, update.Prefix, 1, ("prefix", update.Prefix), ("withdraw", update.AsPath is null));
        if (!_ribIn.TryGetValue(update.Prefix, out var routes)) _ribIn[update.Prefix] = routes = new SortedDictionary<int, long[]>();
        // A path through ourselves is a loop: it counts as a withdrawal from that neighbour.
        if (update.AsPath is { } path && Array.IndexOf(path, _spec.Asn) < 0) routes[from] = path;
        else routes.Remove(from);

        var before = _best.GetValueOrDefault(update.Prefix);
        var after = BgpDecision.Best(routes, RelationOf);
        if (SamePath(before, after)) return;
        _best[update.Prefix] = after;
        var kind = (before, after) switch
        {
            (null, not null) => "bgp.route_learned",
            (not null, null) => "bgp.route_lost",
            _ => "bgp.route_changed",
        };
        var e = ctx.Emit(kind, ctx.CurrentCause, update.Prefix, after is null ? 0 : 1,
            ("prefix", update.Prefix), ("path", after is { } a ? string.Join(' ', a.Path) : null));
        foreach (var n in _asNeighbors) Advertise(ctx, n.Node, update.Prefix, e);
        if ((before is null) != (after is null))
            foreach (var resolver in _localResolvers)
                ctx.Send(resolver, Math.Max(ctx.Lookahead, _p.LocalHopMs), new RouteAvailability { Prefix = update.Prefix, Available = after is not null }, e);
    }

    private void Advertise(NodeContext ctx, int peer, string prefix, long cause)
    {
        var key = (peer, prefix);
        var advert = AdvertFor(peer, prefix);
        if (SameAdvert(_lastSent.GetValueOrDefault(key), advert)) { _pendingCause.Remove(key); return; }
        if (advert is not null && ctx.Now < _mraiUntil.GetValueOrDefault(key, long.MinValue))
        {
            _pendingCause[key] = cause; // the timer that ends this MRAI is already set
            return;
        }
        Send(ctx, peer, prefix, advert, cause);
        if (advert is null || _p.BgpMraiMs <= 0) return;
        var until = ctx.Now + (long)(_p.BgpMraiMs * (0.75 + 0.25 * ctx.Random.NextDouble()));
        _mraiUntil[key] = until;
        ctx.SetTimer(until, new MraiTimer { Peer = peer, Prefix = prefix }, cause);
    }

    private void Send(NodeContext ctx, int peer, string prefix, long[]? advert, long cause)
    {
        _lastSent[(peer, prefix)] = advert;
        var latency = Array.Find(_asNeighbors, n => n.Node == peer).LatencyMs;
        ctx.Send(peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(latency) + _p.BgpProcessingMs), new BgpUpdate { Prefix = prefix, AsPath = advert }, cause);
    }

    private static bool SameAdvert(long[]? a, long[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static bool SamePath((int From, long[] Path)? a, (int From, long[] Path)? b)
        => (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.From == y.From && x.Path.AsSpan().SequenceEqual(y.Path),
            _ => false,
        };
}
