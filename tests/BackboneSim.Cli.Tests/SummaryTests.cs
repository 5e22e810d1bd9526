using System.Text.RegularExpressions;

namespace BackboneSim.Cli.Tests;

/// <summary>`run`'s console summary: per-service downtime like the report's, key moments to the last return, 80 columns.</summary>
public class SummaryTests
{
    [Fact]
    public async Task The_FB_summary_says_how_long_each_service_was_down_and_runs_to_the_last_return()
    {
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory");
        Assert.Equal(0, r.ExitCode);
        var services = r.Stdout[r.Stdout.IndexOf("Services", StringComparison.Ordinal)..r.Stdout.IndexOf("Key moments", StringComparison.Ordinal)];
        Assert.Matches(@"│ service\s+│ down from │ back at\s+│ downtime │ user-minutes lost │", services);
        Assert.Matches(@"│ facebook\.com\s+│ 15:39:\d\d\s+│ 22:\d\d:\d\d │ \dh\d\dm\d\ds │\s+[\d.]+ billion │", services);
        // Signal and Telegram take the users who leave: they are the last back, and the key moments end there.
        var moments = r.Stdout[r.Stdout.IndexOf("Key moments", StringComparison.Ordinal)..];
        Assert.True(moments.IndexOf("every DNS server announces again", StringComparison.Ordinal) < moments.IndexOf("signal.org back for every user", StringComparison.Ordinal));
        var rows = moments.Split('\n').Where(l => Regex.IsMatch(l, @"^│ \d\d:\d\d:\d\d\.\d{3}")).ToList();
        Assert.Contains("signal.org back for every user", rows[^1]);
        Assert.All(Tables(r.Stdout), l => Assert.True(l.Length <= 80, $"wider than 80 columns: {l}"));
    }

    private static IEnumerable<string> Tables(string stdout) => stdout.Split('\n').Where(l => l.Length > 0 && "┌│├└".Contains(l[0]));

    /// <summary>
    /// In a pipe (80 columns) the expectations read whole: no word is broken across lines, no line is wider than 80,
    /// and a steady-state condition is said once, not in its name and again in its description.
    /// </summary>
    [Fact]
    public async Task The_expectations_read_at_80_columns_in_a_pipe()
    {
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "20m");
        Assert.Equal(0, r.ExitCode);
        var text = r.Stdout[r.Stdout.IndexOf("Expectations", StringComparison.Ordinal)..];
        var lines = text.Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80 columns: {l}"));
        Assert.Contains("  pass  steady state: service_availability:facebook.com at least 0.99", lines);
        Assert.DoesNotContain(lines, l => l.Contains("always service_availability:facebook.com at least 0.99"));
        Assert.Contains(lines, l => l.Trim() == "expected: dns.withdraw within 1m00s after 'capacity-check'");
        // Every word of every expectation name is on one line, as in the scenario.
        var scenario = File.ReadAllLines(Path.Combine(Cli.RepoRoot, "scenarios/facebook-2021-10-04.yaml"));
        var names = scenario.SkipWhile(l => l != "expect:").Skip(1).TakeWhile(l => l.StartsWith(' '))
            .Select(l => Regex.Match(l, @"^  - name: ([\w-]+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.True(names.Count >= 5);
        foreach (var name in names) Assert.Contains(name, text);
        Assert.DoesNotContain("2021-10-04T", text); // times of day; the ISO form is --junit's
    }

    /// <summary>An expectation's name comes from the scenario: an escape sequence in it is printed escaped, not obeyed,
    /// on the console and in --junit.</summary>
    [Fact]
    public async Task Control_characters_in_an_expectation_name_are_printed_escaped()
    {
        var dir = Directory.CreateTempSubdirectory("bbs-escape-").FullName;
        try
        {
            var text = File.ReadAllText(Path.Combine(Cli.RepoRoot, "scenarios/template-your-network.yaml"))
                .Replace("  - name: canary-caught\n", "  - name: \"canary\\e[31m-caught\\a\"\n", StringComparison.Ordinal);
            Assert.Contains("canary\\e[31m", text);
            var path = Path.Combine(dir, "escape.yaml");
            File.WriteAllText(path, text);
            var junit = Path.Combine(dir, "junit.xml");
            var r = await Cli.RunAsync("run", path, "--runtime", "memory", "--junit", junit);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.DoesNotContain('\u001b', r.Stdout);
            Assert.DoesNotContain('\a', r.Stdout);
            Assert.Contains("canary\\u001b[31m-caught\\u0007", r.Stdout);
            // XML 1.0 cannot hold the characters at all: the JUnit file has the same escapes (it used to crash the run).
            var testcase = System.Xml.Linq.XDocument.Load(junit).Descendants("testcase").Select(t => (string)t.Attribute("name")!);
            Assert.Contains("canary\\u001b[31m-caught\\u0007", testcase);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
