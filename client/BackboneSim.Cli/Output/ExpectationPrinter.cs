using System.Text.RegularExpressions;
using BackboneSim.Analysis.Expectations;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;
using Spectre.Console;

namespace BackboneSim.Cli.Output;

/// <summary>
/// Prints the steady-state and expectation outcomes as a list that reads at 80 columns and in a pipe: the outcome and
/// name, then what was expected and the evidence, wrapped between words; with --quiet only the failures (on stderr).
/// </summary>
public static partial class ExpectationPrinter
{
    private const string Indent = "        ";

    public static void Print(IReadOnlyList<ExpectationResult> results, bool quiet, DateTimeOffset start)
    {
        if (quiet)
        {
            foreach (var r in results.Where(r => r.Outcome == ExpectationOutcome.Failed))
                Console.Error.WriteLine(EscapedText.Escape($"{r.Expectation.Location}: expectation '{r.Expectation.Name}' failed: {r.Expectation.Describe()}: {r.Detail}"));
            return;
        }
        var width = TextWrap.Width - Indent.Length;
        AnsiConsole.MarkupLine("[bold]Expectations[/]");
        foreach (var r in results)
        {
            var mark = r.Outcome switch
            {
                ExpectationOutcome.Passed => "[green]pass[/]",
                ExpectationOutcome.Failed => "[red]FAIL[/]",
                _ => "[yellow]n/a [/]",
            };
            // Names come from the scenario file: a control character in one must not reach the terminal raw.
            var name = TextWrap.Lines(EscapedText.Escape(r.Expectation.Name), width).ToList();
            AnsiConsole.MarkupLine($"  {mark}  {Markup.Escape(name[0])}");
            foreach (var more in name.Skip(1)) AnsiConsole.MarkupLine(Indent + Markup.Escape(more));
            // A steady-state condition's name is its condition: say only when it must hold.
            var expected = r.Expectation.SteadyState ? "always, until the first action" : r.Expectation.Describe();
            foreach (var line in TextWrap.Lines(EscapedText.Escape($"expected: {expected}"), width)) AnsiConsole.MarkupLine("[grey]" + Indent + Markup.Escape(line) + "[/]");
            foreach (var line in TextWrap.Lines(EscapedText.Escape(ShortTimes(r.Detail, start)), width)) AnsiConsole.MarkupLine(Indent + Markup.Escape(line));
        }
        var failed = results.Count(r => r.Outcome == ExpectationOutcome.Failed);
        var open = results.Count(r => r.Outcome == ExpectationOutcome.Inconclusive);
        AnsiConsole.MarkupLine(failed > 0 ? $"[red]{failed} of {results.Count} expectations failed[/]"
            : $"[green]{results.Count - open} of {results.Count} expectations passed[/]" + (open > 0 ? $" ({open} could not be told: the run stopped early)" : ""));
    }

    /// <summary>Evidence times as times of day (the date only when it is not the start's): the ISO form is for --junit.</summary>
    private static string ShortTimes(string detail, DateTimeOffset start)
        => IsoTime().Replace(detail, m => m.Groups[1].Value == start.ToString("yyyy-MM-dd") ? m.Groups[2].Value : $"{m.Groups[1].Value} {m.Groups[2].Value}");

    [GeneratedRegex(@"(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d\.\d{3})Z")]
    private static partial Regex IsoTime();
}
