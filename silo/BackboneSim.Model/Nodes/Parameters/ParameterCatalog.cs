namespace BackboneSim.Model.Nodes.Parameters;

/// <summary>
/// Every model parameter, declared once: the scenario key under <c>parameters:</c>, the
/// <see cref="ModelParameters"/> property, unit, range, default, one summary line, what the model uses it for and
/// the source or reason of the default. From this list <see cref="ModelParameters"/> takes its defaults, the loader
/// reads <c>parameters:</c> (ScenarioLoader), and the JSON Schema's <c>parameters</c> (scenarios/schema/scenario.schema.json)
/// and the parameter tables of docs/model.md and docs/scenario-format.md are generated; ParameterDocsTests fails when
/// they differ, and <c>UPDATE_GENERATED=1 dotnet test tests/BackboneSim.Model.Tests --filter ParameterDocsTests</c>
/// rewrites them. Adding a parameter: docs/architecture.md#how-to-add-a-parameter.
/// </summary>
/// <remarks>
/// The order is the order of the docs' rows (where a source reads "as above" it refers to the row before) and of the
/// schema's properties.
/// </remarks>
public static class ParameterCatalog
{
    /// <summary>The longest duration a parameter may take: 24 h.</summary>
    public const long MaxDurationMs = 24 * 3600 * 1000;

    public static readonly ParameterDeclaration CarrierLossDetect = Duration(
        "carrier_loss_detect", nameof(ModelParameters.CarrierLossDetectMs), 150, (p, v) => p.CarrierLossDetectMs = v, ParameterTable.Defaults,
        summary: "The far end of a link learns the near end's admin change after propagation + this",
        usedFor: "Far end of a link learns the near end's admin change (or crash) after propagation + this; both ends of a cut link after this",
        source: "BFD with 3 × 50 ms detection, a common fast-failure setting. The model uses the same delay when light returns.");

    public static readonly ParameterDeclaration IgpHelloInterval = Duration(
        "igp_hello_interval", nameof(ModelParameters.IgpHelloIntervalMs), 10_000, (p, v) => p.IgpHelloIntervalMs = v, ParameterTable.Defaults,
        summary: "IGP hello interval: an adjacency forms once each end has seen a hello that lists it, then exchanges databases",
        usedFor: "Interval between the hellos an interface sends while an adjacency forms; the first goes out as carrier comes up, so both ends see each other's second hello (two-way) about one interval later, then describe their databases (one round trip to agree who leads, one per 72 LSA headers)",
        source: "FRR ospfd's `ip ospf hello-interval` defaults to 10 s (docs.frrouting.org, OSPFv2), as does Cisco IOS's; ospfd sends an interface's first hello 1 ms after it comes up (ospf_ism.c) and has no faster reply to a new neighbour, so two-way takes the next hello (RFC 2328 §10.5). Cisco IS-IS also hellos every 10 s.");

    public static readonly ParameterDeclaration LsaGenerationDelay = Duration(
        "lsa_generation_delay", nameof(ModelParameters.LsaGenerationDelayMs), 50, (p, v) => p.LsaGenerationDelayMs = v, ParameterTable.Defaults,
        summary: "LSA generation throttle: initial wait before originating a new LSA after a change",
        usedFor: "LSA generation throttle: initial wait before originating a new LSA after a change (changes meanwhile are folded in)",
        source: "Cisco IOS-XR IS-IS `lsp-gen-interval`: initial wait 50 ms, secondary 200 ms, maximum 5 s by default. FRR's ospfd instead originates at once and at most every 5 s (`timers throttle lsa all 5000`, RFC 2328's MinLSInterval): `lsa_generation_delay: 0s`, `lsa_secondary_wait: 5s`, `lsa_max_wait: 5s` model it.");

    public static readonly ParameterDeclaration LsaSecondaryWait = Duration(
        "lsa_secondary_wait", nameof(ModelParameters.LsaSecondaryWaitMs), 200, (p, v) => p.LsaSecondaryWaitMs = v, ParameterTable.Defaults,
        summary: "LSA generation throttle: least time between an origination and the next while changes keep coming, doubling each time",
        source: "as above");

    public static readonly ParameterDeclaration LsaMaxWait = Duration(
        "lsa_max_wait", nameof(ModelParameters.LsaMaxWaitMs), 5_000, (p, v) => p.LsaMaxWaitMs = v, ParameterTable.Defaults,
        summary: "LSA generation throttle: maximum wait",
        usedFor: "LSA generation throttle: maximum wait; back to the initial wait after 2 × this without changes",
        source: "as above");

    public static readonly ParameterDeclaration SpfDelay = Duration(
        "spf_delay", nameof(ModelParameters.SpfDelayMs), 200, (p, v) => p.SpfDelayMs = v, ParameterTable.Defaults,
        summary: "SPF throttle: initial wait",
        source: "SPF throttle 200 ms / 1 s / 5 s as in common IOS-XR/Junos configurations (IOS-XR: `spf-interval initial-wait 200 secondary-wait 1000 maximum-wait 5000`).");

    public static readonly ParameterDeclaration SpfSecondaryWait = Duration(
        "spf_secondary_wait", nameof(ModelParameters.SpfSecondaryWaitMs), 1_000, (p, v) => p.SpfSecondaryWaitMs = v, ParameterTable.Defaults,
        summary: "SPF throttle: second wait, doubling after each run",
        source: "as above");

    public static readonly ParameterDeclaration SpfMaxWait = Duration(
        "spf_max_wait", nameof(ModelParameters.SpfMaxWaitMs), 5_000, (p, v) => p.SpfMaxWaitMs = v, ParameterTable.Defaults,
        summary: "SPF throttle: maximum wait",
        usedFor: "SPF throttle: maximum wait; back to the initial wait after 2 × this without triggers",
        source: "as above");

    public static readonly ParameterDeclaration FloodPerHop = Duration(
        "flood_per_hop", nameof(ModelParameters.FloodPerHopMs), 10, (p, v) => p.FloodPerHopMs = v, ParameterTable.Defaults,
        summary: "LSA flooding pacing interval per router",
        usedFor: "LSA flooding pacing interval per router (the database exchange at a new adjacency is not paced)",
        source: "LSP pacing is typically ~10–33 ms (33 ms is a common vendor default for `lsp-interval`); 10 ms is the fast end.");

    public static readonly ParameterDeclaration IgpMinLsArrival = Duration(
        "igp_min_ls_arrival", nameof(ModelParameters.IgpMinLsArrivalMs), 1_000, (p, v) => p.IgpMinLsArrivalMs = v, ParameterTable.Defaults,
        summary: "MinLSArrival: a router discards a newer instance of an LSA that arrives within this of installing the previous one",
        usedFor: "MinLSArrival (RFC 2328 §13 step (5)(a)): a newer instance of a router's LSA that arrives within this of the receiver installing the previous instance (by flooding or database exchange) is discarded without an acknowledgement, so the sender retransmits it after `igp_retransmit_interval`. 0: off",
        source: "RFC 2328 Appendix B: MinLSArrival is 1 s; FRR ospfd's `timers lsa min-arrival` defaults to 1000 ms (OSPF_MIN_LS_ARRIVAL, checked against the database copy's receive time in ospf_flood.c), as does Cisco IOS's `timers lsa arrival`.");

