using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The MinRouteAdvertisementInterval of one BGP speaker towards its peers (RFC 4271 §9.2.1.1), in one of two scopes:
/// <list type="bullet">
/// <item><c>peer</c>: one timer per peer, as FRR's bgpd (<c>advertisement-interval</c>, the peer's routeadv timer)
/// and Cisco IOS run it: any UPDATE sent to the peer starts it, a withdrawal included, and while it runs every change
/// for that peer waits; when it ends, everything that changed meanwhile goes out together and starts it again.</item>
/// <item><c>prefix</c>: one timer per peer and destination, as RFC 4271 §9.2.1.1 defines it: only an advertisement
/// starts it, for that prefix alone.</item>
/// </list>
/// Withdrawals are sent at once in both scopes (§9.2.1.1: the interval does not apply to unfeasible routes) unless
/// <c>bgp_mrai_withdrawals: paced</c>, when they wait like advertisements. Each start is jittered by a uniform factor
/// in <c>bgp_mrai_jitter</c>–1.0 (0.75 by default, RFC 4271 §10; 1 for FRR's bgpd, which does not jitter). It decides when, not what: the speaker works out what to send when asked.
/// </summary>
public sealed class MraiPacer(ModelParameters p)
{
    /// <summary>Timer: a peer's MRAI (<paramref name="Prefix"/> null) or one prefix's towards it ended.</summary>
    public sealed record Expired(int Peer, string? Prefix, int Generation);

    private readonly bool _perPeer = p.BgpMraiScope == "peer";
    private readonly bool _pacedWithdrawals = p.BgpMraiWithdrawals == "paced";
    /// <summary>The running interval per peer (per-peer scope) or per (peer, prefix): when it started and ends, and its
    /// generation (a timer of an earlier one is ignored).</summary>
    private readonly Dictionary<(int Peer, string? Prefix), (long Started, long Until, int Generation)> _running = new();
    /// <summary>What waits for a peer's interval to end: prefix → the latest change that made it due.</summary>
    private readonly Dictionary<int, SortedDictionary<string, long>> _waiting = new();
    private int _generation;

    /// <summary>Whether a change of <paramref name="prefix"/> to <paramref name="peer"/> may go out now; if not it is
    /// remembered, and <see cref="OnExpired"/> hands it back when the interval ends.</summary>
    /// <param name="withdrawal">The change withdraws the route.</param>
    public bool MaySend(NodeContext ctx, int peer, string prefix, bool withdrawal, long cause)
    {
        if (p.BgpMraiMs <= 0 || withdrawal && !_pacedWithdrawals) return true;
        // An interval that started at this very instant was started by the batch going out now: it joins it.
        if (!_running.TryGetValue(Key(peer, prefix), out var running) || ctx.Now >= running.Until || running.Started == ctx.Now) return true;
        if (!_waiting.TryGetValue(peer, out var waiting)) _waiting[peer] = waiting = new SortedDictionary<string, long>(StringComparer.Ordinal);
        waiting[prefix] = cause;
        return false;
    }

    /// <summary>Nothing is due any more for this prefix (what is to be sent equals what was sent).</summary>
    public void Settled(int peer, string prefix)
    {
        if (_waiting.TryGetValue(peer, out var waiting)) waiting.Remove(prefix);
    }

    /// <summary>An UPDATE for <paramref name="prefix"/> went to <paramref name="peer"/>: start the interval it starts.</summary>
    public void Sent(NodeContext ctx, int peer, string prefix, bool withdrawal, long cause)
    {
        if (p.BgpMraiMs <= 0) return;
        // Per destination only an advertisement starts it; per peer every UPDATE does.
        if (!_perPeer && withdrawal) return;
        var key = Key(peer, prefix);
        if (_running.TryGetValue(key, out var running) && ctx.Now < running.Until)
        {
            // Per peer, FRR's bgpd measures the interval from the last UPDATE sent to the peer (bgp_adjust_routeadv:
            // peer->last_update), so a withdrawal that went out at once while it ran starts it again (found by the
            // ground-truth harness). Anything sent at the instant it started belongs to that batch.
            if (!(_perPeer && withdrawal && !_pacedWithdrawals && ctx.Now > running.Started)) return;
        }
        // bgp_mrai × U[jitter, 1]: the default 0.75 is RFC 4271 §10's, 1 is FRR's bgpd (no jitter). The draw is made
        // whatever the bound, so the bound moves no other random number (and 0.75 + 0.25 × r is the same double as ever).
        var r = ctx.Random.NextDouble();
        var until = ctx.Now + (long)(p.BgpMraiMs * (p.BgpMraiJitter + (1 - p.BgpMraiJitter) * r));
        _running[key] = (ctx.Now, until, ++_generation);
        ctx.SetTimer(until, new Expired(peer, key.Prefix, _generation), cause);
    }

    /// <summary>The interval ended: the prefixes that waited for it, with their causes, in prefix order (none when the
    /// timer is an old one).</summary>
    public IReadOnlyList<(string Prefix, long Cause)> OnExpired(Expired timer)
    {
        if (!_running.TryGetValue((timer.Peer, timer.Prefix), out var running) || running.Generation != timer.Generation) return [];
        _running.Remove((timer.Peer, timer.Prefix));
        if (!_waiting.TryGetValue(timer.Peer, out var waiting)) return [];
        if (timer.Prefix is { } one)
            return waiting.Remove(one, out var cause) ? [(one, cause)] : [];
        var due = waiting.Select(kv => (kv.Key, kv.Value)).ToList();
        waiting.Clear();
        return due;
    }

    private (int Peer, string? Prefix) Key(int peer, string prefix) => _perPeer ? (peer, null) : (peer, prefix);
}
