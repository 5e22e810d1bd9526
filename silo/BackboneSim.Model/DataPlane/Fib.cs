using System.Net;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.DataPlane;

/// <summary>
/// A router's forwarding table: entries per prefix, found by longest-prefix match (RFC 1812 §5.2.4.3). The control
/// plane writes it only through <see cref="FibProgramming"/> (with the delay real routers take); the data plane
/// itself does two things without the control plane:
/// <list type="bullet">
/// <item><b>Local repair</b> (<see cref="InterfaceDown"/>): when a local interface goes down the forwarding hardware
/// drops the next hops through it from every entry at once, as line cards do on loss of signal and as a
/// hierarchical FIB (BGP PIC, draft-ietf-rtgwg-bgp-pic) does in time independent of the number of prefixes; entries
/// left with no next hop are removed. Nothing else changes until the control plane reprograms.</item>
/// <item><b>Fail-static</b> (<see cref="ControlPlaneDown"/>): when the control plane dies the entries stay and go on
/// forwarding, marked stale, as with graceful restart / non-stop forwarding (RFC 4724 §4.1; FRR keeps a restarting
/// bgpd's routes in zebra for <c>bgp graceful-restart rib-stale-time</c>); they are flushed once the fail-static
/// time has passed unless the control plane came back first. A returned control plane reprograms what it still
/// wants (clearing the stale mark) and sweeps the rest (<see cref="FlushStale"/>).</item>
/// </list>
/// Every operation returns what changed, in <see cref="Prefix"/> order, so a caller can emit events.
/// </summary>
public sealed class Fib : IForwardingTable
{
    private readonly PrefixTrie<FibEntry> _entries = new();

    /// <param name="failStaticMs">How long stale entries are kept after the control plane dies (<c>fib_fail_static</c>).</param>
    public Fib(long failStaticMs)
    {
        if (failStaticMs < 0) throw new ArgumentOutOfRangeException(nameof(failStaticMs), failStaticMs, "not negative");
        FailStaticMs = failStaticMs;
    }

    public long FailStaticMs { get; }
    public int Count => _entries.Count;
    /// <summary>Whether the control plane that programs this FIB is alive.</summary>
    public bool ControlPlaneAlive { get; private set; } = true;
    /// <summary>When stale entries are flushed, while the control plane is down; null otherwise.</summary>
    public long? FlushAtMs { get; private set; }

    /// <summary>Longest-prefix match; null when no entry covers the destination (its traffic is dropped).</summary>
    public FibEntry? Lookup(Prefix destination) => _entries.TryLongestMatch(destination, out _, out var e) ? e : null;

    public FibEntry? Lookup(IPAddress destination) => Lookup(Prefix.Host(destination));

    /// <summary>The entry for exactly <paramref name="prefix"/>.</summary>
    public FibEntry? Get(Prefix prefix) => _entries.TryGet(prefix, out var e) ? e : null;

    /// <summary>Every entry, in <see cref="Prefix"/> order.</summary>
    public IEnumerable<FibEntry> Entries => _entries.Entries().Select(e => e.Value);

    /// <summary>Writes a programmed batch: each prefix gets its next hops (fresh, not stale) or is removed.</summary>
    public IReadOnlyList<FibChange> Write(IEnumerable<FibWrite> writes)
    {
        var changes = new SortedDictionary<Prefix, FibChange>();
        foreach (var w in writes)
        {
            var old = Get(w.Prefix);
            var now = w.IsRemoval ? null : new FibEntry(w.Prefix, w.NextHops);
            if (now is null) _entries.Remove(w.Prefix); else _entries.Set(w.Prefix, now);
            Record(changes, w.Prefix, old, now);
        }
        return Settled(changes);
    }

    /// <summary>
    /// Local repair: the interface (link index) went down. Next hops through it leave every entry at once; entries
    /// left with none are removed. Returns the entries that changed.
    /// </summary>
    public IReadOnlyList<FibChange> InterfaceDown(int @interface)
    {
        var changes = new List<FibChange>();
        foreach (var old in Entries.Where(e => e.NextHops.Any(h => h.Interface == @interface)).ToList())
        {
            var left = old.NextHops.Where(h => h.Interface != @interface).ToList();
            var now = left.Count == 0 ? null : new FibEntry(old.Prefix, left, old.Stale);
            if (now is null) _entries.Remove(old.Prefix); else _entries.Set(old.Prefix, now);
            changes.Add(new FibChange(old.Prefix, old, now));
        }
        return changes;
    }

    /// <summary>
    /// Fail-static: the control plane died at <paramref name="nowMs"/>. Every entry stays and is marked stale; they
    /// are flushed at now + <see cref="FailStaticMs"/> (<see cref="FlushStaleIfDue"/>) unless the control plane comes
    /// back first. Returns the entries newly marked stale.
    /// </summary>
    public IReadOnlyList<FibChange> ControlPlaneDown(long nowMs)
    {
        if (!ControlPlaneAlive) return [];
        ControlPlaneAlive = false;
        FlushAtMs = nowMs + FailStaticMs;
        return MarkAllStale();
    }

    /// <summary>The control plane is back: the flush is called off. Entries stay stale until it reprograms them
    /// (a <see cref="Write"/>) or sweeps them (<see cref="FlushStale"/>).</summary>
    public void ControlPlaneUp()
    {
        ControlPlaneAlive = true;
        FlushAtMs = null;
    }

    /// <summary>Flushes the stale entries if the control plane is still down and the fail-static time has passed at
    /// <paramref name="nowMs"/>; returns the entries removed (none otherwise).</summary>
    public IReadOnlyList<FibChange> FlushStaleIfDue(long nowMs)
    {
        if (ControlPlaneAlive || FlushAtMs is not { } at || nowMs < at) return [];
        FlushAtMs = null;
        return FlushStale();
    }

    /// <summary>Removes every stale entry now (a returned control plane's sweep of what it did not reprogram).</summary>
    public IReadOnlyList<FibChange> FlushStale()
    {
        var changes = new List<FibChange>();
        foreach (var old in Entries.Where(e => e.Stale).ToList())
        {
            _entries.Remove(old.Prefix);
            changes.Add(new FibChange(old.Prefix, old, null));
        }
        return changes;
    }

    private List<FibChange> MarkAllStale()
    {
        var changes = new List<FibChange>();
        foreach (var old in Entries.Where(e => !e.Stale).ToList())
        {
            var now = old.WithStale(true);
            _entries.Set(old.Prefix, now);
            changes.Add(new FibChange(old.Prefix, old, now));
        }
        return changes;
    }

    /// <summary>Keeps the first old and the last new entry of a prefix written more than once.</summary>
    private static void Record(SortedDictionary<Prefix, FibChange> changes, Prefix prefix, FibEntry? old, FibEntry? now) =>
        changes[prefix] = changes.TryGetValue(prefix, out var earlier) ? earlier with { New = now } : new FibChange(prefix, old, now);

    private static IReadOnlyList<FibChange> Settled(SortedDictionary<Prefix, FibChange> changes) =>
        changes.Values.Where(c => !Equals(c.Old, c.New)).ToList();
}
