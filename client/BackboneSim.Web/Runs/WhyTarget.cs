using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Web.Runs;

/// <summary>
/// What a "why?" question is about. Nodes, services and prefixes are what the CLI's <c>explain</c> knows
/// (<see cref="CausalChain.Classify"/>); the map also draws sites and backbone links, which are not nodes, so they
/// are targets too: their state is the map's (<see cref="MapStates"/>), and the event that last set it starts the
/// chain. Kind is node, service, prefix, site or link; Element is what the map draws it as (router, dns, dc, as,
/// site, link), null for what it does not draw (resolvers, client cohorts, services, prefixes).
/// </summary>
public sealed record WhyTarget(string Name, string Kind, string? Element, string? Cohort)
{
    /// <summary>The target named, or why there is none: 404 for an unknown name (with a did-you-mean), 400 for a cohort given for what is not a service.</summary>
    public static (WhyTarget? Target, int Status, string? Error) Find(TopologyView view, NetworkTopology topology, string name, string? cohort)
    {
        var (kind, _) = CausalChain.Classify(topology, name);
        if (kind == "" && view.Sites.Any(s => s.Name == name)) kind = "site";
        if (kind == "" && view.Links.Any(l => l.Name == name)) kind = "link";
        if (kind == "")
        {
            var all = topology.NodeNames.Concat(topology.Services.Select(s => s.Name)).Concat(topology.OperatorPrefixes)
                .Concat(view.Sites.Select(s => s.Name)).Concat(view.Links.Select(l => l.Name));
            return (null, 404, $"no node, service, prefix, site or link named '{name}'{Suggestions.DidYouMean(name, all)}");
        }
        if (cohort is not null)
        {
            if (kind != "service") return (null, 400, $"cohort applies to services only; '{name}' is a {kind}");
            if (topology.Clients.All(c => c.Name != cohort))
                return (null, 404, $"no client cohort named '{cohort}'{Suggestions.DidYouMean(cohort, topology.Clients.Select(c => c.Name))}");
        }
        var element = kind switch
        {
            "site" or "link" => kind,
            "node" => view.Nodes.FirstOrDefault(n => n.Name == name)?.Kind,
            _ => null,
        };
        return (new WhyTarget(name, kind, element, cohort), 200, null);
    }
}
