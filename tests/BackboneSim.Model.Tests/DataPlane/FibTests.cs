using System.Net;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.Tests.DataPlane;

/// <summary>FIB programming delay, lookups, local repair and fail-static, with hand-computed times.</summary>
public class FibTests
{
    private static Prefix P(string text) => Prefix.Parse(text);
    private static readonly NextHop H1 = new(1, 11), H2 = new(2, 12), H3 = new(3, 13);

    private static RibDiff Routes(Rib rib, params (string Prefix, NextHop[] Hops)[] routes) =>
        rib.Apply(routes.Select(r => new RibUpdate.Announce(new RibRoute(P(r.Prefix), RouteSource.IsIs, r.Hops, 10))));

    private static (Fib Fib, FibProgramming Programming, Rib Rib) Programmed(params (string Prefix, NextHop[] Hops)[] routes)
    {
        var (fib, prog, rib) = (new Fib(failStaticMs: 500_000), new FibProgramming(baseMs: 10, entriesPerSecond: 10_000), new Rib(64));
        var batch = prog.Submit(Routes(rib, routes), nowMs: 0)!;
        prog.ApplyDue(fib, batch.ReadyMs);
        return (fib, prog, rib);
    }

    [Theory]
    [InlineData(1, 11)]        // 10 + ⌈0.1⌉
    [InlineData(50, 15)]       // 10 + 50 × 0.1
    [InlineData(10_000, 1_010)] // 10 + 10,000 × 0.1
    [InlineData(3, 11)]        // 10 + ⌈0.3⌉
    public void Delay_is_base_plus_entries_times_the_per_entry_time(int entries, long expectedMs)
    {
        Assert.Equal(expectedMs, new FibProgramming(10, 10_000).DelayMs(entries));
    }

    [Fact]
    public void A_batch_of_N_changed_entries_is_applied_exactly_base_plus_N_per_entry_later()
    {
        var (fib, prog, rib) = (new Fib(500_000), new FibProgramming(baseMs: 10, entriesPerSecond: 1_000), new Rib(64));
        var diff = Routes(rib, ("10.1.0.0/16", [H1]), ("10.2.0.0/16", [H1]), ("10.3.0.0/16", [H2]));
        var batch = prog.Submit(diff, nowMs: 1_000)!;
        Assert.Equal(1_000 + 10 + 3 * 1, batch.ReadyMs);
        Assert.Equal(batch.ReadyMs, prog.NextReadyMs);
        Assert.Empty(prog.ApplyDue(fib, 1_012));
        Assert.Null(fib.Lookup(IPAddress.Parse("10.1.0.1")));
        var applied = prog.ApplyDue(fib, 1_013);
        Assert.Equal([P("10.1.0.0/16"), P("10.2.0.0/16"), P("10.3.0.0/16")], applied.Select(c => c.Prefix));
        Assert.Equal([H1], fib.Lookup(IPAddress.Parse("10.1.0.1"))!.NextHops);
        Assert.Null(prog.NextReadyMs);
    }

    [Fact]
    public void Batches_are_programmed_one_after_another_and_metric_only_changes_write_nothing()
    {
        var (fib, prog, rib) = (new Fib(500_000), new FibProgramming(baseMs: 10, entriesPerSecond: 1_000), new Rib(64));
        var first = prog.Submit(Routes(rib, ("10.1.0.0/16", [H1]), ("10.2.0.0/16", [H1])), nowMs: 0)!;   // 0 → 12
        var second = prog.Submit(Routes(rib, ("10.3.0.0/16", [H2])), nowMs: 5)!;                          // 12 → 23
        Assert.Equal((0, 12), (first.StartMs, first.ReadyMs));
        Assert.Equal((12, 23), (second.StartMs, second.ReadyMs));
        Assert.Null(prog.Submit(rib.Announce(new RibRoute(P("10.1.0.0/16"), RouteSource.IsIs, [H1], metric: 99)), nowMs: 6));
        Assert.Equal(2, prog.ApplyDue(fib, 22).Count);
        Assert.Single(prog.ApplyDue(fib, 23));
        Assert.Equal(3, fib.Count);
        // A withdrawal is a write too: the entry goes.
        var gone = prog.Submit(rib.Withdraw(P("10.3.0.0/16"), RouteSource.IsIs), nowMs: 100)!;
        Assert.Equal(100 + 10 + 1, gone.ReadyMs);
        var removed = Assert.Single(prog.ApplyDue(fib, gone.ReadyMs));
        Assert.Null(removed.New);
        Assert.Equal(2, fib.Count);
    }

    [Fact]
    public void Lookup_is_longest_prefix_match_with_equal_shares()
    {
        var (fib, _, _) = Programmed(("0.0.0.0/0", [H3]), ("10.1.0.0/16", [H1, H2]), ("10.1.2.0/24", [H2]), ("2001:db8::/32", [H1]));
        Assert.Equal([(H1, 0.5), (H2, 0.5)], fib.Lookup(IPAddress.Parse("10.1.9.9"))!.Shares);
        Assert.Equal([(H2, 1.0)], fib.Lookup(IPAddress.Parse("10.1.2.9"))!.Shares);
        Assert.Equal(P("0.0.0.0/0"), fib.Lookup(IPAddress.Parse("8.8.8.8"))!.Prefix);
        Assert.Equal(P("2001:db8::/32"), ((IForwardingTable)fib).Lookup(Prefix.Host(IPAddress.Parse("2001:db8::53")))!.Prefix);
        Assert.Null(fib.Lookup(IPAddress.Parse("2001:db9::1")));
    }