    public static readonly ParameterDeclaration IgpRetransmitInterval = Duration(
        "igp_retransmit_interval", nameof(ModelParameters.IgpRetransmitIntervalMs), 5_000, (p, v) => p.IgpRetransmitIntervalMs = v, ParameterTable.Defaults,
        summary: "RxmtInterval: an LSA a neighbour did not acknowledge is sent to it again this long after it was sent",
        usedFor: "RxmtInterval (RFC 2328 §13.6): an LSA the neighbour discarded (`igp_min_ls_arrival`) goes to it again this long after it was sent, if the adjacency has stayed up and the sender still holds that instance or a newer one (it sends the one it holds)",
        source: "RFC 2328 Appendix C.3 (a sample value of 5 s for a local area network); FRR ospfd's `ip ospf retransmit-interval` defaults to 5 s (docs.frrouting.org, OSPFv2), as does Cisco IOS's. The ground-truth run saw FRR retransmit 5.002 s after the first send.", minMs: 1);

    public static readonly ParameterDeclaration PushBase = Duration(
        "push_base", nameof(ModelParameters.PushBaseMs), 2_000, (p, v) => p.PushBaseMs = v, ParameterTable.Defaults,
        summary: "Config management: time before a pushed change is applied on a target",
        usedFor: "Config management: time before a pushed change is applied on a router…",
        source: "Assumption.");

    public static readonly ParameterDeclaration PushSpread = Duration(
        "push_spread", nameof(ModelParameters.PushSpreadMs), 8_000, (p, v) => p.PushSpreadMs = v, ParameterTable.Defaults,
        summary: "Plus uniform random [0, push_spread] per target",
        usedFor: "…plus uniform random `[0, push_spread]` per router, so a push lands over 2–10 s",
        source: "Assumption: 2–10 s across the fleet.");

    public static readonly ParameterDeclaration HealthCheckInterval = Duration(
        "health_check_interval", nameof(ModelParameters.HealthCheckIntervalMs), 10_000, (p, v) => p.HealthCheckIntervalMs = v, ParameterTable.Defaults, minMs: 1,
        summary: "DNS server health-check interval",
        source: "10 s × 3 is a common load-balancer default. Meta's posts say the DNS servers withdraw their BGP advertisements when they cannot reach the data centers; the check models that test.");

    public static readonly ParameterDeclaration HealthFailThreshold = Integer(
        "health_fail_threshold", nameof(ModelParameters.HealthFailThreshold), 3, (p, v) => p.HealthFailThreshold = (int)v, ParameterTable.Defaults, "count",
        summary: "Consecutive failing checks before a DNS server withdraws",
        usedFor: "Consecutive failing checks before withdrawing",
        source: "as above");

    public static readonly ParameterDeclaration HealthRecoverThreshold = Integer(
        "health_recover_threshold", nameof(ModelParameters.HealthRecoverThreshold), 3, (p, v) => p.HealthRecoverThreshold = (int)v, ParameterTable.Defaults, "count",
        summary: "Consecutive passing checks before a DNS server announces again",
        usedFor: "Consecutive passing checks before announcing again",
        source: "as above (symmetric)");

    public static readonly ParameterDeclaration HealthCheckPhase = Choice(
        "health_check_phase", nameof(ModelParameters.HealthCheckPhase), ["random", "aligned"], "random", (p, v) => p.HealthCheckPhase = v, ParameterTable.Defaults,
        summary: "When in its interval each DNS server checks: at a phase of its own, or all at the same instants",
        usedFor: "`random`: each DNS server draws its phase uniformly in `[0, interval)` at the start and checks at phase + k × interval, so the servers of a site notice a change at different checks. `aligned`: every server checks at k × interval from the start of the run, together (a server's own `health_check: { phase }` in `config:` overrides it)",
        source: "Reason: a health check is a daemon on each server (or a load balancer's per-server timer) that starts when its host or process starts, so in a real fleet the phases are spread; nothing lines them up unless one scheduler fires every check. HAProxy even adds jitter to keep checks from lining up (`spread-checks`, HAProxy configuration manual). `aligned` is the idealised fleet in which every server notices a change at the same check.");

    public static readonly ParameterDeclaration DnsCapacityFactor = Number(
        "dns_capacity_factor", nameof(ModelParameters.DnsCapacityFactor), 0, (p, v) => p.DnsCapacityFactor = v, ParameterTable.Defaults, "ratio", max: 1000,
        summary: "Queries a DNS server answers, as a multiple of the most loaded server's normal load (0: no limit)",
        usedFor: "Each DNS server answers up to this times the queries the most loaded server gets in the converged start state (a server's own `capacity` in `config:` overrides it); offered more (its anycast catchment grew), it answers capacity ÷ offered of them, and resolvers that would lose most resolutions wait for timeouts. 0: no limit",
        source: "Reason: no limit unless the scenario sizes its sites. The model's query rates are relative (a resolver cohort stands for a few instances refreshing on the TTL, and a failing name is retried at the clients' pace, hundreds of times the refresh rate), so a default multiple would overload every site as names come back, an artefact rather than a finding; a real site's capacity is the operator's figure. For a sized network, RFC 2870 §2.3's rule for root servers, three times the peak load of the most loaded server, is the value to start from (`dns_capacity_factor: 3`).");

    public static readonly ParameterDeclaration LocalHop = Duration(
        "local_hop", nameof(ModelParameters.LocalHopMs), 1, (p, v) => p.LocalHopMs = v, ParameterTable.Defaults,
        summary: "Same-site hand-off delay, e.g. DNS server to edge router",
        usedFor: "DNS server ↔ gateway/edge router hand-off; also a gateway's reports to client cohorts and an AS's route news to the resolver cohorts inside it",
        source: "Same-site hop. In practice raised to the lookahead (below).");

    public static readonly ParameterDeclaration BgpProcessing = Duration(
        "bgp_processing", nameof(ModelParameters.BgpProcessingMs), 50, (p, v) => p.BgpProcessingMs = v, ParameterTable.Defaults,
        summary: "Per BGP hop: receive, best path, send, on top of propagation",
        source: "Assumption.");

    public static readonly ParameterDeclaration BgpMrai = Duration(
        "bgp_mrai", nameof(ModelParameters.BgpMraiMs), 30_000, (p, v) => p.BgpMraiMs = v, ParameterTable.Defaults,
        summary: "eBGP MinRouteAdvertisementInterval between the external ASes; 0 disables pacing",
        usedFor: "eBGP MinRouteAdvertisementInterval between the external ASes, jittered by `bgp_mrai_jitter` each time it starts; its scope and what it holds are `bgp_mrai_scope` and `bgp_mrai_withdrawals`",
        source: "RFC 4271 §10 suggests 30 s for eBGP (Cisco IOS's eBGP default; Quagga's and FRR's before FRR 7.4, whose default is now 0) and jitter by a uniform factor in 0.75–1.0. `0` disables pacing.");

    public static readonly ParameterDeclaration BgpMraiScope = Choice(
        "bgp_mrai_scope", nameof(ModelParameters.BgpMraiScope), ["peer", "prefix"], "peer", (p, v) => p.BgpMraiScope = v, ParameterTable.Defaults,
        summary: "What one MRAI timer paces: every UPDATE to a peer, or one prefix towards it",
        usedFor: "`peer`: one timer per peer, started by any UPDATE sent (a withdrawal too, which starts it again while it runs, as FRR counts from the last UPDATE); while it runs every change for the peer waits, and all go out together when it ends. `prefix`: one timer per peer and prefix, started only by an advertisement of that prefix",
        source: "`peer` is how FRR's bgpd (`advertisement-interval`, the peer's routeadv timer) and Cisco IOS run it, so an alternative path found after a withdrawal waits for the interval: that is what makes a withdrawal explore paths for minutes (Labovitz et al., \"Delayed Internet routing convergence\", SIGCOMM 2000). `prefix` is RFC 4271 §9.2.1.1's definition, per destination.");

