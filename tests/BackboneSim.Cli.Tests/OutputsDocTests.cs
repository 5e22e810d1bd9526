namespace BackboneSim.Cli.Tests;

/// <summary>docs/outputs.md's examples are the bytes of a real run, and its root-event table names what runs emit.</summary>
public class OutputsDocTests
{
    [Fact]
    public async Task The_docs_event_examples_are_the_lines_of_a_fresh_FB_run()
    {
        var events = Path.Combine(Path.GetTempPath(), $"bbs-docs-{Guid.NewGuid():N}.jsonl");
        try
        {
            // Just past the first router applying the capacity check (15:39:02.009): both examples are inside.
            var run = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory",
                "--until", "15:39:03", "--quiet", "--events", events);
            Assert.True(run.ExitCode is 0 or 1, $"run exited {run.ExitCode}: {run.Stderr}");
            var lines = File.ReadAllLines(events);
            var examples = OutputsDoc.Examples();
            Assert.Equal(2, examples.Count);

            Assert.Equal(lines.Take(3), examples[0]);
            var firstAction = Array.FindIndex(lines, l => l.Contains("\"kind\":\"scenario.action\"", StringComparison.Ordinal));
            Assert.Equal(lines.Skip(firstAction).Take(3), examples[1]);
        }
        finally { File.Delete(events); }
    }

    [Fact]
    public void The_root_event_table_lists_the_kinds_the_engine_can_start_a_chain_with()
    {
        var kinds = OutputsDoc.RootKinds();
        Assert.Contains("scenario.action", kinds);
        Assert.Contains("link.utilisation", kinds);
        Assert.Contains("backbone.traffic", kinds);
    }
}