    [Fact]
    public void Lookups_are_deterministic_whatever_the_order_routes_arrive_in()
    {
        (string, NextHop[])[] routes = [("10.0.0.0/8", [H3, H1]), ("10.1.0.0/16", [H2, H1]), ("192.0.2.0/24", [H2]), ("::/0", [H3])];
        var a = Programmed(routes).Fib;
        var b = Programmed(routes.Reverse().ToArray()).Fib;
        Assert.Equal(a.Entries, b.Entries);
        foreach (var address in new[] { "10.1.1.1", "10.2.2.2", "192.0.2.9", "2001:db8::1", "8.8.8.8" })
            Assert.Equal(a.Lookup(IPAddress.Parse(address)), b.Lookup(IPAddress.Parse(address)));
        Assert.Equal([H1, H3], a.Lookup(IPAddress.Parse("10.9.9.9"))!.NextHops);
    }

    [Fact]
    public void Local_repair_removes_only_next_hops_through_the_failed_interface_and_emptied_entries()
    {
        var (fib, _, _) = Programmed(("10.1.0.0/16", [H1, H2]), ("10.2.0.0/16", [H1]), ("10.3.0.0/16", [H2, H3]), ("10.0.0.0/8", [H3]));
        var changes = fib.InterfaceDown(H1.Interface);
        Assert.Equal([P("10.1.0.0/16"), P("10.2.0.0/16")], changes.Select(c => c.Prefix));
        Assert.Equal([H2], changes[0].New!.NextHops);
        Assert.Null(changes[1].New);
        Assert.Equal([(H2, 1.0)], fib.Lookup(IPAddress.Parse("10.1.0.1"))!.Shares);
        // 10.2/16 is gone: its traffic falls to the covering 10/8.
        Assert.Equal(P("10.0.0.0/8"), fib.Lookup(IPAddress.Parse("10.2.0.1"))!.Prefix);
        Assert.Equal([H2, H3], fib.Get(P("10.3.0.0/16"))!.NextHops);
        Assert.Equal(3, fib.Count);
        Assert.Empty(fib.InterfaceDown(H1.Interface));
    }

    [Fact]
    public void Fail_static_keeps_stale_entries_then_flushes_them_after_the_fail_static_time()
    {
        var (fib, prog, rib) = Programmed(("10.1.0.0/16", [H1]), ("10.2.0.0/16", [H2]));
        prog.Submit(Routes(rib, ("10.3.0.0/16", [H3])), nowMs: 1_000);
        Assert.Equal(1, prog.Abandon()); // the dying control plane's pending batch is lost

        var stale = fib.ControlPlaneDown(nowMs: 1_000);
        Assert.Equal(2, stale.Count);
        Assert.All(stale, c => Assert.True(c.New!.Stale));
        Assert.Equal(1_000 + 500_000, fib.FlushAtMs);
        // Still forwarding on what was installed.
        Assert.Equal([H1], fib.Lookup(IPAddress.Parse("10.1.0.1"))!.NextHops);
        Assert.Empty(fib.FlushStaleIfDue(500_999));
        Assert.Equal(2, fib.Count);
        var flushed = fib.FlushStaleIfDue(501_000);
        Assert.Equal([P("10.1.0.0/16"), P("10.2.0.0/16")], flushed.Select(c => c.Prefix));
        Assert.Equal(0, fib.Count);
        Assert.Null(fib.Lookup(IPAddress.Parse("10.1.0.1")));
    }

    [Fact]
    public void Fail_static_entries_are_not_flushed_when_the_control_plane_returns_first()
    {
        var (fib, _, _) = Programmed(("10.1.0.0/16", [H1]), ("10.2.0.0/16", [H2]));
        fib.ControlPlaneDown(nowMs: 0);
        fib.ControlPlaneUp();
        Assert.Empty(fib.FlushStaleIfDue(1_000_000));
        Assert.Equal(2, fib.Count);

        // The returned control plane, with a fresh RIB, reprograms what it wants; that clears the mark; the sweep
        // removes what it did not reprogram.
        var (prog, rib) = (new FibProgramming(10, 10_000), new Rib(64));
        var batch = prog.Submit(Routes(rib, ("10.1.0.0/16", [H1])), nowMs: 1_000_000)!;
        var refreshed = Assert.Single(prog.ApplyDue(fib, batch.ReadyMs));
        Assert.True(refreshed.Old!.Stale);
        Assert.False(refreshed.New!.Stale);
        var swept = Assert.Single(fib.FlushStale());
        Assert.Equal(P("10.2.0.0/16"), swept.Prefix);
        Assert.Equal([P("10.1.0.0/16")], fib.Entries.Select(e => e.Prefix));
    }

    [Fact]
    public void Local_repair_still_acts_while_the_control_plane_is_down()
    {
        var (fib, _, _) = Programmed(("10.1.0.0/16", [H1, H2]));
        fib.ControlPlaneDown(nowMs: 0);
        var change = Assert.Single(fib.InterfaceDown(H2.Interface));
        Assert.True(change.New!.Stale);
        Assert.Equal([H1], change.New.NextHops);
    }

    [Fact]
    public void Defaults_come_from_the_model_parameters()
    {
        var p = new ModelParameters();
        var prog = new FibProgramming(p);
        Assert.Equal(10 + 100, prog.DelayMs(1_000)); // 10 ms + 1,000 × 100 µs
        Assert.Equal(500_000, p.FibFailStaticMs);
        Assert.Equal(64, p.EcmpMaxPaths);
    }
}
