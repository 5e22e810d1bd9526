using BackboneSim.Model.Expectations;
using Spectre.Console;

namespace BackboneSim.Cli.Output;

/// <summary>Prints the steady-state and expectation outcomes; with --quiet only the failures (on stderr).</summary>
public static class ExpectationPrinter
{
    public static void Print(IReadOnlyList<ExpectationResult> results, bool quiet)
    {
        if (quiet)
        {
            foreach (var r in results.Where(r => r.Outcome == ExpectationOutcome.Failed))
                Console.Error.WriteLine($"{r.Expectation.Location}: expectation '{r.Expectation.Name}' failed: {r.Expectation.Describe()}: {r.Detail}");
            return;
        }
        var table = new Table().Title("[bold]Expectations[/]").AddColumn("").AddColumn("expectation").AddColumn("evidence");
        foreach (var r in results)
        {
            var mark = r.Outcome switch
            {
                ExpectationOutcome.Passed => "[green]pass[/]",
                ExpectationOutcome.Failed => "[red]FAIL[/]",
                _ => "[yellow]n/a[/]",
            };
            table.AddRow(mark, Markup.Escape($"{r.Expectation.Name}\n{r.Expectation.Describe()}"), Markup.Escape(r.Detail));
        }
        AnsiConsole.Write(table);
        var failed = results.Count(r => r.Outcome == ExpectationOutcome.Failed);
        var open = results.Count(r => r.Outcome == ExpectationOutcome.Inconclusive);
        AnsiConsole.MarkupLine(failed > 0 ? $"[red]{failed} of {results.Count} expectations failed[/]"
            : $"[green]{results.Count - open} of {results.Count} expectations passed[/]" + (open > 0 ? $" ({open} could not be told: the run stopped early)" : ""));
    }
}