    public static readonly ParameterDeclaration BgpMraiWithdrawals = Choice(
        "bgp_mrai_withdrawals", nameof(ModelParameters.BgpMraiWithdrawals), ["immediate", "paced"], "immediate", (p, v) => p.BgpMraiWithdrawals = v, ParameterTable.Defaults,
        summary: "Whether a withdrawal goes out at once or waits for a running MRAI like an advertisement",
        source: "RFC 4271 §9.2.1.1: the interval does not apply to unfeasible routes, so `immediate`; `paced` holds them too, as implementations that pace the whole UPDATE stream do.");

    public static readonly ParameterDeclaration BgpMraiJitter = Number(
        "bgp_mrai_jitter", nameof(ModelParameters.BgpMraiJitter), 0.75, (p, v) => p.BgpMraiJitter = v, ParameterTable.Defaults, "ratio",
        summary: "Lower bound of the MRAI's jitter factor: each interval lasts bgp_mrai × uniform[this, 1] (1: no jitter)",
        usedFor: "Each MRAI interval lasts `bgp_mrai` × uniform[`bgp_mrai_jitter`, 1], drawn when it starts (the draw is made whatever the bound, so changing it moves no other random number); `1` gives exactly `bgp_mrai`",
        source: "RFC 4271 §10 suggests jitter by a uniform factor in 0.75–1.0, so 0.75. FRR's bgpd does not jitter its `advertisement-interval` (`bgp_adjust_routeadv`, whole seconds; Debian's FRR 8 to 10, seen in `bench groundtruth`): `1` models it.");

    public static readonly ParameterDeclaration BgpDamping = Choice(
        "bgp_damping", nameof(ModelParameters.BgpDamping), ["off", "on"], "off", (p, v) => p.BgpDamping = v, ParameterTable.Defaults,
        summary: "Route flap damping (RFC 2439) at the external ASes, per neighbour and prefix",
        usedFor: "`on`: every external AS keeps a figure of merit per (neighbour, prefix) for what that neighbour sends it: +1,000 per withdrawal, +500 per change of a route that stays, decaying by half every `bgp_damping_half_life` and held below the level that decays to `bgp_damping_reuse` in `bgp_damping_max_suppress`. Reaching `bgp_damping_suppress` suppresses the neighbour's route for that prefix (not used in the decision, `bgp.damped`) until the figure has decayed to `bgp_damping_reuse` (`bgp.reused`)",
        source: "Reason: off, as RIPE-580 (2013) and RFC 7196 advise against the old defaults and as FRR's bgpd and Cisco IOS ship it (`bgp dampening` is off until configured). The penalties (1,000 and 500) are FRR's `DEFAULT_PENALTY` and its half (bgpd/bgp_damp.c) and RFC 2439 §4.3's example.");

    public static readonly ParameterDeclaration BgpDampingHalfLife = Duration(
        "bgp_damping_half_life", nameof(ModelParameters.BgpDampingHalfLifeMs), 15 * 60_000, (p, v) => p.BgpDampingHalfLifeMs = v, ParameterTable.Defaults, minMs: 1,
        summary: "Route flap damping: time in which a figure of merit decays by half",
        source: "FRR's `bgp dampening` and Cisco IOS's defaults: half-life 15 min, reuse 750, suppress 2,000, max-suppress 4 × half-life = 60 min (FRR bgpd/bgp_damp.h `DEFAULT_HALF_LIFE`, `DEFAULT_REUSE`, `DEFAULT_SUPPRESS`; docs.frrouting.org, BGP: Route Flap Dampening).");

    public static readonly ParameterDeclaration BgpDampingReuse = Integer(
        "bgp_damping_reuse", nameof(ModelParameters.BgpDampingReuse), 750, (p, v) => p.BgpDampingReuse = v, ParameterTable.Defaults, "penalty", max: 20_000,
        summary: "Route flap damping: a suppressed route is used again once its figure of merit has decayed to this",
        source: "as above (FRR accepts 1 – 20,000)");

    public static readonly ParameterDeclaration BgpDampingSuppress = Integer(
        "bgp_damping_suppress", nameof(ModelParameters.BgpDampingSuppress), 2_000, (p, v) => p.BgpDampingSuppress = v, ParameterTable.Defaults, "penalty", max: 50_000,
        summary: "Route flap damping: a figure of merit that reaches this suppresses the route",
        source: "as above (FRR accepts 1 – 50,000)");

    public static readonly ParameterDeclaration BgpDampingMaxSuppress = Duration(
        "bgp_damping_max_suppress", nameof(ModelParameters.BgpDampingMaxSuppressMs), 60 * 60_000, (p, v) => p.BgpDampingMaxSuppressMs = v, ParameterTable.Defaults, minMs: 1,
        summary: "Route flap damping: longest a route stays suppressed after its last flap",
        usedFor: "Route flap damping: longest a route stays suppressed after its last flap; the figure of merit is capped at `bgp_damping_reuse` × 2^(this ÷ half-life), as FRR's ceiling",
        source: "as above");

    public static readonly ParameterDeclaration ResolverGiveUp = Duration(
        "resolver_give_up", nameof(ModelParameters.ResolverGiveUpMs), 5_000, (p, v) => p.ResolverGiveUpMs = v, ParameterTable.Defaults,
        summary: "A resolver cohort gives up on a name this long after its cached answer expired with no nameserver reachable",
        usedFor: "A resolver cohort gives up on a name (SERVFAIL, or stale with serve-stale) this long after its cached answer expired with none of the name's nameservers reachable",
        source: "Assumption (typical resolver behaviour): a few seconds of timeouts and retries across the name's servers before giving up. Not a vendor default.");

    public static readonly ParameterDeclaration ResolverAttempts = Integer(
        "resolver_attempts", nameof(ModelParameters.ResolverAttempts), 6, (p, v) => p.ResolverAttempts = (int)v, ParameterTable.Defaults, "count",
        summary: "Upstream queries one failed resolution sends",
        usedFor: "Upstream queries one failed resolution sends (tries × the name's servers); only feeds `upstream_per_s` of `resolver.load`",
        source: "Assumption (typical resolver behaviour), e.g. a couple of tries at each of three servers.");

    public static readonly ParameterDeclaration ServfailCache = Duration(
        "servfail_cache", nameof(ModelParameters.ServfailCacheMs), 5_000, (p, v) => p.ServfailCacheMs = v, ParameterTable.Defaults,
        summary: "How long a cohort caches a failed resolution",
        usedFor: "How long a cohort caches a failed resolution: sets its upstream retry rate while failing, and after the route returns a failed name resolves again after uniform `[0, servfail_cache)` + `resolver_rtt`",
        source: "RFC 9520: resolvers must cache resolution failures, for at least 1 s and, backing off for repeated failures, at most 5 minutes. 5 s is near the low end; the model has one fixed duration, no backoff.");

    public static readonly ParameterDeclaration ResolverTimeout = Duration(
        "resolver_timeout", nameof(ModelParameters.ResolverTimeoutMs), 800, (p, v) => p.ResolverTimeoutMs = v, ParameterTable.Defaults,
        summary: "Per nameserver that does not answer, tried before the first one that does: added to a resolution's latency",
        usedFor: "A resolution tries the name's nameservers in the delegation's order; each unreachable one tried before the first reachable one costs this long (and one upstream query)",
        source: "BIND 9's `resolver-retry-interval`, the base interval before it retries a query elsewhere, defaults to 800 ms (BIND 9.12–9.18 ARM; the option, a tuning knob, was deprecated in 9.18.21, not the behaviour). The model charges it on every resolution, with no memory of dead servers between resolutions; real resolvers learn to avoid them (smoothed RTT, Unbound's infrastructure cache), so this is an upper bound on the extra latency.");

