using System.Xml.Linq;

namespace BackboneSim.Cli.Tests;

/// <summary>
/// A run interrupted by SIGINT (Ctrl+C) or SIGTERM (a service manager, a CI timeout) still prints its expectations
/// and writes --junit: what was decided is decided, the rest are skipped test cases (docs/outputs.md).
/// </summary>
public class InterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bbsim-int-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("INT", "memory")]
    [InlineData("TERM", "memory")]
    [InlineData("INT", "2")]
    [InlineData("TERM", "2")]
    public async Task An_interrupted_run_writes_its_junit_with_the_undecided_expectations_skipped(string signal, string where)
    {
        var events = Path.Combine(_dir, "e.jsonl");
        var junit = Path.Combine(_dir, "j.xml");
        string[] runtime = where == "memory" ? ["--runtime", "memory"] : ["--silos", where];
        using var cli = Cli.Start(["run", "scenarios/facebook-2021-10-04.yaml", .. runtime, "--events", events, "--junit", junit]);
        // Interrupt once events are flowing, long before the 8-hour scenario ends.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!File.Exists(events) || new FileInfo(events).Length < 50_000)
        {
            Assert.True(DateTime.UtcNow < deadline && !cli.HasExited, "no events within 90 s");
            await Task.Delay(50);
        }
        await cli.SignalAsync(signal);
        var r = await cli.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(130, r.ExitCode);
        Assert.Contains("interrupted at", r.Stderr);
        Assert.Contains("Expectations", r.Stdout);
        Assert.True(File.Exists(junit), $"no --junit file:\n{r.Stderr}");
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal(9, (int)suite.Attribute("tests")!);
        Assert.True((int)suite.Attribute("skipped")! >= 4, suite.ToString());
        Assert.Equal((int)suite.Attribute("skipped")!, suite.Elements("testcase").Count(t => t.Element("skipped") is not null));
    }
}
