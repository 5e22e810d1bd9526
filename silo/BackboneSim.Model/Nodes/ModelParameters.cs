using BackboneSim.Model.Nodes.Parameters;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Protocol and operations defaults; a scenario may override them under <c>parameters:</c>. Each property is
/// declared once in <see cref="ParameterCatalog"/> with its scenario key, unit, range, default, meaning and source
/// (docs/model.md's tables are generated from there); a new instance takes every default from the catalog.
/// </summary>
public sealed class ModelParameters
{
    /// <summary>Every property at its default (<see cref="ParameterDeclaration.Default"/>).</summary>
    public ModelParameters()
    {
        foreach (var d in ParameterCatalog.All) d.Set(this, d.Default);
    }

    /// <summary><c>carrier_loss_detect</c>: <see cref="ParameterCatalog.CarrierLossDetect"/>.</summary>
    public long CarrierLossDetectMs { get; set; }
    /// <summary><c>bgp_mrai_scope</c>: <see cref="ParameterCatalog.BgpMraiScope"/>.</summary>
    public string BgpMraiScope { get; set; } = "";
    /// <summary><c>bgp_mrai_withdrawals</c>: <see cref="ParameterCatalog.BgpMraiWithdrawals"/>.</summary>
    public string BgpMraiWithdrawals { get; set; } = "";
    /// <summary><c>bgp_mrai_jitter</c>: <see cref="ParameterCatalog.BgpMraiJitter"/>.</summary>
    public double BgpMraiJitter { get; set; }
    /// <summary><c>bgp_damping</c>: <see cref="ParameterCatalog.BgpDamping"/>.</summary>
    public string BgpDamping { get; set; } = "";
    /// <summary><c>bgp_damping_half_life</c>: <see cref="ParameterCatalog.BgpDampingHalfLife"/>.</summary>
    public long BgpDampingHalfLifeMs { get; set; }
    /// <summary><c>bgp_damping_reuse</c>: <see cref="ParameterCatalog.BgpDampingReuse"/>.</summary>
    public long BgpDampingReuse { get; set; }
    /// <summary><c>bgp_damping_suppress</c>: <see cref="ParameterCatalog.BgpDampingSuppress"/>.</summary>
    public long BgpDampingSuppress { get; set; }
    /// <summary><c>bgp_damping_max_suppress</c>: <see cref="ParameterCatalog.BgpDampingMaxSuppress"/>.</summary>
    public long BgpDampingMaxSuppressMs { get; set; }
    /// <summary><c>igp_hello_interval</c>: <see cref="ParameterCatalog.IgpHelloInterval"/>.</summary>
    public long IgpHelloIntervalMs { get; set; }
    /// <summary><c>lsa_generation_delay</c>: <see cref="ParameterCatalog.LsaGenerationDelay"/>.</summary>
    public long LsaGenerationDelayMs { get; set; }
    /// <summary><c>lsa_secondary_wait</c>: <see cref="ParameterCatalog.LsaSecondaryWait"/>.</summary>
    public long LsaSecondaryWaitMs { get; set; }
    /// <summary><c>lsa_max_wait</c>: <see cref="ParameterCatalog.LsaMaxWait"/>.</summary>
    public long LsaMaxWaitMs { get; set; }
    /// <summary><c>spf_delay</c>: <see cref="ParameterCatalog.SpfDelay"/>.</summary>
    public long SpfDelayMs { get; set; }
    /// <summary><c>spf_secondary_wait</c>: <see cref="ParameterCatalog.SpfSecondaryWait"/>.</summary>
    public long SpfSecondaryWaitMs { get; set; }
    /// <summary><c>spf_max_wait</c>: <see cref="ParameterCatalog.SpfMaxWait"/>.</summary>
    public long SpfMaxWaitMs { get; set; }
    /// <summary><c>flood_per_hop</c>: <see cref="ParameterCatalog.FloodPerHop"/>.</summary>
    public long FloodPerHopMs { get; set; }
    /// <summary><c>igp_min_ls_arrival</c>: <see cref="ParameterCatalog.IgpMinLsArrival"/>.</summary>
    public long IgpMinLsArrivalMs { get; set; }
    /// <summary><c>igp_retransmit_interval</c>: <see cref="ParameterCatalog.IgpRetransmitInterval"/>.</summary>
    public long IgpRetransmitIntervalMs { get; set; }
    /// <summary><c>push_base</c>: <see cref="ParameterCatalog.PushBase"/>.</summary>
    public long PushBaseMs { get; set; }
    /// <summary><c>push_spread</c>: <see cref="ParameterCatalog.PushSpread"/>.</summary>
    public long PushSpreadMs { get; set; }
    /// <summary><c>health_check_interval</c>: <see cref="ParameterCatalog.HealthCheckInterval"/>.</summary>
    public long HealthCheckIntervalMs { get; set; }
    /// <summary><c>health_fail_threshold</c>: <see cref="ParameterCatalog.HealthFailThreshold"/>.</summary>
    public int HealthFailThreshold { get; set; }
    /// <summary><c>health_recover_threshold</c>: <see cref="ParameterCatalog.HealthRecoverThreshold"/>.</summary>
    public int HealthRecoverThreshold { get; set; }
    /// <summary><c>health_check_phase</c>: <see cref="ParameterCatalog.HealthCheckPhase"/>.</summary>
    public string HealthCheckPhase { get; set; } = "";
    /// <summary><c>local_hop</c>: <see cref="ParameterCatalog.LocalHop"/>.</summary>
    public long LocalHopMs { get; set; }
    /// <summary><c>bgp_processing</c>: <see cref="ParameterCatalog.BgpProcessing"/>.</summary>
    public long BgpProcessingMs { get; set; }
    /// <summary><c>resolver_give_up</c>: <see cref="ParameterCatalog.ResolverGiveUp"/>.</summary>
    public long ResolverGiveUpMs { get; set; }
    /// <summary><c>dns_capacity_factor</c>: <see cref="ParameterCatalog.DnsCapacityFactor"/>.</summary>
    public double DnsCapacityFactor { get; set; }
    /// <summary><c>resolver_attempts</c>: <see cref="ParameterCatalog.ResolverAttempts"/>.</summary>
    public int ResolverAttempts { get; set; }
    /// <summary><c>servfail_cache</c>: <see cref="ParameterCatalog.ServfailCache"/>.</summary>
    public long ServfailCacheMs { get; set; }
    /// <summary><c>resolver_rtt</c>: <see cref="ParameterCatalog.ResolverRtt"/>.</summary>
    public long ResolverRttMs { get; set; }
    /// <summary><c>resolver_timeout</c>: <see cref="ParameterCatalog.ResolverTimeout"/>.</summary>
    public long ResolverTimeoutMs { get; set; }
    /// <summary><c>resolver_server_selection</c>: <see cref="ParameterCatalog.ResolverServerSelection"/>.</summary>
    public string ResolverServerSelection { get; set; } = "";
    /// <summary><c>baseline_servfail_ratio</c>: <see cref="ParameterCatalog.BaselineServfailRatio"/>.</summary>
    public double BaselineServfailRatio { get; set; }
    /// <summary><c>baseline_nxdomain_ratio</c>: <see cref="ParameterCatalog.BaselineNxdomainRatio"/>.</summary>
    public double BaselineNxdomainRatio { get; set; }
    /// <summary><c>negative_ttl</c>: <see cref="ParameterCatalog.NegativeTtl"/>.</summary>
    public long NegativeTtlMs { get; set; }
    /// <summary><c>stale_refresh</c>: <see cref="ParameterCatalog.StaleRefresh"/>.</summary>
    public long StaleRefreshMs { get; set; }
    /// <summary><c>app_retry_interval</c>: <see cref="ParameterCatalog.AppRetryInterval"/>.</summary>
    public long AppRetryIntervalMs { get; set; }
    /// <summary><c>active_user_fraction</c>: <see cref="ParameterCatalog.ActiveUserFraction"/>.</summary>
    public double ActiveUserFraction { get; set; }
    /// <summary><c>dc_idle_power_fraction</c>: <see cref="ParameterCatalog.DcIdlePowerFraction"/>.</summary>
    public double DcIdlePowerFraction { get; set; }
    /// <summary><c>dc_cache_cool</c>: <see cref="ParameterCatalog.DcCacheCool"/>.</summary>
    public long DcCacheCoolMs { get; set; }
    /// <summary><c>dc_cache_warm</c>: <see cref="ParameterCatalog.DcCacheWarm"/>.</summary>
    public long DcCacheWarmMs { get; set; }
    /// <summary><c>dc_cold_capacity</c>: <see cref="ParameterCatalog.DcColdCapacity"/>.</summary>
    public double DcColdCapacity { get; set; }
    /// <summary><c>dc_warm_capacity</c>: <see cref="ParameterCatalog.DcWarmCapacity"/>.</summary>
    public double DcWarmCapacity { get; set; }
    /// <summary><c>dc_trip_recovery</c>: <see cref="ParameterCatalog.DcTripRecovery"/>.</summary>
    public long DcTripRecoveryMs { get; set; }
    /// <summary><c>dc_auto_ramp</c>: <see cref="ParameterCatalog.DcAutoRamp"/>.</summary>
    public long DcAutoRampMs { get; set; }
    /// <summary><c>dc_retries</c>: <see cref="ParameterCatalog.DcRetries"/>.</summary>
    public int DcRetries { get; set; }
    /// <summary><c>dc_overload_waste</c>: <see cref="ParameterCatalog.DcOverloadWaste"/>.</summary>
    public double DcOverloadWaste { get; set; }
    /// <summary><c>dc_crash_ratio</c>: <see cref="ParameterCatalog.DcCrashRatio"/>.</summary>
    public double DcCrashRatio { get; set; }
    /// <summary><c>dc_shed_after</c>: <see cref="ParameterCatalog.DcShedAfter"/>.</summary>
    public long DcShedAfterMs { get; set; }
    /// <summary><c>dc_backend_restart</c>: <see cref="ParameterCatalog.DcBackendRestart"/>.</summary>
    public long DcBackendRestartMs { get; set; }
    /// <summary><c>dc_power_step_limit</c>: <see cref="ParameterCatalog.DcPowerStepLimit"/>.</summary>
    public double DcPowerStepLimit { get; set; }
    /// <summary><c>dc_power_settle</c>: <see cref="ParameterCatalog.DcPowerSettle"/>.</summary>
    public long DcPowerSettleMs { get; set; }
    /// <summary><c>dc_breaker_reset</c>: <see cref="ParameterCatalog.DcBreakerReset"/>.</summary>
    public long DcBreakerResetMs { get; set; }
    /// <summary><c>dc_control_step</c>: <see cref="ParameterCatalog.DcControlStep"/>.</summary>
    public long DcControlStepMs { get; set; }
    /// <summary><c>bgp_mrai</c>: <see cref="ParameterCatalog.BgpMrai"/>.</summary>
    public long BgpMraiMs { get; set; }
    /// <summary><c>mbps_per_active_user</c>: <see cref="ParameterCatalog.MbpsPerActiveUser"/>.</summary>
    public double MbpsPerActiveUser { get; set; }
    /// <summary><c>backbone_traffic_share</c>: <see cref="ParameterCatalog.BackboneTrafficShare"/>.</summary>
    public double BackboneTrafficShare { get; set; }
    /// <summary><c>upstream_ratio</c>: <see cref="ParameterCatalog.UpstreamRatio"/>.</summary>
    public double UpstreamRatio { get; set; }
    /// <summary><c>dc_replication_gbps</c>: <see cref="ParameterCatalog.DcReplicationGbps"/>.</summary>
    public double DcReplicationGbps { get; set; }
    /// <summary><c>internal_tools_gbps</c>: <see cref="ParameterCatalog.InternalToolsGbps"/>.</summary>
    public double InternalToolsGbps { get; set; }
    /// <summary><c>front_end_check_interval</c>: <see cref="ParameterCatalog.FrontEndCheckInterval"/>.</summary>
    public long FrontEndCheckIntervalMs { get; set; }
    /// <summary><c>front_end_fall</c>: <see cref="ParameterCatalog.FrontEndFall"/>.</summary>
    public int FrontEndFall { get; set; }
    /// <summary><c>front_end_rise</c>: <see cref="ParameterCatalog.FrontEndRise"/>.</summary>
    public int FrontEndRise { get; set; }
    /// <summary><c>bgp_export_batch</c>: <see cref="ParameterCatalog.BgpExportBatch"/>.</summary>
    public long BgpExportBatchMs { get; set; }
    /// <summary><c>bgp_hold</c>: <see cref="ParameterCatalog.BgpHold"/>.</summary>
    public long BgpHoldMs { get; set; }
    /// <summary><c>bgp_graceful_restart</c>: <see cref="ParameterCatalog.BgpGracefulRestart"/>.</summary>
    public long BgpGracefulRestartMs { get; set; }
    /// <summary><c>igp_graceful_restart</c>: <see cref="ParameterCatalog.IgpGracefulRestart"/>.</summary>
    public long IgpGracefulRestartMs { get; set; }
    /// <summary><c>igp_hold</c>: <see cref="ParameterCatalog.IgpHold"/>.</summary>
    public long IgpHoldMs { get; set; }
    /// <summary><c>bfd_interval</c>: <see cref="ParameterCatalog.BfdInterval"/>.</summary>
    public long BfdIntervalMs { get; set; }
    /// <summary><c>bfd_multiplier</c>: <see cref="ParameterCatalog.BfdMultiplier"/>.</summary>
    public int BfdMultiplier { get; set; }
    /// <summary><c>bgp_routes_per_second</c>: <see cref="ParameterCatalog.BgpRoutesPerSecond"/>.</summary>
    public long BgpRoutesPerSecond { get; set; }
    /// <summary><c>substitute_step</c>: <see cref="ParameterCatalog.SubstituteStep"/>.</summary>
    public long SubstituteStepMs { get; set; }
    /// <summary><c>control_plane_reboot</c>: <see cref="ParameterCatalog.ControlPlaneReboot"/>.</summary>
    public long ControlPlaneRebootMs { get; set; }
    /// <summary><c>ecmp_max_paths</c>: <see cref="ParameterCatalog.EcmpMaxPaths"/>.</summary>
    public int EcmpMaxPaths { get; set; }
    /// <summary><c>fib_programming_base</c>: <see cref="ParameterCatalog.FibProgrammingBase"/>.</summary>
    public long FibProgrammingBaseMs { get; set; }
    /// <summary><c>fib_entries_per_second</c>: <see cref="ParameterCatalog.FibEntriesPerSecond"/>.</summary>
    public long FibEntriesPerSecond { get; set; }
    /// <summary><c>fib_fail_static</c>: <see cref="ParameterCatalog.FibFailStatic"/>.</summary>
    public long FibFailStaticMs { get; set; }
    /// <summary><c>traffic_step</c>: <see cref="ParameterCatalog.TrafficStep"/>.</summary>
    public long TrafficStepMs { get; set; }
    /// <summary><c>delivery_hold</c>: <see cref="ParameterCatalog.DeliveryHold"/>.</summary>
    public long DeliveryHoldMs { get; set; }
}
