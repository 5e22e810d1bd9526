using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Configuration;

/// <summary>
/// One entry of the scenario's <c>config:</c> list, as read: the nodes its <c>targets:</c> selected and the settings
/// it gives them. Entries apply in order, so a later entry overrides an earlier one where both set something.
/// </summary>
public sealed record ConfigEntry
{
    public required IReadOnlyList<int> Targets { get; init; }
    public SourceLocation Location { get; init; }
    /// <summary>Interface settings of routers, each on the interfaces its <c>match</c> selects.</summary>
    public IReadOnlyList<InterfaceSetting> Interfaces { get; init; } = [];
    /// <summary>The IGP overload (drain) bit of routers, or null to leave it.</summary>
    public bool? Overload { get; init; }
    /// <summary>Session policies of routers, in the vocabulary of a push's <c>bgp:</c> change (no shutdown).</summary>
    public IReadOnlyList<BgpSessionEdit> Bgp { get; init; } = [];
    /// <summary>Prefixes routers with eBGP sessions announce unconditionally, beyond the topology's static ones.</summary>
    public IReadOnlyList<string> Announce { get; init; } = [];
    /// <summary>Health-check settings of DNS servers, or null to leave them.</summary>
    public DnsHealthSetting? Health { get; init; }
    /// <summary>DNS servers' capacity as a multiple of the most loaded server's normal load (in place of
    /// <c>dns_capacity_factor</c>), or null to leave it.</summary>
    public double? DnsCapacity { get; init; }
}

/// <summary>An interface setting: on the interfaces <see cref="Match"/> selects (a link kind, a link name or "*"),
/// the admin state and/or the IGP metric this router advertises for them.</summary>
public sealed record InterfaceSetting(string Match, bool? AdminUp, int? Metric)
{
    public bool Matches(string linkName, string linkKind) => Match == "*" || Match == linkKind || Match == linkName;
}

/// <summary>A DNS server's health check: what is given, the rest stays as the parameters and the topology say.</summary>
public sealed record DnsHealthSetting(long? IntervalMs, int? FailThreshold, int? RecoverThreshold, bool? WithdrawWhenUnhealthy, bool? DataPlaneProbe = null,
    bool? AlignedPhase = null);
