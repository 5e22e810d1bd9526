using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The front-ends' health checks of the data centers as probes over the data plane: from each PoP gateway towards
/// every data center's border routers, forwarded by the routers' FIBs as they are. A check passes when at least half
/// of what is sent towards some border router of the data center arrives (the rule of the DNS servers' probes): a
/// missing entry, a dark router, a link that is down or filtered, or a loop stops it; a congested link drops what it
/// drops of the interactive traffic. Each client cohort behind a gateway hears when a result changes
/// (<see cref="FrontEndProbe"/>), and its health checks count the data center failing while its probes do not arrive
/// from any usable gateway (<see cref="ClientCohortModel"/>).
/// </summary>
/// <remarks>
/// A probe is a packet, not load: it loads no link. Every (gateway, data center) pair is probed, so the share that
/// arrives is worked out per border router for every router at once (<see cref="Arrives"/>), rather than walked
/// from each gateway: a loop found on the way counts as lost, as a looping probe's TTL runs out.
/// </remarks>
/// <param name="gateways">Each PoP gateway router and the client cohorts it serves.</param>
/// <param name="dataCenters">Each data center's node and its border routers.</param>
public sealed class FrontEndProbes(IReadOnlyList<(int Gateway, int[] Cohorts)> gateways, IReadOnlyList<(int Node, int[] Borders)> dataCenters, int firstRouterNode)
{
    /// <summary>Results that failed when last told (every probe passes at the start, as the converged network does).</summary>
    private readonly HashSet<(int Gateway, int DataCenter)> _failing = new();

    /// <summary>Works every probe out again and tells the cohorts whose results changed.</summary>
    /// <param name="passes">What share of a probe a link direction (<see cref="FlowWalk.Directed"/>) lets through.</param>
    public void Check(NodeContext ctx, Func<int, IForwardingTable?> fibOf, Func<int, double> passes, long delayMs, long cause)
    {
        foreach (var (dc, borders) in dataCenters)
        {
            var reach = borders.Select(b => new Arrives(b, Loopbacks.Of(b - firstRouterNode), fibOf, passes)).ToList();
            foreach (var (gateway, cohorts) in gateways)
            {
                var passing = reach.Any(r => r.From(gateway) >= 0.5);
                if (passing != _failing.Contains((gateway, dc))) continue;
                if (passing) _failing.Remove((gateway, dc)); else _failing.Add((gateway, dc));
                foreach (var cohort in cohorts)
                    ctx.Send(cohort, Math.Max(ctx.Lookahead, delayMs), new FrontEndProbe { Gateway = gateway, DataCenter = dc, Passing = passing }, cause);
            }
        }
    }

    /// <summary>
    /// The share of what a router sends towards one border router that arrives, for every router, worked out once
    /// per router by following its FIB entry: 1 at the border router itself, 0 where no entry or no power, and the
    /// ECMP shares of its next hops' results, times what each link lets through, elsewhere. A router met again on
    /// the way is a loop and adds nothing.
    /// </summary>
    private sealed class Arrives(int target, Prefix destination, Func<int, IForwardingTable?> fibOf, Func<int, double> passes)
    {
        private readonly Dictionary<int, double> _share = new();
        private readonly HashSet<int> _onPath = new();

        public double From(int router)
        {
            if (router == target) return 1;
            if (_share.TryGetValue(router, out var known)) return known;
            if (!_onPath.Add(router)) return 0;
            var entry = fibOf(router)?.Lookup(destination);
            double share = 0;
            if (entry is not null)
                foreach (var (hop, part) in entry.Shares)
                    share += part * Math.Clamp(passes(FlowWalk.Directed(hop.Interface, router, hop.Neighbour)), 0, 1) * From(hop.Neighbour);
            _onPath.Remove(router);
            return _share[router] = share;
        }
    }
}
