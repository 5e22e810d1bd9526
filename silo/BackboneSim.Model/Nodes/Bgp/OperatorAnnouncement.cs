using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// What an operator router sends an eBGP neighbour for one of its own prefixes: nothing when the session's
/// <c>announce</c> filter leaves it out or its export route map denies it; otherwise the path (the operator's number,
/// prepended as often as the permitting term says) and the communities the term sets. The live router and the steady
/// state a run starts from both ask here.
/// </summary>
public static class OperatorAnnouncement
{
    public static AsRoute? Of(long operatorAsn, string prefix, BgpPolicySpec policy)
    {
        if (!RouteFilter.AllowsPrefix(policy.Announce, prefix)) return null;
        if (policy.ExportMap is not { } spec) return AsRoute.Plain([operatorAsn]);
        var route = new RouteMapRoute(Prefix.Parse(prefix), [], [], 0, RouteOrigin.Own);
        var (permit, term) = spec.Built.Evaluate(route);
        if (!permit) return null;
        var communities = term is null ? [] : term.ApplySets(route).Communities.ToArray();
        return new AsRoute(Enumerable.Repeat(operatorAsn, 1 + (term?.Prepend ?? 0)).ToArray(), communities);
    }
}
