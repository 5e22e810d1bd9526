using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events of a client cohort's front-ends (docs/outputs.md), one record per kind.

/// <summary>
/// A cohort's front-ends marked data centers down or up by their health checks, and moved users accordingly: the
/// users now served away from their own data center, and those turned away for want of capacity.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("frontend.failover")]
public sealed record FrontEndFailover(string Cohort, string Down, string Up, int Healthy, int DataCenters, double MovedUsers, double TurnedAwayUsers) : ModelEvent
{
    public override string Subject => Cohort;
    public override double Value => MovedUsers;
    public override (string Key, object? Value)[] Data() => [("down", Down), ("up", Up), ("healthy", Healthy), ("data_centers", DataCenters),
        ("moved_users", MovedUsers), ("turned_away_users", TurnedAwayUsers)];
}