    public static readonly ParameterDeclaration ResolverServerSelection = Choice(
        "resolver_server_selection", nameof(ModelParameters.ResolverServerSelection), ["ordered", "rtt"], "ordered", (p, v) => p.ResolverServerSelection = v, ParameterTable.Defaults,
        summary: "Which of a name's nameservers a resolution tries first: in the delegation's order every time, or the one that answered",
        usedFor: "`ordered`: every resolution tries the name's nameservers in the delegation's order, each that does not answer costing `resolver_timeout` (and one upstream query). `rtt`: the cohort remembers which answer (smoothed round-trip time), so while one does a resolution waits for no timeout and queries only it; with none answering it fails as with `ordered`. A resolver's own `server_selection` overrides it",
        source: "Reason: `ordered` is the upper bound on the extra latency and what the model always did. Real resolvers pick by round-trip time: Unbound keeps each server address's RTT in its infrastructure cache (`infra-host-ttl`, 900 s by default, unbound.conf(5)), backs off a server that times out, and picks at random among the servers within 400 ms of the fastest (NLnet Labs, \"Unbound Timeout Information\", nlnetlabs.nl/documentation/unbound/info-timeout/); BIND 9 queries the server with the lowest smoothed RTT and decays the others' so they are tried now and then (ISC, RTT banding removed in BIND 9.8). Both still probe a dead server now and then; `rtt` leaves that out.");

    public static readonly ParameterDeclaration NegativeTtl = Duration(
        "negative_ttl", nameof(ModelParameters.NegativeTtlMs), 15 * 60_000, (p, v) => p.NegativeTtlMs = v, ParameterTable.Defaults,
        summary: "How long a resolver cohort caches NXDOMAIN for a name its DNS server no longer holds",
        usedFor: "How long a cohort caches NXDOMAIN for a name its home DNS server no longer holds; after the name returns, a cohort keeps answering NXDOMAIN for uniform `[0, negative_ttl)`",
        source: "RFC 2308 §3: the negative TTL is the smaller of the zone's SOA MINIMUM field and the SOA record's own TTL; §5 suggests resolvers cap it at one to three hours (BIND's `max-ncache-ttl` default is 3 h). The value is the zone operator's choice; 15 minutes is an assumption at the short end, as for a zone that changes often. One value for every name.");

    public static readonly ParameterDeclaration ResolverRtt = Duration(
        "resolver_rtt", nameof(ModelParameters.ResolverRttMs), 50, (p, v) => p.ResolverRttMs = v, ParameterTable.Defaults,
        summary: "Resolver ↔ authority round trip when it answers",
        usedFor: "Resolver ↔ authority round trip when it answers (also to the parent zone when a cohort fetches a delegation anew); also the delay of a resolver's answer status to its client cohorts and of a cohort's demand to its resolvers",
        source: "Assumption: a round trip to a nearby anycast site.");

    public static readonly ParameterDeclaration StaleRefresh = Duration(
        "stale_refresh", nameof(ModelParameters.StaleRefreshMs), 30_000, (p, v) => p.StaleRefreshMs = v, ParameterTable.Defaults,
        summary: "A cohort serving stale data retries the authority this often",
        usedFor: "A cohort serving stale data retries the authority this often; after the route returns a stale name refreshes after uniform `[0, stale_refresh)` + `resolver_rtt`",
        source: "RFC 8767 §5 suggests a failure recheck timer of 30 s. Only cohorts with serve-stale use it.");

    public static readonly ParameterDeclaration BaselineServfailRatio = Number(
        "baseline_servfail_ratio", nameof(ModelParameters.BaselineServfailRatio), 0, (p, v) => p.BaselineServfailRatio = v, ParameterTable.Defaults, "ratio", max: 0.5,
        summary: "Share of a resolver cohort's queries for names that resolve answered SERVFAIL anyway, on a normal day",
        usedFor: "Background: `servfail_per_s` of `resolver.load` (and the series) adds this share of the queries for names the cohort answers, so an outage's SERVFAIL rate reads against a normal day's; users and availability do not change (the background stands for other names in the cohort's traffic: broken delegations, DNSSEC validation failures). A resolver's own `baseline_servfail_ratio` overrides it. 0: none",
        source: "Off by default, so every run reads as before: no published figure was found that could be cited as typical for all resolvers (it depends on whether a resolver validates DNSSEC and on its clients). A scenario that wants the background sets its operator's own figure.");

    public static readonly ParameterDeclaration BaselineNxdomainRatio = Number(
        "baseline_nxdomain_ratio", nameof(ModelParameters.BaselineNxdomainRatio), 0, (p, v) => p.BaselineNxdomainRatio = v, ParameterTable.Defaults, "ratio", max: 0.5,
        summary: "Share of a resolver cohort's queries for names that resolve answered NXDOMAIN anyway, on a normal day",
        usedFor: "Background: `nxdomain_per_s` of `resolver.load` adds this share of the queries for names the cohort answers, as for SERVFAIL above. A resolver's own `baseline_nxdomain_ratio` overrides it. 0: none",
        source: "Off by default, as above. For scale: Brandhorst and Pras (University of Twente, \"DNS: a statistical analysis of name server traffic at local network-to-internet connections\"), capturing the DNS traffic of two residential and two academic networks, found that 9 % of lookups asked for a name that does not exist (`baseline_nxdomain_ratio: 0.09`); shares at public resolvers vary with their clients (malware, probes, typos) and were not found published as one figure.");

    public static readonly ParameterDeclaration AppRetryInterval = Duration(
        "app_retry_interval", nameof(ModelParameters.AppRetryIntervalMs), 10_000, (p, v) => p.AppRetryIntervalMs = v, ParameterTable.Defaults, minMs: 1,
        summary: "While a resolver answers SERVFAIL, each of its users asks again this often",
        usedFor: "While a resolver answers SERVFAIL for a name, each of its users asks it again every this long (app retries and reloads); while it answers, stub caches keep a user to one query per TTL",
        source: "Assumption. The ratio TTL ÷ retry interval = 300 s ÷ 10 s = 30 is what makes the client query rate grow 30 times in the FB run (below).");

    public static readonly ParameterDeclaration ActiveUserFraction = Number(
        "active_user_fraction", nameof(ModelParameters.ActiveUserFraction), 0.015, (p, v) => p.ActiveUserFraction = v, ParameterTable.Defaults, "ratio", max: 1,
        summary: "Share of a cohort's (monthly) users active at any moment",
        usedFor: "Share of a cohort's (monthly) users active at any moment; scales every query rate",
        source: "Meta's Q3 2021 earnings: 1.93 billion daily of 2.91 billion monthly users; about 33 minutes a day each is an assumption: 1.93 × 33 ÷ 1,440 ÷ 2.91 ≈ 1.5 %. It scales absolute queries/s; availability, `users_affected` and the growth ratio do not depend on it.");

    public static readonly ParameterDeclaration DcIdlePowerFraction = Number(
        "dc_idle_power_fraction", nameof(ModelParameters.DcIdlePowerFraction), 0.6, (p, v) => p.DcIdlePowerFraction = v, ParameterTable.Defaults, "ratio", max: 1,
        summary: "A data center's power draw with no load, as a share of its peak",
        usedFor: "A data center's power draw with no load, as a share of its peak (power = peak × (idle + (1 − idle) × load))",
        source: "Stated assumption: servers draw a large share of their peak power when idle (Barroso and Hölzle, \"The Case for Energy-Proportional Computing\", 2007: about half), and cooling and power distribution do not stop with the traffic. With the 60 MW default peak a dark data center dips by 24 MW; Meta reported dips \"in the range of tens of megawatts\" per data center.");

