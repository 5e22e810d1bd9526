using BackboneSim.Engine;

namespace BackboneSim.Engine.Tests;

/// <summary>
/// Engine timers: a cancelled timer never reaches its model, but still opens its window (so the windows, and what a
/// window observer answers when, are those of a model that ignored it); TimerGroup cancels what was set through it.
/// </summary>
public class TimerTests
{
    [Fact]
    public async Task A_cancelled_timer_is_not_delivered_but_keeps_its_window()
    {
        var ids = new Dictionary<string, TimerId>();
        var node = new ScriptedNode(ctx =>
        {
            ids["a"] = ctx.SetTimer(1_000, new Note("a"), 0);
            ids["b"] = ctx.SetTimer(2_000, new Note("b"), 0);
            ctx.Cancel(ids["b"]);
            Assert.True(ctx.IsPending(ids["a"]));
            Assert.False(ctx.IsPending(ids["b"]));
        });
        var (c, sink) = Harness.Build(1, 10_000, node);
        await c.RunAsync();
        Assert.Equal(["a"], node.Received.Select(r => r.Text));
        Assert.Equal([0L, 1_000, 2_000], sink.WindowStarts);
    }

    [Fact]
    public async Task Cancelling_a_fired_timer_or_none_does_nothing()
    {
        TimerId first = default;
        var node = new ScriptedNode(
            ctx => first = ctx.SetTimer(100, new Note("first"), 0),
            (ctx, m) =>
            {
                if (((Note)m.Payload).Text != "first") return;
                Assert.False(ctx.IsPending(first));
                ctx.Cancel(first);
                ctx.Cancel(TimerId.None);
                ctx.SetTimer(ctx.Now + 100, new Note("second"), 0);
            });
        var (c, _) = Harness.Build(1, 10_000, node);
        await c.RunAsync();
        Assert.Equal(["first", "second"], node.Received.Select(r => r.Text));
    }

    [Fact]
    public async Task A_timer_group_cancels_what_was_set_through_it_since_the_last_cancel()
    {
        var group = new TimerGroup();
        var node = new ScriptedNode(
            ctx =>
            {
                group.Set(ctx, 100, new Note("stale 1"), 0);
                group.Set(ctx, 200, new Note("stale 2"), 0);
                ctx.SetTimer(50, new Note("bump"), 0);
            },
            (ctx, m) =>
            {
                if (((Note)m.Payload).Text != "bump") return;
                Assert.True(group.AnyPending(ctx));
                group.CancelAll(ctx); // what a generation counter's bump used to do
                Assert.False(group.AnyPending(ctx));
                group.Set(ctx, 300, new Note("fresh"), 0);
            });
        var (c, _) = Harness.Build(1, 10_000, node);
        await c.RunAsync();
        Assert.Equal(["bump", "fresh"], node.Received.Select(r => r.Text));
    }
}
