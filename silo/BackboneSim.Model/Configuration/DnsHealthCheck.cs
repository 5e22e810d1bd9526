using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Configuration;

/// <summary>
/// One DNS server's health check as configured: how often it checks, after how many failing checks it withdraws
/// and after how many passing ones it announces again, whether it withdraws at all, and what it checks: whether its
/// gateway's IGP reaches a data center (the default), or whether probe packets sent through its gateway arrive at a
/// data center's border router over the FIBs (<paramref name="DataPlaneProbe"/>), which also sees what the IGP does
/// not: a blackhole, an ACL, a congested path. Its checks run at a phase of its own, drawn at the start, unless
/// <paramref name="AlignedPhase"/>: then at every multiple of the interval from the start of the run, as every other
/// aligned server's.
/// </summary>
public sealed record DnsHealthCheck(long IntervalMs, int FailThreshold, int RecoverThreshold, bool WithdrawWhenUnhealthy, bool DataPlaneProbe = false,
    bool AlignedPhase = false)
{
    /// <summary>The global defaults: <c>parameters:</c> and the topology's <c>dns: unhealthy</c>.</summary>
    public static DnsHealthCheck Default(ModelParameters p, DnsServerSpec spec)
        => new(p.HealthCheckIntervalMs, p.HealthFailThreshold, p.HealthRecoverThreshold, spec.WithdrawWhenUnhealthy,
            AlignedPhase: p.HealthCheckPhase == "aligned");

    public DnsHealthCheck With(DnsHealthSetting s) => new(s.IntervalMs ?? IntervalMs, s.FailThreshold ?? FailThreshold,
        s.RecoverThreshold ?? RecoverThreshold, s.WithdrawWhenUnhealthy ?? WithdrawWhenUnhealthy, s.DataPlaneProbe ?? DataPlaneProbe, s.AlignedPhase ?? AlignedPhase);
}
