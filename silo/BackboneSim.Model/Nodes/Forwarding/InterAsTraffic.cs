using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The users' traffic across other networks (with <c>frontend_catchment: bgp</c>), both ways. On the way in, each
/// client cohort's requests follow its AS's best route to the front-ends' prefix hop by hop, AS to AS, into the
/// operator router where they enter (<see cref="AnycastCatchment.FrontEndPaths"/>). On the way back, the responses
/// leave the operator's network where BGP sends traffic to the cohort's Internet aggregate (<see cref="InternetExits"/>)
/// and follow each AS's best route to the AS that originates it (<see cref="AnycastCatchment.AsPathTo"/>), so the two
/// ways may differ, as they do on the Internet. The responses are the cohort's Gb/s, the requests that times
/// <c>upstream_ratio</c>. Every AS link and peering that has a capacity (<c>capacity_gbps</c> in the topology; others
/// never congest) carries what crosses it in each direction; a direction offered more than it carries drops the same
/// share of everything it is offered (fluid traffic, tail drop: the backbone's rule, <see cref="StrictPriorityLinks"/>),
/// worked out from the load that reaches it after the losses upstream. The cohort hears the share that gets through
/// both ways (<see cref="AsPathShare"/>; none while its responses have no way back) and its front-ends serve only that
/// much. So a leak that draws users through a small network fills that network's links, and a lost exit towards
/// the users cuts them off though their requests still arrive.
/// </summary>
/// <remarks>
/// The backbone is still offered what the users send, not what got through (an upper bound on its load while a path
/// outside is congested), and the responses' way from the PoP where the users entered to the exit router is not
/// carried over the backbone. One class: the users' traffic is all the traffic modelled there.
/// </remarks>
/// <param name="capacity">Each way of a link between two nodes (ASes, or an AS and an operator router), keyed by the
/// pair (lower node first): its capacity in Gbps. A pair not listed is not modelled.</param>
/// <param name="upstreamRatio">The requests' rate as a share of the responses' (<c>upstream_ratio</c>).</param>
public sealed class InterAsTraffic(IReadOnlyDictionary<(int, int), double> capacity, IReadOnlyList<string> names, double upstreamRatio = 1)
{
    private const double UtilisationStep = 0.05;
    private readonly SortedDictionary<int, double> _gbps = new();
    private readonly Dictionary<int, double> _told = new();
    private readonly Dictionary<(int From, int To), double> _reported = new();

    /// <summary>A cohort's users now send <paramref name="gbps"/> to the front-ends.</summary>
    public void SetDemand(int cohort, double gbps)
    {
        if (gbps > 0) _gbps[cohort] = gbps; else _gbps.Remove(cohort);
    }

    /// <summary>Works the loads out along the cohorts' current ways in and back, reports utilisation that moved, and
    /// tells each cohort whose share changed.</summary>
    /// <param name="paths">Each cohort's way in: the nodes its requests cross (empty: they enter nowhere).</param>
    /// <param name="returns">Each cohort's way back from the exit router: the nodes its responses cross; null when
    /// they have none (no exit offers the cohort's aggregate, or an AS on the way has no route). A cohort not listed
    /// has no way back modelled.</param>
    public void Carry(NodeContext ctx, IEnumerable<(int Client, IReadOnlyList<int> Path)> paths, long cause, long delayMs,
        IReadOnlyDictionary<int, IReadOnlyList<int>?>? returns = null)
    {
        // Each cohort's ways as the directed links with a capacity they cross, in order.
        var ways = new List<(int Cohort, double Gbps, (int From, int To)[] Links)>();
        var stranded = new HashSet<int>();
        foreach (var (client, path) in paths)
        {
            var gbps = _gbps.GetValueOrDefault(client);
            ways.Add((client, gbps * upstreamRatio, Links(path)));
            if (path.Count == 0 || returns is null || !returns.TryGetValue(client, out var back)) continue;
            if (back is null) stranded.Add(client);
            else ways.Add((client, gbps, Links(back)));
        }
        var passes = Settle(ways, out var offered);
        var share = new SortedDictionary<int, double>();
        foreach (var (cohort, _, links) in ways)
        {
            var s = share.GetValueOrDefault(cohort, 1);
            foreach (var link in links) s *= passes.GetValueOrDefault(link, 1);
            share[cohort] = stranded.Contains(cohort) ? 0 : s;
        }
        foreach (var (cohort, now) in share)
        {
            var before = _told.GetValueOrDefault(cohort, 1);
            if (Math.Abs(now - before) < 0.01 && !(now == 1 && before < 1) && !(now == 0 && before > 0)) continue;
            _told[cohort] = now;
            ctx.Send(cohort, delayMs, new AsPathShare { Share = now }, cause);
        }
        Report(ctx, offered, cause);
    }