    public static readonly ParameterDeclaration DcCacheCool = Duration(
        "dc_cache_cool", nameof(ModelParameters.DcCacheCoolMs), 30 * 60_000, (p, v) => p.DcCacheCoolMs = v, ParameterTable.Defaults,
        summary: "Time constant with which a data center's cache warmth falls while it has no load",
        usedFor: "Only for a data center whose topology declares `caches` (`datacenter_physics` or its own `physics`) without `cool`: time constant with which its cache warmth falls while it has no load. Without `caches` a data center serves up to `dc_warm_capacity` whatever happened before",
        source: "Assumption, chosen with the three below so that a ramp of about 40 minutes or less overloads a cold data center and an hour-long one does not; they act only where a topology declares caches (the hyperscaler topology writes them out, with its reasons). Meta published no figures; it said that flipping services back on all at once could cause a new round of crashes from the surge in traffic, and that suddenly reversing the power dips could put everything from electrical systems to caches at risk, so it brought them back gradually.");

    public static readonly ParameterDeclaration DcCacheWarm = Duration(
        "dc_cache_warm", nameof(ModelParameters.DcCacheWarmMs), 10 * 60_000, (p, v) => p.DcCacheWarmMs = v, ParameterTable.Defaults,
        summary: "Time constant with which warmth follows the load while there is load",
        usedFor: "Declared caches without `warm`: time constant with which warmth follows the load while there is load",
        source: "as above");

    public static readonly ParameterDeclaration DcColdCapacity = Number(
        "dc_cold_capacity", nameof(ModelParameters.DcColdCapacity), 0.4, (p, v) => p.DcColdCapacity = v, ParameterTable.Defaults, "ratio", max: 10,
        summary: "Load (share of normal) a data center can serve with cold caches",
        usedFor: "Declared caches without `cold_capacity`: load (share of normal) a data center can serve with cold caches; capacity = cold + (warm − cold) × warmth",
        source: "as above");

    public static readonly ParameterDeclaration DcWarmCapacity = Number(
        "dc_warm_capacity", nameof(ModelParameters.DcWarmCapacity), 1.2, (p, v) => p.DcWarmCapacity = v, ParameterTable.Defaults, "ratio", max: 10, note: "at least dc_cold_capacity",
        summary: "Load it can serve with warm caches",
        usedFor: "Load it can serve with warm caches (20 % headroom); a data center without declared caches always serves up to this",
        source: "as above");

    public static readonly ParameterDeclaration DcTripRecovery = Duration(
        "dc_trip_recovery", nameof(ModelParameters.DcTripRecoveryMs), 15 * 60_000, (p, v) => p.DcTripRecoveryMs = v, ParameterTable.Defaults,
        summary: "How long a tripped (overloaded) data center without declared back ends stays dark",
        usedFor: "After admitting more than its capacity, a data center whose topology declares no `backends` trips (`dc.overload`, load 0) and stays dark this long…",
        source: "Assumption. With declared back ends a trip is a crash and costs `dc_backend_restart` and a return from cold instead.");

    public static readonly ParameterDeclaration DcAutoRamp = Duration(
        "dc_auto_ramp", nameof(ModelParameters.DcAutoRampMs), 60 * 60_000, (p, v) => p.DcAutoRampMs = v, ParameterTable.Defaults,
        summary: "Over how long a tripped data center ramps back on its own",
        usedFor: "…then ramps back on its own over this long (also how it returns after a trip when no restore was planned)",
        source: "Assumption: long enough (above the ~40 min limit) not to trip again.");

    public static readonly ParameterDeclaration DcRetries = Integer(
        "dc_retries", nameof(ModelParameters.DcRetries), 2, (p, v) => p.DcRetries = (int)v, ParameterTable.Defaults, "count", min: 0, max: 10,
        summary: "Declared back ends without `retries`: extra attempts each request the data center failed comes back with",
        usedFor: "Declared back ends without `retries`: while a share f of the attempts fails, the load offered is the demand × (1 + retries × f): clients and users retry what failed, so an overload feeds itself (metastable) until load is shed",
        source: "Google SRE book, \"Handling Overload\": Google limits retries per request to three attempts (two retries) and warns that retries amplify load; the figure is a common client default (AWS SDKs' standard retry mode also makes three attempts).");

    public static readonly ParameterDeclaration DcOverloadWaste = Number(
        "dc_overload_waste", nameof(ModelParameters.DcOverloadWaste), 0.1, (p, v) => p.DcOverloadWaste = v, ParameterTable.Defaults, "ratio", max: 0.99,
        summary: "Declared back ends without `overload_waste`: share of an overloaded data center's work spent on requests that time out anyway",
        usedFor: "Declared back ends without `overload_waste`: once overloaded, queues are long and this share of the work done is for requests whose clients have already given up, so it serves only (1 − this) × its capacity until the offered load falls under that: the hysteresis that keeps it overloaded",
        source: "Assumption (no published figure). The mechanism is the sustaining effect of Bronson et al., \"Metastable Failures in Distributed Systems\" (HotOS 2021), and the SRE book's \"Addressing Cascading Failures\": work spent on requests past their deadline.");

    public static readonly ParameterDeclaration DcCrashRatio = Number(
        "dc_crash_ratio", nameof(ModelParameters.DcCrashRatio), 2, (p, v) => p.DcCrashRatio = v, ParameterTable.Defaults, "ratio", min: 1, max: 100,
        summary: "Declared back ends without `crash_ratio`: offered load, as a multiple of capacity, at which the back ends crash",
        usedFor: "Declared back ends without `crash_ratio`: when the load offered (retries included) passes this multiple of its capacity, the back ends crash (`dc.overload`): load 0, caches lost, dark for `restart`, then a ramp from cold",
        source: "Assumption. The SRE book (\"Addressing Cascading Failures\") names memory exhaustion by queued requests and crashes under overload as the way overload turns into failure; it gives no ratio.");

    public static readonly ParameterDeclaration DcShedAfter = Duration(
        "dc_shed_after", nameof(ModelParameters.DcShedAfterMs), 2 * 60_000, (p, v) => p.DcShedAfterMs = v, ParameterTable.Defaults, minMs: 1,
        summary: "Declared back ends without `shed_after`: how long an overload lasts before the data center sheds load",
        usedFor: "Declared back ends without `shed_after`: after overload has lasted this long the data center's load shedding cuts the traffic it admits to what it serves usefully (`dc.load_shed`) and ramps back from there over `dc_auto_ramp`",
        source: "Assumption: time for load shedding (or an operator) to act. The SRE book's remedy for a retry-sustained overload is to shed load or drain traffic until it clears.");

    public static readonly ParameterDeclaration DcBackendRestart = Duration(
        "dc_backend_restart", nameof(ModelParameters.DcBackendRestartMs), 30 * 60_000, (p, v) => p.DcBackendRestartMs = v, ParameterTable.Defaults,
        summary: "Declared back ends without `restart`: how long crashed back ends take to restart before traffic returns",
        usedFor: "Declared back ends without `restart`: after a crash (or once power is back after a breaker trip) the data center stays dark this long, then ramps back from cold over `dc_auto_ramp`",
        source: "Assumption: restarting crashed processes and checking stateful services (databases, cache tiers) before they take traffic; no operator has published a figure.");

    public static readonly ParameterDeclaration DcPowerStepLimit = Number(
        "dc_power_step_limit", nameof(ModelParameters.DcPowerStepLimit), 0.25, (p, v) => p.DcPowerStepLimit = v, ParameterTable.Defaults, "ratio", max: 10,
        summary: "Declared power limits without `step_limit`: largest rise of a data center's draw above its settled level at once, as a share of its peak",
        usedFor: "Declared power limits without `step_limit`: a change of load that raises the draw more than this share of the peak above the level the site's plant has settled to (`dc_power_settle`) trips the site's breaker (`dc.breaker_trip`); a ramp stays under it, traffic back all at once after a long dip does not",
        source: "Assumption. Meta wrote that suddenly reversing dips of tens of megawatts could put everything from electrical systems to caches at risk; generator sets are rated for the load step they accept at once (ISO 8528-5), well under their full load, which is why load is brought on in steps.");

