using System.Xml.Linq;

namespace BackboneSim.Cli.Tests;

/// <summary>`run` checks a scenario's expectations: exit 1 naming the failure, and JUnit XML for CI systems.</summary>
public class ExpectationCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bbsim-exp-" + Guid.NewGuid().ToString("N")[..8]);

    public ExpectationCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_shortened_FB_run_passes_what_it_reached_and_leaves_the_rest_open_in_JUnit()
    {
        var junit = Path.Combine(_dir, "fb.xml");
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "20m", "--quiet", "--junit", junit);
        Assert.Equal((0, ""), (r.ExitCode, r.Stderr));
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("facebook-2021-10-04", (string?)suite.Attribute("name"));
        Assert.Equal(9, (int)suite.Attribute("tests")!);
        Assert.Equal(0, (int)suite.Attribute("failures")!);
        // Windows still open at 15:50: the responders' dispatch, the evening recovery, "no data center trips", "no
        // breaker trips".
        Assert.Equal(4, (int)suite.Attribute("skipped")!);
        var withdraw = suite.Elements("testcase").Single(t => (string?)t.Attribute("name") == "dns-servers-withdraw-within-a-minute");
        Assert.Contains("15:39:26.689", withdraw.Element("system-out")!.Value);
    }

    [Fact]
    public async Task A_failed_expectation_exits_1_and_names_its_line()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "topologies"));
        File.Copy(Path.Combine(Cli.RepoRoot, "scenarios", "topologies", "hyperscaler.yaml"), Path.Combine(_dir, "topologies", "hyperscaler.yaml"));
        var text = File.ReadAllText(Path.Combine(Cli.RepoRoot, "scenarios", "facebook-2021-10-04.yaml"));
        text = text.Replace("expect:\n", "expect:\n  - { name: withdraw-in-5s, event: dns.withdraw, after: capacity-check, within: 5s }\n");
        var path = Path.Combine(_dir, "fb.yaml");
        File.WriteAllText(path, text);
        var line = Array.IndexOf(File.ReadAllLines(path), "expect:") + 2;
        var junit = Path.Combine(_dir, "fail.xml");
        var r = await Cli.RunAsync("run", path, "--runtime", "memory", "--until", "20m", "--quiet", "--junit", junit);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"fb.yaml:{line}:5: expectation 'withdraw-in-5s' failed: dns.withdraw within 5s after 'capacity-check': not between", r.Stderr);
        var failure = XDocument.Load(junit).Descendants("failure").Single();
        Assert.Contains("withdraw", (string?)failure.Attribute("message"));
    }
}
