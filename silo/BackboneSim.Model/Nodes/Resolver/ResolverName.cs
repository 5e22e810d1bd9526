using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>What a resolver cohort answers for a name: a cached (or freshly resolved) record, an expired record
/// served stale (RFC 8767), a cached failure, or a cached NXDOMAIN.</summary>
public enum ResolverAnswer { Fresh, Stale, Servfail, Nxdomain }

/// <summary>
/// One name in a resolver cohort's caches. The address record and the delegation (NS + glue) are cached
/// separately, each on its own refresh grid with its own TTL; the delegation's nameservers are tried in order.
/// A cached failure or NXDOMAIN holds until a pending resolution (<see cref="AttemptStart"/>) replaces it.
/// </summary>
internal sealed class ResolverName(ServiceSpec service, string[] nameservers)
{
    public string Name { get; } = service.Name;
    public long TtlMs { get; } = Math.Max(1, service.TtlMs);
    public long NsTtlMs { get; } = Math.Max(1, service.NsTtlMs);

    /// <summary>The address record expires at Phase + k x TTL.</summary>
    public long Phase { get; set; }
    /// <summary>The cached NS set expires at NsPhase + k x NS TTL; drawn when first needed.</summary>
    public long? NsPhase { get; set; }

    public ResolverAnswer Answer { get; set; } = ResolverAnswer.Fresh;
    public bool Answering => Answer is ResolverAnswer.Fresh or ResolverAnswer.Stale;

    /// <summary>The cohort's cached NS set, in the order it tries them.</summary>
    public string[] Nameservers { get; set; } = nameservers;
    /// <summary>The delegation in the parent zone, as the cohort would fetch it now.</summary>
    public string[] Delegation { get; set; } = nameservers;
    /// <summary>Whether the zone at the cohort's home DNS server holds the name's records.</summary>
    public bool InZone { get; set; } = true;

    /// <summary>Nameserver state as last evaluated: any reachable, and how many time out before the first that is.</summary>
    public bool Reachable { get; set; } = true;
    public int Timeouts { get; set; }

    /// <summary>When the pending resolution starts (the cached failure or negative answer runs out), or -1.</summary>
    public long AttemptStart { get; set; } = -1;
    /// <summary>Time the pending resolution spends before asking the nameservers (the parent's round trip after an
    /// NS-cache expiry).</summary>
    public long AttemptExtraMs { get; set; }

    /// <summary>The pending resolution's end; anything that changes the name's prospects replaces it.</summary>
    public TimerGroup Resolution { get; } = new();
    /// <summary>The cached NS set's expiry after a delegation change; a newer change replaces it.</summary>
    public TimerGroup NsExpiry { get; } = new();

    /// <summary>First point of the grid phase + k x period strictly after <paramref name="now"/>.</summary>
    public static long NextOnGrid(long now, long phase, long period)
        => now < phase ? phase : phase + ((now - phase) / period + 1) * period;
}
