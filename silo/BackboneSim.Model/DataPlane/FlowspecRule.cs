using System.Globalization;

namespace BackboneSim.Model.DataPlane;

/// <summary>
/// A Flowspec rule (RFC 8955): match components and an action, carried by BGP as one NLRI of the flow-specification
/// address family (SAFI 133) and installed by every router that takes it as a filter on all its interfaces. The model
/// matches the components its packets have (<see cref="PacketSignature"/>): destination prefix (type 1), source prefix
/// (type 2), IP protocol (type 3) and destination port (type 5); a component left out matches everything. The action is
/// the traffic-rate extended community (§7.1): 0 discards what matches, a rate polices it to that rate.
/// </summary>
/// <remarks>
/// A rule acts on every packet arriving at a router that installed it, the router's own control traffic included (BGP
/// on TCP 179 with its peers, the IGP's packets): Flowspec rules are programmed as an ingress filter on every
/// interface (Junos' <c>__flowspec_default_inet__</c> forwarding-table filter, IOS XR's default of all interfaces), so a
/// rule that matches BGP takes the sessions down when their hold timers run out, as in Level 3/CenturyLink's outage of
/// 30 August 2020.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed class FlowspecRule
{
    /// <summary>The name the operator gave it (for events and rollbacks); the NLRI itself is <see cref="Key"/>.</summary>
    [Id(0)] public string Name { get; init; } = "";
    /// <summary>Destination prefix (type 1), or null: any.</summary>
    [Id(1)] public string? Destination { get; init; }
    /// <summary>Source prefix (type 2), or null: any.</summary>
    [Id(2)] public string? Source { get; init; }
    /// <summary>IP protocol number (type 3), or null: any.</summary>
    [Id(3)] public int? Protocol { get; init; }
    /// <summary>Destination ports (type 5: a list of values, any of which matches), or null: any.</summary>
    [Id(4)] public int[]? Ports { get; init; }
    /// <summary>The traffic-rate action in Gbps (RFC 8955 §7.1 carries bytes per second): 0 discards.</summary>
    [Id(5)] public double RateGbps { get; init; }

    public bool Discards => RateGbps <= 0;

    /// <summary>The NLRI: the match components in RFC 8955's order (§4.2: by component type). Two announcements with
    /// the same components are the same route, whatever they are named.</summary>
    public string Key => _key ??= string.Join(' ', new[]
    {
        Destination is null ? null : "dst " + Destination,
        Source is null ? null : "src " + Source,
        Protocol is { } p ? "proto " + IpProtocol.Name(p) : null,
        Ports is { Length: > 0 } ports ? "port " + string.Join(',', ports.Order().Select(x => x.ToString(CultureInfo.InvariantCulture))) : null,
    }.OfType<string>()) is { Length: > 0 } k ? k : "any";

    // Worked out on first use (rules are few and matched often), as one object: a rule may be shared by grains on a
    // silo, and a reference is written whole (two threads at worst work it out twice, alike).
    [NonSerialized] private string? _key;
    [NonSerialized] private Parsed? _parsed;
    private sealed record Parsed(Prefix? Destination, Prefix? Source);
    private Parsed Prefixes => _parsed ??= new Parsed(Destination is null ? null : Prefix.Parse(Destination), Source is null ? null : Prefix.Parse(Source));

    /// <summary>Whether a packet matches every component the rule has. A source component matches only a packet whose
    /// source is one known address inside it; a port component only a packet to one of its ports.</summary>
    public bool Matches(in PacketSignature packet)
    {
        if (Protocol is { } protocol && packet.Protocol != protocol) return false;
        if (Ports is { Length: > 0 } ports && (packet.Port == WellKnownPort.None || Array.IndexOf(ports, packet.Port) < 0)) return false;
        var parsed = Prefixes;
        if (parsed.Destination is { } destination && !destination.Contains(packet.Destination)) return false;
        if (parsed.Source is { } from && (packet.Source is not { } source || !from.Contains(source))) return false;
        return true;
    }

    /// <summary>The action, as events and the CLI show it.</summary>
    public string Action => Discards ? "discard" : "rate " + RateGbps.ToString("0.###", CultureInfo.InvariantCulture) + " Gbps";

    public override string ToString() => $"{Name} ({Key}: {Action})";
}

/// <summary>The rules a router installed, as its forwarding hardware applies them to what arrives.</summary>
public static class FlowspecRules
{
    /// <summary>What a packet meets at a router with these rules: the first rule that matches, in RFC 8955 §5.1's order
    /// (the rule with the more specific destination first, then by the rest of the NLRI), or null.</summary>
    public static FlowspecRule? First(IReadOnlyList<FlowspecRule> installed, in PacketSignature packet)
    {
        for (var i = 0; i < installed.Count; i++)
            if (installed[i].Matches(packet)) return installed[i];
        return null;
    }

    /// <summary>Orders rules as RFC 8955 §5.1 says they are applied: a rule whose destination prefix is longer (more
    /// specific) comes first; a rule without one comes last; ties by the NLRI's text.</summary>
    public static FlowspecRule[] InOrder(IEnumerable<FlowspecRule> rules) => rules
        .OrderByDescending(r => r.Destination is null ? -1 : Prefix.Parse(r.Destination).Length)
        .ThenBy(r => r.Key, StringComparer.Ordinal).ToArray();
}
