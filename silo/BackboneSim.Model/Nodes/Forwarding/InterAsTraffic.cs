using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The users' traffic on the way to the operator across other networks (with <c>frontend_catchment: bgp</c>): each
/// client cohort's Gbps follows its AS's best route to the front-ends' prefix hop by hop, AS to AS, and into the
/// operator router where it enters (<see cref="AnycastCatchment.FrontEndPaths"/>), loading every AS link and peering
/// on the way that has a capacity (<c>capacity_gbps</c> in the topology; others never congest). A link offered more
/// than it carries drops the same share of everything it is offered (fluid traffic, tail drop: the backbone's rule,
/// <see cref="StrictPriorityLinks"/>), worked out from the load that reaches it after the losses upstream. So a
/// route leak that draws users through a small network fills that network's links and the users get the share that
/// fits: the cohort hears its share (<see cref="AsPathShare"/>) and its front-ends serve only that much.
/// </summary>
/// <remarks>
/// The backbone is still offered what the users send, not what got through (an upper bound on its load while a path
/// outside is congested). One class: the users' requests are all the traffic modelled there.
/// </remarks>
/// <param name="capacity">Each way of a link between two nodes (ASes, or an AS and an operator router), keyed by the
/// pair (lower node first): its capacity in Gbps. A pair not listed is not modelled.</param>
public sealed class InterAsTraffic(IReadOnlyDictionary<(int, int), double> capacity, IReadOnlyList<string> names)
{
    private const double UtilisationStep = 0.05;
    private readonly SortedDictionary<int, double> _gbps = new();
    private readonly Dictionary<int, double> _told = new();
    private readonly Dictionary<(int From, int To), double> _reported = new();

    /// <summary>Whether any link outside has a capacity (without one nothing here can change anything).</summary>
    public bool Any => capacity.Count > 0;

    /// <summary>A cohort's users now send <paramref name="gbps"/> to the front-ends.</summary>
    public void SetDemand(int cohort, double gbps)
    {
        if (gbps > 0) _gbps[cohort] = gbps; else _gbps.Remove(cohort);
    }

    /// <summary>Works the loads out along the cohorts' current paths, reports utilisation that moved, and tells each
    /// cohort whose share changed.</summary>
    public void Carry(NodeContext ctx, IEnumerable<(int Client, IReadOnlyList<int> Path)> paths, long cause, long delayMs)
    {
        // Each cohort's way as the directed links with a capacity it crosses, in order.
        var ways = new List<(int Cohort, double Gbps, (int From, int To)[] Links)>();
        foreach (var (client, path) in paths)
        {
            var links = new List<(int, int)>();
            for (var i = 0; i + 1 < path.Count; i++)
                if (capacity.ContainsKey(Pair(path[i], path[i + 1]))) links.Add((path[i], path[i + 1]));
            ways.Add((client, _gbps.GetValueOrDefault(client), links.ToArray()));
        }
        var passes = Settle(ways, out var offered);
        foreach (var (cohort, _, links) in ways)
        {
            var share = 1.0;
            foreach (var link in links) share *= passes.GetValueOrDefault(link, 1);
            var before = _told.GetValueOrDefault(cohort, 1);
            if (Math.Abs(share - before) < 0.01 && !(share == 1 && before < 1)) continue;
            _told[cohort] = share;
            ctx.Send(cohort, delayMs, new AsPathShare { Share = share }, cause);
        }
        Report(ctx, offered, cause);
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
