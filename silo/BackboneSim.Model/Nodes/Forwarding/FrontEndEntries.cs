using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// With <c>frontend_catchment: bgp</c>, the data plane's word to client cohorts on where their users enter the
/// operator's network (<see cref="AnycastCatchment.FrontEndChanges"/>): one <c>anycast.frontend_catchment</c> event per
/// outcome, then a <see cref="FrontEndEntry"/> to each cohort it names, caused by that event.
/// </summary>
public static class FrontEndEntries
{
    public static void Tell(NodeContext ctx, AnycastCatchment catchment, EntryDrops drops, IReadOnlyList<string> names, long cause, long delayMs)
    {
        if (catchment.FrontEndPrefix is not { } prefix) return;
        foreach (var group in catchment.FrontEndChanges(drops).GroupBy(c => (c.Fate, c.Router, c.Gateway)))
        {
            var cohorts = group.Select(c => c.Client).ToList();
            var (fate, router, gateway) = group.Key;
            var e = ctx.Emit(new FrontEndCatchmentChanged(prefix, DataPlaneModel.FateName(fate), router >= 0 ? names[router] : null,
                gateway >= 0 ? names[gateway] : null, string.Join(' ', cohorts.Select(c => names[c])), cohorts.Count), cause);
            foreach (var client in cohorts)
                ctx.Send(client, delayMs, new FrontEndEntry { Gateway = gateway, Fate = fate }, e);
        }
    }
}
