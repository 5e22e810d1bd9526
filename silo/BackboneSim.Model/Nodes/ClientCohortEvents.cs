using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events a client cohort and the backbone's traffic record (docs/outputs.md), one record per kind.

/// <summary>Users of a cohort moved from one service to a substitute (or back).</summary>
[GenerateSerializer, Immutable]
[EventKind("users.substitute")]
public sealed record UsersSubstitute(string Cohort, string From, string To, double Users) : ModelEvent
{
    public override string Subject => Cohort;
    public override double Value => Users;
    public override (string Key, object? Value)[] Data() => [("from", From), ("to", To), ("users", Users)];
}

/// <summary>
/// A service's availability for a cohort changed: for the operator's services with what it is made of (DNS,
/// front-ends, serving), for a third-party one with what it depends on and its capacity.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("service.availability")]
/// <param name="Parts">An operator service's parts: DNS answering, a front-end reachable (and its share), the data centers serving.</param>
/// <param name="ThirdParty">A third-party service: what it depends on, the capacity it has left, and the share of the
/// cohort's users who can reach their resolver (below 1 only while an operator-run resolver is cut off; written only then).</param>
public sealed record ServiceAvailability(string Service, double Availability, (double Dns, bool FrontEnd, double FrontEndShare, double Serving)? Parts,
    (string DependsOn, double Capacity, double Dns)? ThirdParty) : ModelEvent
{

    public override string Subject => Service;
    public override double Value => Availability;
    public override (string Key, object? Value)[] Data() => ThirdParty is { } t
        ? t.Dns < 1
            ? [("service", Service), ("availability", Math.Round(Availability, 6)), ("depends_on", t.DependsOn), ("capacity", t.Capacity), ("dns", Math.Round(t.Dns, 6))]
            : [("service", Service), ("availability", Math.Round(Availability, 6)), ("depends_on", t.DependsOn), ("capacity", t.Capacity)]
        : [("service", Service), ("availability", Math.Round(Availability, 6)), ("dns", Math.Round(Parts!.Value.Dns, 6)), ("front_end", Parts.Value.FrontEnd),
            ("front_end_share", Parts.Value.FrontEndShare), ("serving", Math.Round(Parts.Value.Serving, 6))];
}

[GenerateSerializer, Immutable]
[EventKind("users.affected")]
public sealed record UsersAffected(string Cohort, long Users, double Affected) : ModelEvent
{
    public override string Subject => Cohort;
    public override double Value => Affected;
    public override (string Key, object? Value)[] Data() => [("users", Users), ("affected", Affected)];
}

/// <summary>A backbone link's utilisation crossed a step (or 100 %) between two routers.</summary>
[GenerateSerializer, Immutable]
[EventKind("link.utilisation")]
public sealed record LinkUtilisation(string Routers, double Gbps, double CapacityGbps, double Utilisation) : ModelEvent
{
    public override string Subject => Routers;
    public override double Value => Utilisation;
    public override (string Key, object? Value)[] Data() => [("routers", Routers), ("gbps", Gbps), ("capacity_gbps", CapacityGbps), ("utilisation", Utilisation)];
}

/// <summary>What the data plane delivers of the front-ends' traffic, and what it loses, by reason, and what it delivers of
/// the data centers' replication (Gbps). <see cref="StaleGbps"/> overlaps the other losses: the part of them that a
/// router's fail-static forwarding sent on its way.</summary>
[GenerateSerializer, Immutable]
[EventKind("backbone.traffic")]
public sealed record BackboneTraffic(double DeliveredGbps, int Flows, double MaxUtilisation, double NoRouteGbps = 0, double LoopGbps = 0,
    double CongestionGbps = 0, double LinkDownGbps = 0, double FilteredGbps = 0, double BulkOfferedGbps = 0, double BulkDeliveredGbps = 0,
    string? MostLostAt = null, double MostLostGbps = 0, double StaleGbps = 0, double ToolsOfferedGbps = 0, double ToolsDeliveredGbps = 0) : ModelEvent
{
    public override string Subject => "backbone";
    public override double Value => DeliveredGbps;
    public override (string Key, object? Value)[] Data() => [("delivered_gbps", DeliveredGbps), ("flows", Flows), ("max_utilisation", MaxUtilisation),
        ("lost_no_route_gbps", NoRouteGbps), ("lost_loop_gbps", LoopGbps), ("lost_congestion_gbps", CongestionGbps), ("lost_link_down_gbps", LinkDownGbps),
        ("lost_filtered_gbps", FilteredGbps), ("lost_after_stale_gbps", StaleGbps), ("bulk_offered_gbps", BulkOfferedGbps), ("bulk_delivered_gbps", BulkDeliveredGbps),
        ("most_lost_at", MostLostAt), ("most_lost_gbps", MostLostGbps), ("tools_offered_gbps", ToolsOfferedGbps), ("tools_delivered_gbps", ToolsDeliveredGbps)];
}
