namespace BackboneSim.Model.Nodes;

/// <summary>
/// Protocol and operations defaults. Each has its source or reason in docs/model.md; a scenario may override them
/// under <c>parameters:</c>.
/// </summary>
public sealed class ModelParameters
{
    /// <summary>Time for the far end to declare a link down after light is lost (BFD 3 x 50 ms plus reaction).</summary>
    public long CarrierLossDetectMs { get; set; } = 150;
    /// <summary>Time to bring an adjacency up once both ends see light (hellos plus database exchange).</summary>
    public long AdjacencyUpMs { get; set; } = 3_000;
    /// <summary>Initial LSA/LSP generation wait after a change (IS-IS lsp-gen-interval initial wait).</summary>
    public long LsaGenerationDelayMs { get; set; } = 50;
    /// <summary>SPF throttle initial wait: the first SPF after a quiet period runs this long after the trigger.</summary>
    public long SpfDelayMs { get; set; } = 200;
    /// <summary>SPF throttle secondary wait: during a storm the wait starts here and doubles on each run...</summary>
    public long SpfSecondaryWaitMs { get; set; } = 1_000;
    /// <summary>...up to this maximum; after twice this without triggers the throttle resets to the initial wait.</summary>
    public long SpfMaxWaitMs { get; set; } = 5_000;
    /// <summary>Flooding pacing: LSAs to send are queued per neighbour and sent together once per this interval
    /// (IS-IS LSP pacing, OSPF LSA batching), on top of link propagation.</summary>
    public long FloodPerHopMs { get; set; } = 10;
    /// <summary>Config management: base time for a pushed change to be applied on a router...</summary>
    public long PushBaseMs { get; set; } = 2_000;
    /// <summary>...plus a uniform spread across the fleet.</summary>
    public long PushSpreadMs { get; set; } = 8_000;
    /// <summary>DNS health check interval.</summary>
    public long HealthCheckIntervalMs { get; set; } = 10_000;
    /// <summary>Consecutive failed checks before a DNS server withdraws its anycast announcement.</summary>
    public int HealthFailThreshold { get; set; } = 3;
    /// <summary>Consecutive passing checks before it announces again.</summary>
    public int HealthRecoverThreshold { get; set; } = 3;
    /// <summary>Local hand-off between a DNS server and its gateway router.</summary>
    public long LocalHopMs { get; set; } = 1;
    /// <summary>BGP processing per hop (receive, best path, send) on top of propagation.</summary>
    public long BgpProcessingMs { get; set; } = 50;
    /// <summary>A resolver gives up on a name (and answers SERVFAIL) this long after its cached answer expires and the
    /// refresh starts running into timeouts.</summary>
    public long ResolverGiveUpMs { get; set; } = 5_000;
    /// <summary>Upstream queries one failed resolution sends (tries x the name's nameservers).</summary>
    public int ResolverAttempts { get; set; } = 6;
    /// <summary>How long a resolver caches a resolution failure (RFC 9520: at least 1 s, at most 5 min).</summary>
    public long ServfailCacheMs { get; set; } = 5_000;
    /// <summary>Round trip from a resolver to an authoritative server when it answers.</summary>
    public long ResolverRttMs { get; set; } = 50;
    /// <summary>A resolver waits this long for an answer from one nameserver before trying the next (BIND 9's
    /// resolver-retry-interval default, 800 ms).</summary>
    public long ResolverTimeoutMs { get; set; } = 800;
    /// <summary>How long a resolver caches NXDOMAIN: the zone's negative TTL, min(SOA MINIMUM, SOA TTL) (RFC 2308).</summary>
    public long NegativeTtlMs { get; set; } = 15 * 60_000;
    /// <summary>While serving stale data, a resolver retries the authority this often (RFC 8767 suggests 30 s).</summary>
    public long StaleRefreshMs { get; set; } = 30_000;
    /// <summary>Average interval between an app's retries of a failing request (backoff and user reloads included).</summary>
    public long AppRetryIntervalMs { get; set; } = 10_000;
    /// <summary>Share of a cohort's (monthly) users active at any moment: drives query load and user-minutes.
    /// Meta Q3 2021: 1.93 B daily of 2.91 B monthly users, about 33 min a day each: 1.93 x 33 / 1440 / 2.91 = 1.5 %.</summary>
    public double ActiveUserFraction { get; set; } = 0.015;
    /// <summary>Server power at idle as a share of peak: a dark data center still draws this much.</summary>
    public double DcIdlePowerFraction { get; set; } = 0.6;
    /// <summary>Time constant with which caches go cold once traffic stops.</summary>
    public long DcCacheCoolMs { get; set; } = 30 * 60_000;
    /// <summary>Time constant with which caches warm up under load.</summary>
    public long DcCacheWarmMs { get; set; } = 10 * 60_000;
    /// <summary>Load a data center can serve with cold caches, and with warm ones (share of its normal load).</summary>
    public double DcColdCapacity { get; set; } = 0.4;
    public double DcWarmCapacity { get; set; } = 1.2;
    /// <summary>After an overload trip the data center stays dark this long, then ramps back automatically...</summary>
    public long DcTripRecoveryMs { get; set; } = 15 * 60_000;
    /// <summary>...over this long (also how traffic returns when no staged restore was planned and it trips).</summary>
    public long DcAutoRampMs { get; set; } = 60 * 60_000;
    /// <summary>Control step while a data center's load is changing.</summary>
    public long DcControlStepMs { get; set; } = 30_000;
    /// <summary>eBGP MinRouteAdvertisementInterval (RFC 4271 suggests 30 s), per peer and prefix, with 75-100% jitter.</summary>
    public long BgpMraiMs { get; set; } = 30_000;
    /// <summary>Traffic of one active user (all the operator's apps, downstream); see docs/model.md.</summary>
    public double MbpsPerActiveUser { get; set; } = 3.0;
    /// <summary>Share of user traffic that crosses the backbone to a data center; the rest is served by edge caches.</summary>
    public double BackboneTrafficShare { get; set; } = 0.02;
    /// <summary>Route counts a router exports are batched this long (the iBGP advertisement interval, RFC 4271: 5 s).</summary>
    public long BgpExportBatchMs { get; set; } = 5_000;
    /// <summary>BGP hold time (RFC 4271 suggests 90 s): a session whose peer went quiet ends this long after.</summary>
    public long BgpHoldMs { get; set; } = 90_000;
    /// <summary>IGP hold time (IS-IS: 3 hellos of 10 s): an adjacency whose neighbour's control plane died ends this long after.</summary>
    public long IgpHoldMs { get; set; } = 30_000;
    /// <summary>Routes per second a session delivers and the receiver processes (a full table in about 45 s).</summary>
    public long BgpRoutesPerSecond { get; set; } = 20_000;
    /// <summary>Step with which client cohorts move users to substitute services and back.</summary>
    public long SubstituteStepMs { get; set; } = 10 * 60_000;
    /// <summary>Time for a router whose control plane failed to reload and come back.</summary>
    public long ControlPlaneRebootMs { get; set; } = 10 * 60_000;
}
