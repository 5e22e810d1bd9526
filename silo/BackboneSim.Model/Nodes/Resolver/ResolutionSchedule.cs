using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// When what a resolver cohort answers for a name next changes, and what it changes to: after anything that changes
/// a name's prospects (nameserver reachability, zone content, delegation) it works out the end of the resolution
/// that will decide it, assuming nothing else changes meanwhile, and sets one timer; when that ends the answer
/// becomes fresh, stale (RFC 8767), SERVFAIL or NXDOMAIN, and the client cohorts hear of it.
/// </summary>
internal sealed class ResolutionSchedule(ResolverSpec spec, ModelParameters parameters, ResolverTimings timings, ResolverLoad load)
{
    /// <summary>Timer for one name: a resolution whose outcome changes what the cohort answers ends.</summary>
    public sealed record ResolutionEnds(string Service);

    public void Reschedule(NodeContext ctx, ResolverName n, long cause, bool parentRoundTrip = false)
    {
        var latency = AuthorityReachability.LatencyTimeouts(n.Reachable, n.Timeouts) * timings.TimeoutMs;
        long at;
        switch (n.Answer)
        {
            case ResolverAnswer.Fresh:
                n.Resolution.CancelAll(ctx);
                n.AttemptStart = -1;
                if (n.Reachable && n.InZone) return; // refreshes keep succeeding
                // The cached answer serves until its next expiry; the refresh then runs into timeouts and gives up, or
                // comes back NXDOMAIN.
                var expiry = ResolverName.NextOnGrid(ctx.Now, n.Phase, n.TtlMs);
                at = n.Reachable ? expiry + latency + parameters.ResolverRttMs : expiry + GiveUp(n);
                break;
            case ResolverAnswer.Stale or ResolverAnswer.Servfail:
                if (!n.Reachable) { Cancel(ctx, n); return; }
                // Clients keep asking, so the next resolution starts when the cached failure (or the stale-refresh
                // wait) runs out.
                if (!StartAttempt(ctx, n, n.Answer == ResolverAnswer.Stale ? parameters.StaleRefreshMs : parameters.ServfailCacheMs, parentRoundTrip)) return;
                at = n.AttemptStart + n.AttemptExtraMs + latency + parameters.ResolverRttMs;
                break;
            default: // NXDOMAIN: true while the zone lacks the name; once it is back, it holds until the negative cache runs out
                if (!n.InZone) { Cancel(ctx, n); return; }
                if (!StartAttempt(ctx, n, parameters.NegativeTtlMs, parentRoundTrip)) return;
                at = n.AttemptStart + n.AttemptExtraMs + (n.Reachable ? latency + parameters.ResolverRttMs : GiveUp(n));
                break;
        }
        n.Resolution.CancelAll(ctx);
        n.Resolution.Set(ctx, at, new ResolutionEnds(n.Name), cause);
    }

    /// <summary>
    /// How long a resolution with no nameserver answering takes to fail: the give-up time when some nameserver has a route
    /// that leads nowhere (the resolver waits out timeouts and retries), one round trip per nameserver when none has a
    /// route at all: a router without a route answers ICMP unreachable (RFC 1812 §5.2.7.1), UDP hands it to the
    /// resolver (RFC 1122 §4.1.3.3; Unbound's connected UDP sockets, <c>udp-connect: yes</c>, see it), and the resolver
    /// moves on at once.
    /// </summary>
    private long GiveUp(ResolverName n) => n.Timeouts > 0 ? timings.GiveUpMs : Math.Max(1, n.Nameservers.Length) * parameters.ResolverRttMs;

    /// <summary>
    /// Draws when the pending resolution starts (uniform in [0, wait): the cohort's instances cached the failure or
    /// negative answer at different times), unless one is already pending. False if it has already started: its
    /// outcome is decided when it ends.
    /// </summary>
    private bool StartAttempt(NodeContext ctx, ResolverName n, long wait, bool parentRoundTrip)
    {
        if (n.AttemptStart < 0)
        {
            n.AttemptStart = ctx.Now + ctx.Random.NextLong(0, Math.Max(1, wait));
            n.AttemptExtraMs = parentRoundTrip ? parameters.ResolverRttMs : 0;
            return true;
        }
        if (parentRoundTrip) n.AttemptExtraMs = parameters.ResolverRttMs;
        return ctx.Now < n.AttemptStart;
    }

    private static void Cancel(NodeContext ctx, ResolverName n)
    {
        n.Resolution.CancelAll(ctx);
        n.AttemptStart = -1;
    }

    /// <summary>A resolution ended: its outcome follows from the name's state now.</summary>
    public void OnResolved(NodeContext ctx, ResolverName n)
    {
        n.AttemptStart = -1;
        ResolverAnswer next;
        if (!n.Reachable)
            // An expired record may be served stale; an expired NXDOMAIN is not (the model serves only data).
            next = spec.ServeStale && n.Answer is ResolverAnswer.Fresh or ResolverAnswer.Stale ? ResolverAnswer.Stale : ResolverAnswer.Servfail;
        else next = n.InZone ? ResolverAnswer.Fresh : ResolverAnswer.Nxdomain;
        if (next == n.Answer && next != ResolverAnswer.Nxdomain) return;
        var wasNxdomain = n.Answer == ResolverAnswer.Nxdomain;
        n.Answer = next;
        long e;
        switch (next)
        {
            case ResolverAnswer.Fresh:
                n.Phase = ctx.Now % n.TtlMs; // freshly cached now: the refresh grid restarts here
                e = ctx.Emit(new ResolverResolving(spec.Name, n.Name), ctx.CurrentCause);
                break;
            case ResolverAnswer.Stale: e = ctx.Emit(new ResolverServingStale(spec.Name, n.Name), ctx.CurrentCause); break;
            case ResolverAnswer.Servfail: e = ctx.Emit(new ResolverServfail(spec.Name, n.Name), ctx.CurrentCause); break;
            default:
                if (wasNxdomain) return; // re-cached: nothing changes for the clients
                e = ctx.Emit(new ResolverNxdomain(spec.Name, n.Name, parameters.NegativeTtlMs), ctx.CurrentCause);
                break;
        }
        foreach (var client in load.Clients)
            ctx.Send(client, Math.Max(ctx.Lookahead, parameters.ResolverRttMs), new DnsAnswerStatus { Service = n.Name, Answering = n.Answering }, e);
        load.Report(ctx, e);
    }
}