    public static readonly ParameterDeclaration DcPowerSettle = Duration(
        "dc_power_settle", nameof(ModelParameters.DcPowerSettleMs), 5 * 60_000, (p, v) => p.DcPowerSettleMs = v, ParameterTable.Defaults, minMs: 1,
        summary: "Declared power limits without `settle`: time constant with which a site's power and cooling plant settle to its draw",
        usedFor: "Declared power limits without `settle`: the level a rise of the draw is measured from follows the draw with this time constant, so traffic back after a blip of seconds is no step, and after a long dip is one",
        source: "Assumption: chillers, pumps and fans stage down over minutes as the heat load falls. With 5 min a ramp of 45 min (a rise of 0.53 MW/min at 60 MW) stays 2.7 MW above the settled level.");

    public static readonly ParameterDeclaration DcBreakerReset = Duration(
        "dc_breaker_reset", nameof(ModelParameters.DcBreakerResetMs), 20 * 60_000, (p, v) => p.DcBreakerResetMs = v, ParameterTable.Defaults,
        summary: "Declared power limits without `breaker_reset`: how long a tripped breaker keeps the data center without power",
        usedFor: "Declared power limits without `breaker_reset`: the site is without power this long (its servers lose their memory: caches cold, back ends to restart), then its back ends restart before traffic returns",
        source: "Assumption: finding why the breaker tripped, resetting it and re-energising the rows.");

    public static readonly ParameterDeclaration SubstituteStep = Duration(
        "substitute_step", nameof(ModelParameters.SubstituteStepMs), 10 * 60_000, (p, v) => p.SubstituteStepMs = v, ParameterTable.Defaults,
        summary: "Step with which client cohorts move users to substitute services and back",
        source: "Resolution, not a physical figure: the moves are exponential in time, so the step only sets how often the series change (49 steps in an 8 h run).");

    public static readonly ParameterDeclaration DcControlStep = Duration(
        "dc_control_step", nameof(ModelParameters.DcControlStepMs), 30_000, (p, v) => p.DcControlStepMs = v, ParameterTable.Defaults, minMs: 1,
        summary: "Step of a data center's load while its traffic returns",
        usedFor: "Step of a data center's load while its traffic returns (until full load with warm caches); no steps otherwise",
        source: "Resolution, not a physical figure: 90 steps for a 45 min ramp.");

    public static readonly ParameterDeclaration BgpExportBatch = Duration(
        "bgp_export_batch", nameof(ModelParameters.BgpExportBatchMs), 5_000, (p, v) => p.BgpExportBatchMs = v, ParameterTable.BgpSessions,
        summary: "A router sends its sessions the route counts that changed this long after the first change",
        source: "RFC 4271 §10 suggests a MinRouteAdvertisementInterval of 5 s for iBGP (30 s for eBGP); the model uses 5 s for every session's counts, eBGP included. The operator's own prefixes go to eBGP peers at once.");

    public static readonly ParameterDeclaration BgpGracefulRestart = Duration(
        "bgp_graceful_restart", nameof(ModelParameters.BgpGracefulRestartMs), 0, (p, v) => p.BgpGracefulRestartMs = v, ParameterTable.BgpSessions,
        summary: "BGP graceful restart's restart time (0: off): peers keep a router's routes this long after its hold timer, waiting for it to come back",
        usedFor: "With graceful restart (RFC 4724), when a router's control plane dies its BGP peers keep its routes (stale) after the hold timer runs out for this restart time more; if it comes back within it, the session resumes without a withdrawal (`bgp.graceful_restart`); otherwise the routes go then. 0: off",
        source: "RFC 4724 §4.2; FRR's `bgp graceful-restart restart-time` defaults to 120 s (docs.frrouting.org, BGP, Graceful Restart). Off by default: a router must announce the capability, and FRR announces it only with `bgp graceful-restart` configured (helper mode alone is the default).");

    public static readonly ParameterDeclaration BgpHold = Duration(
        "bgp_hold", nameof(ModelParameters.BgpHoldMs), 90_000, (p, v) => p.BgpHoldMs = v, ParameterTable.BgpSessions,
        summary: "A BGP session whose peer went silent or unreachable ends this long after",
        usedFor: "A session whose peer went silent (control plane dead) or became unreachable in the IGP ends this long after",
        source: "RFC 4271 §10 suggests a hold time of 90 s.");

    public static readonly ParameterDeclaration IgpHold = Duration(
        "igp_hold", nameof(ModelParameters.IgpHoldMs), 30_000, (p, v) => p.IgpHoldMs = v, ParameterTable.BgpSessions,
        summary: "An IGP adjacency to a router whose control plane died ends this long after",
        source: "Common IS-IS defaults (e.g. Cisco): hello interval 10 s, hello multiplier 3, so a 30 s hold time.");

    public static readonly ParameterDeclaration IgpGracefulRestart = Duration(
        "igp_graceful_restart", nameof(ModelParameters.IgpGracefulRestartMs), 0, (p, v) => p.IgpGracefulRestartMs = v, ParameterTable.BgpSessions,
        summary: "OSPF graceful restart's grace period (0: off): neighbours keep a restarting router's adjacencies this long while it re-forms them",
        usedFor: "With OSPF graceful restart (RFC 3623), a router whose control plane comes back with its FIB intact (a lost control-plane job or a control-plane failure, not a crash or power loss) sends grace-LSAs; neighbours with a full adjacency keep it in their LSAs while it re-forms them (`igp.graceful_restart`), for at most this long, and stop helping at once if an LSA with changed content reaches them. The restarting router keeps forwarding on its stale FIB, originates nothing, and reprograms its FIB once its adjacencies are full again (or the period ran out). Only a router back within `igp_hold` is helped. 0: off",
        source: "RFC 3623 §2.1 and Appendix B.1 (the grace period should not exceed 1800 s, the LSRefreshTime); FRR ospfd's `graceful-restart grace-period` defaults to 120 s (docs.frrouting.org, OSPFv2, Graceful Restart). Off by default: FRR restarts gracefully only with `graceful-restart` configured, and helps only with `graceful-restart helper enable`.");

    public static readonly ParameterDeclaration BfdInterval = Duration(
        "bfd_interval", nameof(ModelParameters.BfdIntervalMs), 0, (p, v) => p.BfdIntervalMs = v, ParameterTable.BgpSessions,
        summary: "BFD's transmit and receive interval on every IGP adjacency and BGP session; 0: no BFD",
        usedFor: "BFD (RFC 5880 asynchronous mode; single hop on links, RFC 5881, and on eBGP sessions; multihop on iBGP, RFC 5883): the transmit and receive interval of every session. A neighbour whose control plane dies while its light stays on is declared down `bfd_multiplier` × this after its last packet arrived, and BFD takes the adjacency or BGP session down at once, instead of `igp_hold` or `bgp_hold`; an iBGP session whose peer the IGP no longer reaches ends this way too. 0: BFD off",
        source: "Off by default: BFD is configured per neighbour, and without it the hold times decide. When on, FRR bfdd's default is 300 ms for both `transmit-interval` and `receive-interval` (docs.frrouting.org, BFD, Peer / Profile Configuration), so `bfd_interval: 300ms` is FRR's session.");

    public static readonly ParameterDeclaration BfdMultiplier = Integer(
        "bfd_multiplier", nameof(ModelParameters.BfdMultiplier), 3, (p, v) => p.BfdMultiplier = (int)v, ParameterTable.BgpSessions, "count", max: 255,
        summary: "BFD detect multiplier: packets missed before a session is declared down",
        usedFor: "BFD detect multiplier: a session is down `bfd_multiplier` × `bfd_interval` after the last packet from its peer arrived (only with `bfd_interval` set)",
        source: "FRR bfdd's `detect-multiplier` defaults to 3, range 1–255 (docs.frrouting.org, BFD; RFC 5880 §4.1: an 8-bit field, never zero): 3 × 300 ms = 900 ms.");

