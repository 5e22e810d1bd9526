using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// What share of the traffic offered to a link direction it carries, per class: the classes are served by strict
/// priority (RFC 4594's classes, <see cref="TrafficClass"/>: a class gets only what the classes above it leave, as a
/// priority scheduler serves its queues), and within a class every flow loses the same share (one FIFO queue with
/// tail drop per class: every packet has the same chance to find it full, so open-loop fluid traffic is cut in
/// proportion to what it offers). A direction whose far end has an ACL denying data carries nothing to it.
/// </summary>
public static class StrictPriorityLinks
{
    /// <param name="offered">Per link direction and class, the Gbps offered to it.</param>
    /// <param name="capacity">A link direction's capacity, Gbps (0 while it is down).</param>
    /// <param name="filtered">Whether a link direction's far end discards the data arriving.</param>
    /// <returns>Per link direction and class, the share carried where it is below 1 (a missing key carries all).</returns>
    public static Dictionary<(int Link, TrafficClass Class), double> Passes(IReadOnlyDictionary<(int Link, TrafficClass Class), double> offered,
        Func<int, double> capacity, Func<int, bool> filtered)
    {
        var passes = new Dictionary<(int, TrafficClass), double>();
        foreach (var link in offered.Keys.Select(k => k.Link).Distinct().Order())
        {
            var left = capacity(link);
            var blocked = filtered(link);
            foreach (var cls in Enum.GetValues<TrafficClass>())
            {
                if (!offered.TryGetValue((link, cls), out var gbps) || gbps <= 0) continue;
                var carried = blocked ? 0 : Math.Min(gbps, Math.Max(0, left));
                left -= carried;
                if (carried < gbps) passes[(link, cls)] = carried / gbps;
            }
        }
        return passes;
    }
}
