using BackboneSim.Analysis.Teaching;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Teaching;
using Spectre.Console;

namespace BackboneSim.Cli.Output;

/// <summary>
/// Prints narration as it fires, in the key moments' time style (UTC, + from the start): a line per item, its
/// highlight, and for a checkpoint the question, the numbered choices, then the answer and the explanation. With
/// an answer reader (--pause-at-checkpoints on a terminal) it first asks the question and waits, then says whether
/// the answer was right. Plain text when stdout is not a terminal, so logs and pipes get whole lines.
/// </summary>
public sealed class NarrationPrinter
{
    private const int MaxNamesShown = 8;
    private readonly DateTimeOffset _start;
    private readonly TextWriter _output;
    private readonly bool _ansi;
    private TextReader? _answers;
    private readonly CancellationToken _interrupt;

    /// <param name="answers">Where answers are read from; null: do not ask, print the answers.</param>
    /// <param name="ansi">Write through Spectre (colours, above a live progress bar) rather than plain lines to <paramref name="output"/>.</param>
    public NarrationPrinter(DateTimeOffset start, TextWriter output, bool ansi, TextReader? answers, CancellationToken interrupt = default)
    {
        _start = start;
        _output = output;
        _ansi = ansi;
        _answers = answers;
        _interrupt = interrupt;
    }

    /// <summary>The printer for a `run`: stdout, asking only when told to.</summary>
    public static NarrationPrinter ForConsole(DateTimeOffset start, bool ask, CancellationToken interrupt)
        => new(start, Console.Out, ansi: !Console.IsOutputRedirected, ask ? Console.In : null, interrupt);

    public void Show(FiredNarration fired)
    {
        var item = fired.Item;
        var when = $"{SimClock.Format(_start, fired.Ms)[11..23]} +{TimeText.FormatDuration(fired.Ms - fired.Ms % 1000)}";
        var who = item.Audience == NarrationAudience.Instructor ? "(instructor) " : "";
        if (item.Say is { } say) Block($"» {when}  {who}", say, "bold");
        if (item.HighlightSites.Count + item.HighlightNodes.Count > 0) Line("    highlight: " + Highlight(item), "cyan");
        if (item.Checkpoint is { } c) Checkpoint(c, item.Say is null ? $"? {when}  {who}" : "? ");
    }

    private void Checkpoint(Checkpoint c, string head)
    {
        Block(head + "Checkpoint: ", c.Question, "bold yellow");
        for (var i = 0; i < c.Choices.Count; i++) Line($"    {i + 1}. {c.Choices[i]}", "yellow");
        var given = c.Pause && _answers is not null ? Ask(c) : null;
        if (c.IsMultipleChoice)
        {
            var right = $"{c.AnswerChoice}. {c.Answer}";
            if (given is null) Line($"    Answer: {right}", "green");
            else if (given == c.AnswerChoice) Line($"    Right: {right}", "green");
            else Line($"    Not quite: the answer is {right}", "red");
        }
        else if (c.Answer is { } model) Block("    A model answer: ", model, "green");
        if (c.Explain is { } explain) Block("    ", explain, "");
    }

    /// <summary>Asks until it gets a usable answer; returns the choice (multiple choice) or 0 (free text), null when skipped.</summary>
    private int? Ask(Checkpoint c)
    {
        var prompt = c.IsMultipleChoice ? $"    Your answer (1-{c.Choices.Count}, or Enter to see it): " : "    Your answer (Enter when done): ";
        while (_answers is not null)
        {
            Prompt(prompt);
            var input = ReadLine();
            if (input is null) { _answers = null; Line("", ""); return null; } // end of input or Ctrl-C: stop asking
            if (input.Trim().Length == 0) return null;
            if (!c.IsMultipleChoice) return 0;
            if (ParseChoice(c, input) is { } choice) return choice;
            Line($"    Type a number from 1 to {c.Choices.Count}, or a choice's text.", "");
        }
        return null;
    }

    private string? ReadLine()
    {
        var reader = _answers!;
        var read = Task.Run(reader.ReadLine);
        try
        {
            read.Wait(_interrupt);
            return read.Result;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A typed answer as a choice: its number, or its text (case and surrounding spaces ignored); null when neither.</summary>
    public static int? ParseChoice(Checkpoint c, string input)
    {
        input = input.Trim();
        if (int.TryParse(input, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= c.Choices.Count)
            return n;
        for (var i = 0; i < c.Choices.Count; i++)
            if (string.Equals(c.Choices[i].Trim(), input, StringComparison.OrdinalIgnoreCase)) return i + 1;
        return null;
    }

    private static string Highlight(NarrationItem item)
    {
        static string Names(string what, IReadOnlyList<string> names)
            => names.Count == 0 ? "" : $"{what} {string.Join(", ", names.Take(MaxNamesShown))}" + (names.Count > MaxNamesShown ? $" (+{names.Count - MaxNamesShown} more)" : "");
        return string.Join("; ", new[] { Names(names: item.HighlightSites, what: "sites"), Names(names: item.HighlightNodes, what: "nodes") }.Where(x => x.Length > 0));
    }

    /// <summary>A head and a text that may span lines; continuation lines are indented under the text.</summary>
    private void Block(string head, string text, string style)
    {
        var lines = text.TrimEnd().Split('\n');
        Line(head + lines[0], style);
        foreach (var l in lines.Skip(1)) Line("    " + l, style);
    }

    private void Line(string text, string style)
    {
        if (!_ansi) { _output.WriteLine(text); return; }
        AnsiConsole.MarkupLine(style.Length == 0 ? Markup.Escape(text) : $"[{style}]{Markup.Escape(text)}[/]");
    }

    private void Prompt(string text)
    {
        if (_ansi) AnsiConsole.Markup(Markup.Escape(text));
        else { _output.Write(text); _output.Flush(); }
    }
}