    public static readonly ParameterDeclaration BgpRoutesPerSecond = Integer(
        "bgp_routes_per_second", nameof(ModelParameters.BgpRoutesPerSecond), 20_000, (p, v) => p.BgpRoutesPerSecond = v, ParameterTable.BgpSessions, "routes/s", max: 100_000_000,
        summary: "Transfer and processing rate of a BGP session in routes per second",
        usedFor: "Transfer and processing rate of a session: a change of n routes arrives n ÷ 20,000 s later",
        source: "Assumption: a full table of 880,000 routes takes 44 s, the tens of seconds a full-table load takes on current routers.");

    public static readonly ParameterDeclaration ControlPlaneReboot = Duration(
        "control_plane_reboot", nameof(ModelParameters.ControlPlaneRebootMs), 10 * 60_000, (p, v) => p.ControlPlaneRebootMs = v, ParameterTable.BgpSessions,
        summary: "From control-plane failure to the router being back",
        usedFor: "From control-plane failure (or power back after a crash or power loss, or a held control plane recovered) to the router being back",
        source: "Assumption: a large chassis router takes about ten minutes to reload (route processor, line cards, then protocols).");

    public static readonly ParameterDeclaration MbpsPerActiveUser = Number(
        "mbps_per_active_user", nameof(ModelParameters.MbpsPerActiveUser), 3.0, (p, v) => p.MbpsPerActiveUser = v, ParameterTable.Traffic, "Mb/s", max: 10_000,
        summary: "Traffic per active user in Mb/s",
        usedFor: "Traffic of one active user (all the operator's apps, downstream)",
        source: "Sandvine's Global Internet Phenomena reports put Meta's apps at roughly 15 % of downstream Internet traffic; with about 900 Tb/s of average global IP traffic (Cisco VNI order of magnitude) and 44 million users active at once (2.9 billion × 1.5 %), that is about 3 Mb/s each. An estimate, not a measurement.");

    public static readonly ParameterDeclaration BackboneTrafficShare = Number(
        "backbone_traffic_share", nameof(ModelParameters.BackboneTrafficShare), 0.02, (p, v) => p.BackboneTrafficShare = v, ParameterTable.Traffic, "ratio", max: 1,
        summary: "Share of the users' traffic that crosses the backbone",
        usedFor: "Share of the users' traffic that crosses the backbone to a data center; the rest is served by edge caches",
        source: "Most bytes are served by edge caches at the PoPs; Meta publishes no backbone share. Chosen so that, on the FB topology's estimated link capacities, the busiest backbone pair runs at about 70 % in steady state (0.706), as an operator provisions for its load. At 0.1 the same topology would start congested, which is a statement about the estimated capacities, not about Meta.");

    public static readonly ParameterDeclaration UpstreamRatio = Number(
        "upstream_ratio", nameof(ModelParameters.UpstreamRatio), 0.1, (p, v) => p.UpstreamRatio = v, ParameterTable.Traffic, "ratio", max: 1,
        summary: "Users' upstream traffic (requests, uploads) as a share of what they receive",
        usedFor: "With `frontend_catchment: bgp`, what the users' way in carries (their Gb/s times this) beside the full Gb/s of the responses on the way back to them, on the links outside the operator's network",
        source: "Sandvine's Global Internet Phenomena Report (2019; its blog \"worldwide and regional total Internet traffic share\"): downstream traffic is an order of magnitude larger than upstream worldwide, so upstream is about a tenth of downstream.");

    public static readonly ParameterDeclaration DcReplicationGbps = Number(
        "dc_replication_gbps", nameof(ModelParameters.DcReplicationGbps), 0, (p, v) => p.DcReplicationGbps = v, ParameterTable.Traffic, "Gb/s", max: 1_000_000,
        summary: "Replication traffic each data center sends to the others, in Gb/s",
        usedFor: "Replication traffic each data center sends over the backbone, shared equally among the other data centers and queued as bulk (dropped before user traffic on a congested link)",
        source: "Reason: how much a network replicates between its data centers is the operator's own figure, so none unless the scenario sets it. For scale: Facebook reported machine-to-machine traffic within and between its data centers far larger than what its users send (Roy et al., \"Inside the Social Network's (Datacenter) Network\", SIGCOMM 2015).");

    public static readonly ParameterDeclaration InternalToolsGbps = Number(
        "internal_tools_gbps", nameof(ModelParameters.InternalToolsGbps), 0.1, (p, v) => p.InternalToolsGbps = v, ParameterTable.Traffic, "Gb/s", max: 1_000_000,
        summary: "The operator's own traffic from each PoP to its internal tools, in Gb/s",
        usedFor: "Traffic from each PoP (the engineers' VPN and the tools behind it) to the data center nearest it as designed, queued as standard (below user traffic on a congested link); the responders' remote access works while at least half of some PoP's arrives",
        source: "Reason: the engineers' VPN sessions and the tools behind them (consoles, chat, config management) are a few hundred sessions of about a megabit per PoP at most, so 0.1 Gb/s is an assumption of that order; it matters through the share that arrives, hardly through the load it adds. Queued as RFC 4594's standard class (its OAM class, CS2, sits between standard and the user's interactive traffic in most deployments; the model's four classes put it with standard).");

    public static readonly ParameterDeclaration EcmpMaxPaths = Integer(
        "ecmp_max_paths", nameof(ModelParameters.EcmpMaxPaths), 64, (p, v) => p.EcmpMaxPaths = (int)v, ParameterTable.DataPlane, "count", max: 1_024,
        summary: "The most equal-cost next hops a RIB's best route keeps, its ECMP width",
        usedFor: "The most equal-cost next hops a RIB's best route keeps (ECMP width); the lowest in next-hop order are kept",
        source: "FRR's zebra is \"generally compiled with a limit of 64 way ECMP\" (docs.frrouting.org, zebra, ECMP; `zebra -e` lowers it). Vendors' `maximum-paths` defaults are lower for some protocols; 64 leaves the IGP's ECMP sets of the generated topologies whole.");

    public static readonly ParameterDeclaration FibProgrammingBase = Duration(
        "fib_programming_base", nameof(ModelParameters.FibProgrammingBaseMs), 10, (p, v) => p.FibProgrammingBaseMs = v, ParameterTable.DataPlane,
        summary: "Fixed part of the time to program a batch of FIB changes",
        usedFor: "Fixed part of the time to program a batch of FIB changes (a RIB diff): delay = this + changed entries ÷ `fib_entries_per_second`",
        source: "Assumption: the hand-off from the RIB to the forwarding hardware (FRR's zebra dataplane thread, a route processor's messages to its line cards) before the first entry is written; not a measured figure.");

    public static readonly ParameterDeclaration FibEntriesPerSecond = Integer(
        "fib_entries_per_second", nameof(ModelParameters.FibEntriesPerSecond), 10_000, (p, v) => p.FibEntriesPerSecond = v, ParameterTable.DataPlane, "entries/s", max: 100_000_000,
        summary: "FIB entries a router programs per second",
        usedFor: "FIB entries a router programs per second: a batch of n changed entries takes `fib_programming_base` + n ÷ this (rounded up to a whole ms)",
        source: "Francois, Filsfils, Evans and Bonaventure (\"Achieving sub-second IGP convergence in large IP networks\", ACM SIGCOMM CCR 35(3), 2005) measured FIB update time growing linearly with the number of changed prefixes, which is what prefix-independent convergence (draft-ietf-rtgwg-bgp-pic) works around; an operator on NANOG (November 2015, \"route converge time\") quotes a 2015 router's specified rate of 15,000 routes/s. 10,000 entries/s (100 µs each) is a round figure of that order, not one platform's measurement.");

