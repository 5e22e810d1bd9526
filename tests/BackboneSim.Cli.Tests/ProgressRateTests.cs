using BackboneSim.Cli.Output;

namespace BackboneSim.Cli.Tests;

/// <summary>The progress estimate comes from the recent rate of simulated time, not from the share of it done.</summary>
public class ProgressRateTests
{
    [Fact]
    public void The_time_left_follows_the_last_ten_seconds_not_the_average()
    {
        var rate = ProgressRate.Recent();
        // A cascade: the first 30 s of wall time cover 1 simulated minute; then 10 simulated minutes go by per wall second.
        for (var s = 0; s <= 30; s++) rate.Add(TimeSpan.FromSeconds(s), s * 2_000);
        for (var s = 31; s <= 45; s++) rate.Add(TimeSpan.FromSeconds(s), 60_000 + (s - 30) * 600_000);
        Assert.Equal(600_000, rate.SimMsPerWallSecond!.Value, 1);
        // 8 h in all; 9,060,000 ms reached: 19,740,000 ms left at 600,000 ms/s is 32.9 s.
        Assert.Equal(32.9, rate.Remaining(28_800_000)!.Value.TotalSeconds, 1);
    }

    [Fact]
    public void There_is_no_estimate_before_a_second_of_wall_time_or_when_stalled()
    {
        var rate = ProgressRate.Recent();
        rate.Add(TimeSpan.FromMilliseconds(250), 1_000);
        rate.Add(TimeSpan.FromMilliseconds(500), 2_000);
        Assert.Null(rate.SimMsPerWallSecond);
        Assert.Null(rate.Remaining(10_000));
        rate.Add(TimeSpan.FromSeconds(2), 2_000);
        rate.Add(TimeSpan.FromSeconds(20), 2_000);
        Assert.Null(rate.Remaining(10_000)); // no simulated time moved in the last 10 s
    }

    [Fact]
    public async Task Progress_lines_in_a_pipe_show_simulated_time_speed_and_time_left_with_no_percentage()
    {
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "20m");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stderr.Split('\n').Where(l => l.StartsWith("progress: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.Matches(@"^progress: 15:50:00 of 15:50:00 UTC · .* · done · [\d,]+ events · wall \d+s$", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains('%'));
    }

    [Fact]
    public async Task Progress_past_midnight_names_the_day()
    {
        // Rogers starts at 08:30 UTC on 8 July: 16 h in is 00:30 on the 9th.
        var r = await Cli.RunAsync("run", "scenarios/rogers-2022-07-08.yaml", "--runtime", "memory", "--until", "16h");
        Assert.Matches(@"progress: 07-09 00:30:00 of 07-09 00:30:00 UTC · .* · done", r.Stderr);
    }
}
