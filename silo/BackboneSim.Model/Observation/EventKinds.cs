namespace BackboneSim.Model.Observation;

/// <summary>
/// Every kind of event the model emits (docs/outputs.md describes each). Scenario expectations name kinds, so a
/// typo is caught when the file is checked, with a suggestion; a test holds this list, the docs and the model
/// together.
/// </summary>
public static class EventKinds
{
    public static readonly IReadOnlyList<string> All =
    [
        "backbone.traffic",
        "bgp.max_prefix_exceeded", "bgp.max_prefix_restart", "bgp.max_prefix_warning", "bgp.origin_announce", "bgp.origin_withdraw",
        "bgp.policy", "bgp.route_changed", "bgp.route_learned", "bgp.route_lost", "bgp.session_down", "bgp.session_up", "bgp.update",
        "config.applied", "config.unreachable",
        "dc.load", "dc.overload", "dc.power_lost", "dc.power_restored", "dc.restore_begins", "dc.restore_planned", "dc.traffic_lost",
        "dns.announce", "dns.healthcheck_failing", "dns.healthcheck_passing", "dns.server_down", "dns.server_up", "dns.withdraw", "dns.zone",
        "gate.audit",
        "igp.adjacency_down", "igp.adjacency_up", "igp.dc_reachability", "igp.edge_reachability", "igp.lsa_originated", "igp.metric", "igp.overload",
        "interface.admin", "link.cut", "link.restored", "link.utilisation",
        "resolver.authority_reachable", "resolver.authority_unreachable", "resolver.delegation", "resolver.latency", "resolver.load", "resolver.nxdomain",
        "resolver.resolving", "resolver.servfail",
        "resolver.serving_stale",
        "responders.access_attempt", "responders.access_gained", "responders.busy", "responders.dispatched", "responders.on_site",
        "responders.recover", "responders.rollback", "responders.travelling",
        "rollout.completed", "rollout.halted", "rollout.health_check", "rollout.rollback", "rollout.wave",
        "router.control_plane_failed", "router.control_plane_lost", "router.control_plane_recovered", "router.crashed", "router.rebooting",
        "scenario.action", "service.availability", "site.power_lost", "site.power_restored", "tool.availability", "traffic.egress",
        "traffic.surge_ended", "traffic.surge_started", "users.affected", "users.substitute",
    ];
}
