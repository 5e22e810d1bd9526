using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>Reads a topology's <c>bgp:</c> section over the defaults of <see cref="BgpDesign"/> (docs/scenario-format.md).</summary>
public static class BgpDesignReader
{
    private static readonly string[] Keys = ["full_table_routes", "routes_per_as", "route_capacity", "reflectors_per_client", "policies",
        "limits_at_ases", "as_restart", "server_routes", "flowspec"];
    private static readonly (string Key, BgpSessionKind Kind)[] SessionKinds =
        [("transit", BgpSessionKind.Transit), ("peer", BgpSessionKind.Peer), ("route_server", BgpSessionKind.RouteServer), ("ibgp", BgpSessionKind.Ibgp)];
    private static readonly (string Key, RouterRole Role)[] Roles =
        [("backbone", RouterRole.Backbone), ("datacenter_border", RouterRole.DataCenterBorder), ("edge", RouterRole.Edge)];
    private const long Week = 7L * 24 * 3_600_000;

    /// <param name="operatorPrefixes">The operator's prefixes (static and DNS anycast), which filters may name.</param>
    public static void Read(YamlReader.Map topology, BgpDesign d, IReadOnlyCollection<string> operatorPrefixes)
    {
        if (topology.SubMap("bgp", false, Keys) is not { } m) return;
        d.FullTableRoutes = m.Integer("full_table_routes", 0, 100_000_000) ?? d.FullTableRoutes;
        d.RoutesPerAs = m.Integer("routes_per_as", 0, 10_000_000) ?? d.RoutesPerAs;
        d.ServerRoutes = m.Integer("server_routes", 0, 10_000_000) ?? d.ServerRoutes;
        d.ReflectorsPerClient = (int)(m.Integer("reflectors_per_client", 0, 16) ?? d.ReflectorsPerClient);
        if (m.Choice("flowspec", ["ibgp", "none"]) is { } flowspec) d.FlowspecOnIbgp = flowspec == "ibgp";
        d.AsRestartMs = m.Has("as_restart") && m.String("as_restart") == "never" ? 0 : m.Duration("as_restart", 1_000, Week) ?? d.AsRestartMs;
        if (m.SubMap("route_capacity", false, Roles.Select(r => r.Key).ToArray()) is { } cap)
            foreach (var (key, role) in Roles)
                if (cap.Integer(key, 1, 1_000_000_000) is { } n) d.RouteCapacity[role] = n;
        if (m.SubMap("limits_at_ases", false, SessionKinds.Take(3).Select(k => k.Key).ToArray()) is { } limits)
            foreach (var (key, kind) in SessionKinds.Take(3))
                if (limits.Has(key)) d.LimitsAtAses[kind] = limits.String(key) == "none" ? 0 : limits.Integer(key, 1, 100_000_000) ?? d.LimitsAtAses[kind];
        if (m.SubMap("policies", false, SessionKinds.Select(k => k.Key).ToArray()) is { } policies)
            foreach (var (key, kind) in SessionKinds)
                if (policies.SubMap(key, false, "accept", "announce", "local_pref", "max_prefix", "on_max_prefix", "restart") is { } p)
                {
                    var old = d.Policies[kind];
                    var onMax = p.Choice("on_max_prefix", ["teardown", "warn"]);
                    d.Policies[kind] = new BgpPolicySpec(
                        BgpEditReader.Filter(m.Reader, p, "accept", operatorPrefixes) ?? old.Accept,
                        BgpEditReader.Filter(m.Reader, p, "announce", operatorPrefixes) ?? old.Announce,
                        (int)(p.Integer("local_pref", 0, int.MaxValue) ?? old.LocalPref),
                        p.Has("max_prefix") && p.String("max_prefix") == "none" ? 0 : p.Integer("max_prefix", 1, 100_000_000) ?? old.MaxPrefix,
                        onMax is null ? old.TeardownOnMaxPrefix : onMax == "teardown",
                        p.Has("restart") && p.String("restart") == "never" ? 0 : p.Duration("restart", 1_000, Week) ?? old.RestartMs);
                }
    }
}