    /// <summary>The directed links with a capacity a way crosses, in order.</summary>
    private (int From, int To)[] Links(IReadOnlyList<int> path)
    {
        var links = new List<(int, int)>();
        for (var i = 0; i + 1 < path.Count; i++)
            if (capacity.ContainsKey(Pair(path[i], path[i + 1]))) links.Add((path[i], path[i + 1]));
        return links.ToArray();
    }

    /// <summary>Each directed link's share passed (below 1 only where it is offered more than it carries), from the
    /// load that reaches it after the losses upstream: worked out again until no share moves.</summary>
    private Dictionary<(int From, int To), double> Settle(List<(int Cohort, double Gbps, (int From, int To)[] Links)> ways,
        out Dictionary<(int From, int To), double> offered)
    {
        var passes = new Dictionary<(int, int), double>();
        offered = new Dictionary<(int, int), double>();
        // Each round can only settle one more link downstream: as many rounds as the longest way, plus one.
        var rounds = ways.Select(w => w.Links.Length).DefaultIfEmpty(0).Max() + 1;
        for (var round = 0; round < rounds; round++)
        {
            offered = new Dictionary<(int, int), double>();
            foreach (var (_, gbps, links) in ways)
            {
                var reaching = gbps;
                foreach (var link in links)
                {
                    offered[link] = offered.GetValueOrDefault(link) + reaching;
                    reaching *= passes.GetValueOrDefault(link, 1);
                }
            }
            var moved = false;
            foreach (var (link, load) in offered)
            {
                var cap = capacity[Pair(link.Item1, link.Item2)];
                var pass = load > cap ? cap / load : 1;
                if (Math.Abs(pass - passes.GetValueOrDefault(link, 1)) > 1e-12) moved = true;
                passes[link] = pass;
            }
            if (!moved) break;
        }
        return passes;
    }

    /// <summary><c>link.utilisation</c> for a link outside whose load moved by a step or crossed 100 % (the busier way).</summary>
    private void Report(NodeContext ctx, Dictionary<(int From, int To), double> offered, long cause)
    {
        var byPair = new SortedDictionary<(int, int), double>();
        foreach (var ((from, to), gbps) in offered) byPair[Pair(from, to)] = Math.Max(byPair.GetValueOrDefault(Pair(from, to)), gbps);
        foreach (var pair in byPair.Keys.Concat(_reported.Keys).Distinct().Order().ToList())
        {
            var load = byPair.GetValueOrDefault(pair);
            var u = load / capacity[pair];
            var before = _reported.GetValueOrDefault(pair);
            if ((u > 1) == (before > 1) && Math.Abs(u - before) < UtilisationStep && !(u == 0 && before > 0)) continue;
            if (u == 0) _reported.Remove(pair); else _reported[pair] = u;
            ctx.Emit(new LinkUtilisation($"{names[pair.Item1]}~{names[pair.Item2]}", Math.Round(load, 1), capacity[pair], Math.Round(u, 4)), cause);
        }
    }

    private static (int, int) Pair(int a, int b) => a < b ? (a, b) : (b, a);
}
