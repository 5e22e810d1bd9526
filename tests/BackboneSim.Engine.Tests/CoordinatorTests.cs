using BackboneSim.Engine;

namespace BackboneSim.Engine.Tests;

public class CoordinatorTests
{
    [Fact]
    public async Task Inbox_is_applied_in_time_sender_sequence_order_not_arrival_order()
    {
        var sink = new ScriptedNode();
        // Both senders send at t=0; node 0 must see its inbox by (time, sender, seq): b's faster message first,
        // then at t=20 sender 1 (b) before sender 2 (a), and a's two messages in the order a sent them.
        var a = new ScriptedNode(ctx => { ctx.Send(0, 20, new Note("a1"), 0); ctx.Send(0, 20, new Note("a2"), 0); });
        var b = new ScriptedNode(ctx => { ctx.Send(0, 20, new Note("b1"), 0); ctx.Send(0, 15, new Note("b0"), 0); });
        var (c, _) = Harness.Build(10, 1_000, sink, b, a);
        await c.RunAsync();
        Assert.Equal(["b0", "b1", "a1", "a2"], sink.Received.Select(r => r.Text));
        Assert.Equal([15L, 20, 20, 20], sink.Received.Select(r => r.At));
    }

    [Fact]
    public async Task Empty_stretches_of_virtual_time_cost_no_windows()
    {
        var node = new ScriptedNode(ctx =>
        {
            ctx.SetTimer(1_000, new Note("t1"), 0);
            ctx.SetTimer(3_600_000, new Note("t2"), 0);
        });
        var (c, sink) = Harness.Build(1, 10_000_000, node);
        await c.RunAsync();
        Assert.Equal(2, c.Stats.Windows - 1); // the start counts as one absorb, then exactly two windows
        Assert.Equal([0L, 1_000, 3_600_000], sink.WindowStarts);
        Assert.Equal(10_000_000, sink.FinishedAt);
    }

    [Fact]
    public async Task A_message_faster_than_the_lookahead_is_refused()
    {
        var node = new ScriptedNode(ctx => ctx.Send(1, 4, new Note("too fast"), 0));
        var (c, _) = Harness.Build(5, 1_000, node, new ScriptedNode());
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => c.RunAsync());
        Assert.Contains("below the lookahead", ex.Message);
    }

    [Fact]
    public async Task Own_timers_inside_the_window_run_in_the_same_step()
    {
        var node = new ScriptedNode(ctx => ctx.SetTimer(100, new Note("first"), 0),
            (ctx, m) => { if (((Note)m.Payload).Text == "first") ctx.SetTimer(ctx.Now + 3, new Note("second"), 0); });
        var (c, _) = Harness.Build(10, 1_000, node);
        await c.RunAsync();
        Assert.Equal([(100L, 0, "first"), (103L, 0, "second")], node.Received);
        Assert.Equal(1, c.Stats.NodeSteps - 1); // one step in the window at 100 (plus the start)
    }

    [Fact]
    public async Task Events_get_ids_in_time_order_and_causes_point_to_ids()
    {
        // n0 emits "ping" at 50 and tells n1; n1's "pong" must name the ping's id as its cause.
        var n1 = new ScriptedNode(onMessage: (ctx, m) => ctx.Emit(new Pong(), m.Cause));
        var n0 = new ScriptedNode(ctx => ctx.SetTimer(50, new Note("go"), 0),
            (ctx, m) => { var e = ctx.Emit(new Ping(), 0); ctx.Send(1, 10, new Note("p"), e); });
        var (c, sink) = Harness.Build(10, 1_000, n0, n1);
        await c.RunAsync();
        var ping = Assert.Single(sink.Events, e => e.Kind == "ping");
        var pong = Assert.Single(sink.Events, e => e.Kind == "pong");
        Assert.Equal(1, ping.Id);
        Assert.Null(ping.Cause);
        Assert.Equal(2, pong.Id);
        Assert.Equal(ping.Id, pong.Cause);
        Assert.Equal(60, pong.Ms);
    }

    [Fact]
    public async Task Nothing_at_or_after_until_is_run()
    {
        var node = new ScriptedNode(ctx => { ctx.SetTimer(99, new Note("in"), 0); ctx.SetTimer(100, new Note("out"), 0); });
        var (c, sink) = Harness.Build(10, 100, node);
        await c.RunAsync();
        Assert.Equal(["in"], node.Received.Select(r => r.Text));
        Assert.Equal(100, sink.FinishedAt);
    }

    [Fact]
    public void Random_streams_depend_on_seed_and_node_name_only()
    {
        static ulong[] Take(DeterministicRandom r) => Enumerable.Range(0, 5).Select(_ => r.NextUInt64()).ToArray();
        Assert.Equal(Take(DeterministicRandom.ForNode(1, "a")), Take(DeterministicRandom.ForNode(1, "a")));
        Assert.NotEqual(Take(DeterministicRandom.ForNode(1, "a")), Take(DeterministicRandom.ForNode(1, "b")));
        Assert.NotEqual(Take(DeterministicRandom.ForNode(1, "a")), Take(DeterministicRandom.ForNode(2, "a")));
        var r = DeterministicRandom.ForNode(3, "x");
        for (var i = 0; i < 1000; i++) Assert.InRange(r.NextLong(5, 9), 5, 8);
    }
}
