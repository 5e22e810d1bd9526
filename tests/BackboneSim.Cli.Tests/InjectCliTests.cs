namespace BackboneSim.Cli.Tests;

/// <summary>`run --inject`: hidden injects run only when fired, at their suggested time or the one given.</summary>
public class InjectCliTests
{
    private const string Template = "scenarios/template-your-network.yaml";

    [Fact]
    public async Task A_fired_inject_runs_at_the_time_given_and_an_unfired_one_never()
    {
        var dir = Directory.CreateTempSubdirectory("bbsim-inject").FullName;
        try
        {
            var plain = Path.Combine(dir, "plain.jsonl");
            var fired = Path.Combine(dir, "fired.jsonl");
            var a = await Cli.RunAsync("run", Template, "--runtime", "memory", "--until", "1h", "--quiet", "--events", plain);
            var b = await Cli.RunAsync("run", Template, "--runtime", "memory", "--until", "1h", "--quiet", "--events", fired, "--inject", "second-push@09:50:00");
            Assert.Equal(0, a.ExitCode);
            Assert.Equal(0, b.ExitCode);
            Assert.DoesNotContain("\"action\":\"second-push\"", File.ReadAllText(plain));
            var action = File.ReadLines(fired).Single(l => l.Contains("\"kind\":\"scenario.action\"") && l.Contains("\"action\":\"second-push\""));
            Assert.Contains("\"t\":\"2024-03-01T09:50:00.000Z\"", action);
            Assert.Contains("hidden inject, fired", action);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task Firing_an_unknown_inject_is_bad_input_with_a_suggestion()
    {
        var r = await Cli.RunAsync("run", Template, "--runtime", "memory", "--quiet", "--inject", "second-psuh");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no hidden inject named 'second-psuh' — did you mean 'second-push'?", r.Stderr);
    }
}