    public static readonly ParameterDeclaration FibFailStatic = Duration(
        "fib_fail_static", nameof(ModelParameters.FibFailStaticMs), 500_000, (p, v) => p.FibFailStaticMs = v, ParameterTable.DataPlane,
        summary: "How long a router keeps forwarding on stale FIB entries after its control plane dies",
        usedFor: "How long a router keeps forwarding on its FIB entries, marked stale, after its control plane dies; flushed after this unless the control plane came back first",
        source: "FRR's `bgp graceful-restart rib-stale-time`, the time zebra keeps a restarting bgpd's routes installed, defaults to 500 s (`BGP_DEFAULT_RIB_STALE_TIME`, bgpd/bgpd.h). Related timers: FRR's and Cisco's `stalepath-time` 360 s, Junos `stale-routes-time` 300 s.");

    public static readonly ParameterDeclaration FrontEndCheckInterval = Duration(
        "front_end_check_interval", nameof(ModelParameters.FrontEndCheckIntervalMs), 2_000, (p, v) => p.FrontEndCheckIntervalMs = v, ParameterTable.Traffic,
        summary: "How often the front-ends' load balancers check each data center",
        usedFor: "How often the front-ends' load balancers check each data center they send users to (checks at every multiple of it from the start of the run); a data center that serves nothing fails the check",
        source: "HAProxy's default check interval (`inter`, 2000 ms; HAProxy configuration manual, section 5.2, server options).", minMs: 1);

    public static readonly ParameterDeclaration FrontEndFall = Integer(
        "front_end_fall", nameof(ModelParameters.FrontEndFall), 3, (p, v) => p.FrontEndFall = (int)v, ParameterTable.Traffic, "count",
        summary: "Consecutive failed checks before the front-ends mark a data center down and move its users",
        source: "HAProxy's default `fall` (3; HAProxy configuration manual, section 5.2).");

    public static readonly ParameterDeclaration FrontEndRise = Integer(
        "front_end_rise", nameof(ModelParameters.FrontEndRise), 2, (p, v) => p.FrontEndRise = (int)v, ParameterTable.Traffic, "count",
        summary: "Consecutive passed checks before the front-ends mark a data center up and send its users back",
        source: "HAProxy's default `rise` (2; HAProxy configuration manual, section 5.2).");

    public static readonly ParameterDeclaration TrafficStep = Duration(
        "traffic_step", nameof(ModelParameters.TrafficStepMs), 100, (p, v) => p.TrafficStepMs = v, ParameterTable.DataPlane,
        summary: "How soon after a FIB, link or demand change the traffic is carried anew",
        usedFor: "How soon after a FIB, link or demand change the data plane carries the traffic anew (changes within it are taken together); the resolution of utilisation, loss and loop events",
        source: "Reason: transient loops while FIBs are reprogrammed last from tens to hundreds of milliseconds (Francois et al., SIGCOMM CCR 2005, measured FIB updates of that order), so the step must be shorter to show them; 100 ms shows loops of a few hundred ms while a burst of updates during one reconvergence still costs a few recomputations, not one per batch.");

    public static readonly ParameterDeclaration DeliveryHold = Duration(
        "delivery_hold", nameof(ModelParameters.DeliveryHoldMs), 1_000, (p, v) => p.DeliveryHoldMs = v, ParameterTable.DataPlane,
        summary: "How long a drop in the traffic a PoP's front-ends get through must last before their users feel it",
        usedFor: "How long a drop in the share of a gateway's front-end traffic that arrives must last before the gateway (and so its users) is told; a rise is told at once. The drop itself shows at once in `backbone.traffic`",
        source: "RFC 6298 §2.4: TCP's retransmission timeout is at least 1 s, so a loss that ends within about a second is recovered by the first retransmission and the user sees a slower response, not a failure.");

    /// <summary>Every declaration, in the docs' order. After the declarations: static fields are set in the order they are
    /// written.</summary>
    public static readonly IReadOnlyList<ParameterDeclaration> All =
    [
        CarrierLossDetect, IgpHelloInterval, LsaGenerationDelay, LsaSecondaryWait, LsaMaxWait, SpfDelay, SpfSecondaryWait, SpfMaxWait, FloodPerHop, IgpMinLsArrival, IgpRetransmitInterval,
        PushBase, PushSpread, HealthCheckInterval, HealthFailThreshold, HealthRecoverThreshold, HealthCheckPhase, DnsCapacityFactor, LocalHop,
        BgpProcessing, BgpMrai, BgpMraiScope, BgpMraiWithdrawals, BgpMraiJitter, BgpDamping, BgpDampingHalfLife, BgpDampingReuse, BgpDampingSuppress,
        BgpDampingMaxSuppress, ResolverGiveUp, ResolverAttempts, ServfailCache, ResolverTimeout, ResolverServerSelection, NegativeTtl,
        ResolverRtt, StaleRefresh, BaselineServfailRatio, BaselineNxdomainRatio, AppRetryInterval, ActiveUserFraction, DcIdlePowerFraction, DcCacheCool,
        DcCacheWarm, DcColdCapacity, DcWarmCapacity, DcTripRecovery, DcAutoRamp, DcRetries, DcOverloadWaste, DcCrashRatio, DcShedAfter, DcBackendRestart,
        DcPowerStepLimit, DcPowerSettle, DcBreakerReset, SubstituteStep, DcControlStep,
        BgpExportBatch, BgpHold, BgpGracefulRestart, IgpGracefulRestart, IgpHold, BfdInterval, BfdMultiplier, BgpRoutesPerSecond, ControlPlaneReboot, MbpsPerActiveUser,
        BackboneTrafficShare, UpstreamRatio, DcReplicationGbps, InternalToolsGbps, FrontEndCheckInterval, FrontEndFall, FrontEndRise, EcmpMaxPaths, FibProgrammingBase, FibEntriesPerSecond, FibFailStatic, TrafficStep, DeliveryHold
    ];

    // Where usedFor is not given, the summary says what the model uses it for.

    private static ParameterDeclaration Duration(string key, string property, long defaultMs, Action<ModelParameters, long> set,
        ParameterTable table, string summary, string source, string? usedFor = null, long minMs = 0)
        => new(key, property, ParameterKind.Duration, "ms", defaultMs, minMs, MaxDurationMs, null, table, summary, usedFor ?? summary, source,
            (p, v) => set(p, (long)v));

    private static ParameterDeclaration Integer(string key, string property, long @default, Action<ModelParameters, long> set,
        ParameterTable table, string unit, string summary, string source, string? usedFor = null, long min = 1, long max = 1000)
        => new(key, property, ParameterKind.Integer, unit, @default, min, max, null, table, summary, usedFor ?? summary, source,
            (p, v) => set(p, (long)v));

    private static ParameterDeclaration Choice(string key, string property, string[] choices, string @default, Action<ModelParameters, string> set,
        ParameterTable table, string summary, string source, string? usedFor = null)
        => new(key, property, ParameterKind.Choice, "choice", Array.IndexOf(choices, @default), 0, choices.Length - 1, null, table, summary,
            usedFor ?? summary, source, (p, v) => set(p, choices[(int)v]), choices);

    private static ParameterDeclaration Number(string key, string property, double @default, Action<ModelParameters, double> set,
        ParameterTable table, string unit, string summary, string source, string? usedFor = null, double min = 0, double max = 1, string? note = null)
        => new(key, property, ParameterKind.Number, unit, @default, min, max, note, table, summary, usedFor ?? summary, source, set);
}
