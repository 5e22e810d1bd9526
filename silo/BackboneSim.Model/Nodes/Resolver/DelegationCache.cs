using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The delegations (NS sets) a resolver cohort has cached from the parent zone. A change in the parent takes effect
/// only when the cached NS set expires, on the name's NS grid (its phase drawn the first time it matters); the next
/// resolution then asks the parent first (one more round trip). A rollback of the push that changed a delegation
/// restores what the parent held before it.
/// </summary>
internal sealed class DelegationCache(ResolverSpec spec, IReadOnlyDictionary<string, ResolverName> names, AuthorityReachability authority,
    ResolverLoad load, ResolutionSchedule schedule)
{
    /// <summary>The parent's delegations before each push that changed them, by push name: what its rollback restores.</summary>
    private readonly Dictionary<string, Dictionary<string, string[]>> _before = new(StringComparer.Ordinal);

    /// <summary>Timer for one name: its cached NS set expires and the parent's delegation is fetched.</summary>
    public sealed record NsCacheExpires(string Service);

    public void OnDelegation(NodeContext ctx, DelegationUpdate update)
    {
        IEnumerable<(string Service, string[] Nameservers)> edits;
        if (update.RestoreOf is { } undo)
        {
            if (!_before.Remove(undo, out var before)) return;
            edits = before.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value));
        }
        else
        {
            var before = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var edit in update.Edits.Where(e => names.ContainsKey(e.Service))) before.TryAdd(edit.Service, names[edit.Service].Delegation);
            _before.TryAdd(update.Action, before);
            edits = update.Edits.Select(e => (e.Service, e.Nameservers));
        }
        foreach (var (service, nameservers) in edits)
        {
            if (!names.TryGetValue(service, out var n)) continue;
            n.Delegation = nameservers;
            n.NsExpiry.CancelAll(ctx);
            if (n.Delegation.SequenceEqual(n.Nameservers, StringComparer.Ordinal)) continue;
            n.NsPhase ??= ctx.Random.NextLong(0, n.NsTtlMs);
            var expiry = ResolverName.NextOnGrid(ctx.Now, n.NsPhase.Value, n.NsTtlMs);
            n.NsExpiry.Set(ctx, expiry, new NsCacheExpires(n.Name), ctx.CurrentCause);
        }
    }

    /// <summary>The cached NS set expired: the next resolution asks the parent first (one more round trip) and uses
    /// the delegation it gets from now on.</summary>
    public void OnExpiry(NodeContext ctx, ResolverName n)
    {
        foreach (var p in n.Delegation.Where(x => !Nameserver.IsExternal(x))) authority.Track(p);
        n.Nameservers = n.Delegation;
        (n.Reachable, n.Timeouts) = authority.Probe(n.Nameservers);
        var e = ctx.Emit(new ResolverDelegation(spec.Name, n.Name, n.Nameservers, n.Reachable, AuthorityReachability.LatencyTimeouts(n.Reachable, n.Timeouts)),
            ctx.CurrentCause);
        load.Report(ctx, e);
        schedule.Reschedule(ctx, n, e, parentRoundTrip: true);
    }
}
