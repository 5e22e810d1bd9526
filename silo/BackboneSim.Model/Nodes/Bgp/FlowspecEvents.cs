using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>A router's forwarding hardware now applies these Flowspec rules to everything that arrives (RFC 8955).</summary>
[GenerateSerializer, Immutable]
[EventKind("flowspec.installed")]
public sealed record FlowspecInstalled(string Router, int Rules, string Added, string Removed, string? DropsBgp = null, bool DropsIgp = false) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Rules;
    public override (string Key, object? Value)[] Data()
    {
        var data = new List<(string, object?)> { ("rules", Rules), ("added", Added), ("removed", Removed) };
        if (DropsBgp is not null) data.Add(("drops_bgp_from", DropsBgp));
        if (DropsIgp) data.Add(("drops_igp", true));
        return [.. data];
    }
}
