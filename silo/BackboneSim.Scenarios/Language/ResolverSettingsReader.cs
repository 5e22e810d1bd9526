using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>
/// A resolver cohort's own timings and background in a topology file: in a <c>resolvers.public[]</c> entry as
/// <c>timeout</c>, <c>attempts</c>, <c>give_up</c>, <c>server_selection</c>, <c>baseline_servfail_ratio</c>,
/// <c>baseline_nxdomain_ratio</c>, and for the access ISPs' cohorts in <c>resolvers:</c> with the prefix <c>isp_</c>.
/// Each overrides the <c>parameters:</c> entry it names (docs/scenario-format.md#population-services-resolvers-users);
/// the ranges are the parameters'.
/// </summary>
public static class ResolverSettingsReader
{
    /// <summary>The keys, without a prefix.</summary>
    public static readonly string[] Keys = ["timeout", "attempts", "give_up", "server_selection", "baseline_servfail_ratio", "baseline_nxdomain_ratio"];

    public static ResolverSettings Read(YamlReader.Map m, string prefix = "")
    {
        var selection = m.Choice(prefix + "server_selection", ["ordered", "rtt"]);
        var settings = new ResolverSettings(m.Duration(prefix + "timeout", 0, Model.Nodes.Parameters.ParameterCatalog.MaxDurationMs),
            (int?)m.Integer(prefix + "attempts", 1, 1000), m.Duration(prefix + "give_up", 0, Model.Nodes.Parameters.ParameterCatalog.MaxDurationMs), selection,
            m.Number(prefix + "baseline_servfail_ratio", 0, 0.5), m.Number(prefix + "baseline_nxdomain_ratio", 0, 0.5));
        return settings == ResolverSettings.None ? ResolverSettings.None : settings;
    }
}
