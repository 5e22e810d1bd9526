using System.Text.Json;
using BackboneSim.Analysis.Teaching;
using BackboneSim.Cli.Output;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Teaching;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Cli.Tests;

/// <summary>`run` tells the scenario's narration as it fires, writes it with --narration, and asks checkpoint
/// questions only when it can wait for an answer.</summary>
public class NarrationCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bbsim-narr-" + Guid.NewGuid().ToString("N")[..8]);

    public NarrationCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ScenarioDefinition Fb = ScenarioLoader.Load(RepoPaths.File("scenarios/facebook-2021-10-04.yaml"));

    [Fact]
    public async Task Run_prints_the_checkpoints_and_writes_the_narration_file()
    {
        var file = Path.Combine(_dir, "out", "fb.narration.jsonl");
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "20m", "--narration", file,
            "--pause-at-checkpoints");
        Assert.Equal(0, r.ExitCode);
        // Not a terminal: no waiting, one note, and the answer is printed.
        Assert.Contains("--pause-at-checkpoints needs a terminal on stdin; not pausing", r.Stderr);
        var item = Fb.Narration.Single(i => i.Name == "why-withdraw");
        var c = item.Checkpoint!;
        var stdout = r.Stdout.Split('\n');
        var q = Array.FindIndex(stdout, l => l.EndsWith("Checkpoint: " + c.Question, StringComparison.Ordinal));
        Assert.True(q > 0, r.Stdout);
        Assert.StartsWith("? 15:39:31.689 +9m31s", stdout[q]);
        for (var i = 0; i < c.Choices.Count; i++) Assert.Equal($"    {i + 1}. {c.Choices[i]}", stdout[q + 1 + i]);
        Assert.Equal($"    Answer: {c.AnswerChoice}. {c.Answer}", stdout[q + 1 + c.Choices.Count]);
        Assert.Contains(c.Explain!, r.Stdout);
        Assert.Contains(Fb.Narration.Single(i => i.Name == "the-command").Say!, r.Stdout);
        Assert.True(q < Array.FindIndex(stdout, l => l.Contains("Key moments", StringComparison.Ordinal)), "narration comes as it fires, before the summary");
        Assert.Contains("Narration: 9 of 15 items fired before the run stopped.", r.Stdout);

        var lines = File.ReadAllLines(file);
        Assert.Equal(["welcome", "how-to-run-this", "the-command", "the-audit", "power-dip", "first-withdrawal", "why-withdraw", "cloudflare-loses-the-routes", "servfail"],
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("name").GetString()));
        using var doc = JsonDocument.Parse(lines[6]);
        var e = doc.RootElement;
        Assert.Equal(["name", "ms", "t", "trigger", "cause", "line", "audience", "say", "highlight", "checkpoint"], e.EnumerateObject().Select(p => p.Name));
        Assert.Equal((571_689L, "2021-10-04T15:39:31.689Z", "on"), (e.GetProperty("ms").GetInt64(), e.GetProperty("t").GetString(), e.GetProperty("trigger").GetString()));
        Assert.Equal($"facebook-2021-10-04.yaml:{item.Location.Line}:{item.Location.Column}", e.GetProperty("line").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("say").ValueKind);
        var cp = e.GetProperty("checkpoint");
        Assert.Equal((c.Question, c.Choices.Count, c.Answer, 2, true),
            (cp.GetProperty("question").GetString(), cp.GetProperty("choices").GetArrayLength(), cp.GetProperty("answer").GetString(),
             cp.GetProperty("answer_choice").GetInt32(), cp.GetProperty("pause").GetBoolean()));
        // The cause is the first withdrawal in the events file of the same run.
        var withdraw = JsonDocument.Parse(lines[5]).RootElement;
        Assert.Equal(withdraw.GetProperty("cause").GetInt64(), e.GetProperty("cause").GetInt64());
        Assert.Equal(withdraw.GetProperty("ms").GetInt64() + 5_000, e.GetProperty("ms").GetInt64());
        var nodes = JsonDocument.Parse(lines[5]).RootElement.GetProperty("highlight").GetProperty("nodes");
        Assert.Equal(100, nodes.GetArrayLength()); // p-*-dns?: every DNS server
    }

    [Fact]
    public async Task Quiet_prints_no_narration_but_still_writes_the_file()
    {
        var file = Path.Combine(_dir, "q.jsonl");
        var r = await Cli.RunAsync("run", "scenarios/facebook-2021-10-04.yaml", "--runtime", "memory", "--until", "9m30s", "--narration", file, "--quiet",
            "--pause-at-checkpoints");
        Assert.Equal((0, "", ""), (r.ExitCode, r.Stdout, r.Stderr));
        Assert.Equal(6, File.ReadAllLines(file).Length); // 15:30 (2), 15:39:00 (2), 15:39:03, 15:39:26 (not the checkpoint 5 s later)
    }

    [Fact]
    public void With_answers_to_read_a_checkpoint_asks_and_says_right_or_wrong()
    {
        FiredNarration At(string name) => new(Fb.Narration.Single(i => i.Name == name), 0, null);
        var output = new StringWriter();
        // Out of range, then a wrong number; then the right choice typed as text; then free text; then end of input.
        var answers = new StringReader("9\n1\n  ALL AT ONCE, the surge in load and power could crash them again while their caches are cold \nCheck the VPN\n");
        var printer = new NarrationPrinter(Fb.Start, output, ansi: false, answers);
        printer.Show(At("why-withdraw"));
        printer.Show(At("staged-restore"));
        printer.Show(At("locked-out"));
        printer.Show(At("why-withdraw"));
        var text = output.ToString();
        var why = Fb.Narration.Single(i => i.Name == "why-withdraw").Checkpoint!;
        Assert.Contains("Your answer (1-4, or Enter to see it): ", text);
        Assert.Contains("    Type a number from 1 to 4, or a choice's text.", text);
        Assert.Contains($"    Not quite: the answer is 2. {why.Answer}", text);
        Assert.Contains("    Right: 2. All at once, the surge in load", text);
        Assert.Contains("Your answer (Enter when done): ", text);
        Assert.Contains("    A model answer: Remote access and the out-of-band network", text);
        // Input ran out: the last checkpoint stops asking and prints its answer.
        Assert.EndsWith($"    Answer: 2. {why.Answer}\n{Indent(why.Explain!)}", text.Replace("\r\n", "\n"));
    }

    private static string Indent(string text) => string.Concat(text.Split('\n').Select(l => "    " + l + "\n"));

    [Fact]
    public void A_typed_choice_is_its_number_or_its_text()
    {
        var c = new Checkpoint("Q?", ["alpha", "Beta"], 2, "Beta", null, true);
        Assert.Equal([1, 2, 2, null, null, null], new[] { "1", " beta ", "2", "3", "0", "gamma" }.Select(x => NarrationPrinter.ParseChoice(c, x)));
    }
}
