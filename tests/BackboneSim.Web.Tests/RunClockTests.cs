using BackboneSim.Web.Runs;

namespace BackboneSim.Web.Tests;

/// <summary>The playhead against the wall clock, with hand-computed positions.</summary>
public sealed class RunClockTests
{
    [Fact]
    public void Playing_moves_by_wall_time_times_speed_and_pausing_stops_it()
    {
        var clock = new RunClock(untilMs: 3_600_000);
        clock.SetSpeed("60x");
        clock.Play();
        clock.Tick(TimeSpan.FromSeconds(1), frontierMs: 1_000_000);
        Assert.Equal(60_000, clock.VisibleMs(1_000_000));
        clock.Pause();
        clock.Tick(TimeSpan.FromSeconds(5), frontierMs: 1_000_000);
        Assert.Equal(60_000, clock.TargetMs);
    }

    [Fact]
    public void Playing_waits_at_the_engine_frontier_instead_of_running_ahead()
    {
        var clock = new RunClock(untilMs: 3_600_000);
        clock.SetSpeed("600x");
        clock.Play();
        clock.Tick(TimeSpan.FromSeconds(1), frontierMs: 200_000);
        Assert.Equal(200_000, clock.TargetMs);
        clock.Tick(TimeSpan.FromSeconds(1), frontierMs: 900_000);
        Assert.Equal(800_000, clock.TargetMs);
    }

    [Fact]
    public void A_seek_past_the_frontier_is_kept_and_shown_once_the_engine_gets_there()
    {
        var clock = new RunClock(untilMs: 3_600_000);
        clock.Play();
        clock.Seek(2_000_000);
        clock.Tick(TimeSpan.FromSeconds(1), frontierMs: 500_000);
        Assert.Equal(2_000_000, clock.TargetMs);
        Assert.Equal(500_000, clock.VisibleMs(500_000));
        Assert.True(clock.NeededMs() >= 2_000_000);
        clock.Tick(TimeSpan.FromSeconds(1), frontierMs: 2_500_000);
        Assert.Equal(2_001_000, clock.VisibleMs(2_500_000));
    }

    [Fact]
    public void Seeking_back_and_max_speed_and_the_end()
    {
        var clock = new RunClock(untilMs: 100_000);
        clock.SetSpeed("max");
        clock.Play();
        clock.Tick(TimeSpan.FromMilliseconds(20), frontierMs: 40_000);
        Assert.Equal(40_000, clock.TargetMs);
        Assert.Equal(100_000, clock.NeededMs());
        clock.Seek(10_000);
        Assert.Equal(10_000, clock.VisibleMs(40_000));
        clock.Tick(TimeSpan.FromMilliseconds(20), frontierMs: 100_000);
        Assert.Equal(100_000, clock.TargetMs);
        Assert.False(clock.Playing); // the end
        Assert.Throws<ArgumentException>(() => clock.SetSpeed("2x"));
        clock.Seek(-5);
        Assert.Equal(0, clock.TargetMs);
    }
}
