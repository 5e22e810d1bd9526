using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// What one resolver cohort runs with: its own settings (<see cref="ResolverSpec.Settings"/>) where it has them, the
/// parameters' otherwise. Every part of the cohort reads its timeouts, attempts, give-up, nameserver selection and
/// background rates from here, never from the parameters directly, so a cohort's own values reach all of them.
/// </summary>
/// <param name="RttSelection">Nameservers are picked by smoothed round-trip time (<c>server_selection: rtt</c>, as
/// Unbound's infrastructure cache and BIND's SRTT do): a nameserver that times out is not tried first again, so while
/// some nameserver answers a resolution waits for no timeout. Otherwise (<c>ordered</c>) every resolution tries the
/// delegation's nameservers in order, with no memory of the dead ones.</param>
/// <param name="BaselineServfailRatio">Share of the queries for names that resolve answered SERVFAIL anyway on a
/// normal day (broken delegations, DNSSEC validation failures elsewhere in the cohort's traffic).</param>
/// <param name="BaselineNxdomainRatio">Share of those queries answered NXDOMAIN on a normal day (typos, probes,
/// names that never existed).</param>
public sealed record ResolverTimings(long TimeoutMs, int Attempts, long GiveUpMs, bool RttSelection, double BaselineServfailRatio, double BaselineNxdomainRatio)
{
    public static ResolverTimings Of(ResolverSpec spec, ModelParameters p)
    {
        var s = spec.Settings;
        return new(s.TimeoutMs ?? p.ResolverTimeoutMs, s.Attempts ?? p.ResolverAttempts, s.GiveUpMs ?? p.ResolverGiveUpMs,
            (s.ServerSelection ?? p.ResolverServerSelection) == "rtt", s.BaselineServfailRatio ?? p.BaselineServfailRatio,
            s.BaselineNxdomainRatio ?? p.BaselineNxdomainRatio);
    }
}
