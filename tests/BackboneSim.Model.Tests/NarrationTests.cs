using BackboneSim.Analysis.Running;
using BackboneSim.Analysis.Teaching;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Teaching;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The teaching part of the format: how <c>narration:</c> is read and checked, and when the follower fires each
/// item, on the small test network (every backbone link taken down at 15:40, so the DNS servers withdraw).
/// </summary>
public class NarrationTests
{
    private const string Cut = """
          - at: "15:40:00"
            name: cut
            push:
              targets: { role: backbone }
              change: [ { interfaces: { match: backbone, admin: down } } ]
        """;

    private const long CutMs = 10 * 60_000;

    private static ScenarioDefinition Load(TempScenario t, string narration)
    {
        t.Write("topo.yaml", TempScenario.SmallTopology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(Cut) + "\n" + narration));
    }

    private static async Task<List<LoggedEvent>> RunAsync(ScenarioDefinition scenario)
    {
        var sink = new RingNetwork.ListSink();
        await using var driver = InMemoryRun.Create(new SimulationFactory(scenario), scenario.DurationMs);
        await driver.RunToEndAsync(sink, scenario.DurationMs);
        return sink.Events;
    }

    private const string Timed = """
        narration:
          - { name: intro, at: "15:35:00", say: "The network is healthy." }
          - { name: quiet, at: "+7m30.5s", say: "Nothing happens now." }
          - { name: landing, after: cut, delay: 45s, say: "The push has landed everywhere." }
          - { name: now, after: cut, say: "The command runs.", highlight: [dc1, "p2-*"] }
          - { name: withdrawn, on: { event: dns.withdraw }, say: "A DNS server withdraws." }
          - name: p2-withdrawn
            on: { event: dns.withdraw, node: "p2-*" }
            after: cut
            delay: 10s
            checkpoint: { question: "What did p2's DNS server just do?", choices: [keep announcing, withdraw], answer: 2 }
          - { name: never, on: { event: responders.rollback }, say: "Nobody rolls back." }
        """;

    [Fact]
    public async Task Items_fire_at_their_time_after_their_action_and_at_their_first_matching_event()
    {
        using var t = new TempScenario();
        var s = Load(t, Timed);
        var events = await RunAsync(s);
        var follower = new NarrationFollower(s);
        follower.OnWindow(s.DurationMs, events);
        follower.OnFinished(s.DurationMs);
        var fired = follower.Fired.ToDictionary(f => f.Item.Name);

        var action = events.Single(e => e.Kind == "scenario.action" && e.Subject == "cut");
        var firstWithdraw = events.First(e => e.Kind == "dns.withdraw");
        var p2Withdraw = events.First(e => e.Kind == "dns.withdraw" && e.NodeName.StartsWith("p2-", StringComparison.Ordinal));
        Assert.Equal(CutMs, action.Ms);
        Assert.Equal((5 * 60_000L, (long?)null), (fired["intro"].Ms, fired["intro"].EventId));
        Assert.Equal((7 * 60_000L + 30_500, (long?)null), (fired["quiet"].Ms, fired["quiet"].EventId));
        Assert.Equal((CutMs, (long?)action.Id), (fired["now"].Ms, fired["now"].EventId));
        Assert.Equal((CutMs + 45_000, (long?)action.Id), (fired["landing"].Ms, fired["landing"].EventId));
        Assert.Equal((firstWithdraw.Ms, (long?)firstWithdraw.Id), (fired["withdrawn"].Ms, fired["withdrawn"].EventId));
        Assert.Equal((p2Withdraw.Ms + 10_000, (long?)p2Withdraw.Id), (fired["p2-withdrawn"].Ms, fired["p2-withdrawn"].EventId));
        Assert.Equal("never", Assert.Single(follower.NotFired).Name);
        Assert.Equal("no responders.rollback happened", follower.WhyNotFired(follower.NotFired[0]));
        // In firing order: by time, then the scenario's order.
        Assert.Equal(follower.Fired.OrderBy(f => f.Ms).ThenBy(f => f.Item.Index), follower.Fired);

        var now = s.Narration.Single(i => i.Name == "now");
        Assert.Equal(["dc1"], now.HighlightSites);
        Assert.Equal(s.Topology.NodeNames.Where(n => n.StartsWith("p2-", StringComparison.Ordinal)), now.HighlightNodes);
        var checkpoint = s.Narration.Single(i => i.Name == "p2-withdrawn").Checkpoint!;
        Assert.Equal((2, "withdraw", true), (checkpoint.AnswerChoice!.Value, checkpoint.Answer!, checkpoint.Pause));
    }

    [Fact]
    public async Task Firing_does_not_depend_on_how_the_events_are_batched_and_timed_items_come_before_the_events_at_their_time()
    {
        using var t = new TempScenario();
        var s = Load(t, Timed);
        var events = await RunAsync(s);

        var whole = new NarrationFollower(s);
        whole.OnWindow(s.DurationMs, events);
        whole.OnFinished(s.DurationMs);

        // One event per window, each window reporting that everything before its event has been delivered; note
        // which event was being fed when each item fired.
        LoggedEvent? feeding = null;
        var during = new Dictionary<string, LoggedEvent?>();
        var single = new NarrationFollower(s, f => during[f.Item.Name] = feeding);
        foreach (var e in events)
        {
            feeding = e;
            single.OnWindow(e.Ms, [e]);
        }
        feeding = null;
        single.OnFinished(s.DurationMs);
        Assert.Equal(whole.Fired, single.Fired);

        foreach (var f in single.Fired)
        {
            if (f.EventId is { } id && f.Item.DelayMs == 0) Assert.Equal(id, during[f.Item.Name]!.Id); // right with its event
            else Assert.Equal(events.FirstOrDefault(e => e.Ms >= f.Ms)?.Id, during[f.Item.Name]?.Id); // before the first event at or after its time
        }
    }

    [Fact]
    public void An_at_item_fires_when_the_run_passes_its_time_even_with_no_event_then()
    {
        using var t = new TempScenario();
        var s = Load(t, Timed);
        var follower = new NarrationFollower(s);
        follower.OnWindow(7 * 60_000 + 30_500, []);
        Assert.Equal(["intro"], follower.Fired.Select(f => f.Item.Name));
        follower.OnWindow(7 * 60_000 + 30_501, []);
        Assert.Equal(["intro", "quiet"], follower.Fired.Select(f => f.Item.Name));
        follower.OnFinished(8 * 60_000); // a run stopped (--until) before the action: nothing else fires
        Assert.Equal(2, follower.Fired.Count);
        Assert.Equal("action 'cut' did not run", follower.WhyNotFired(s.Narration.Single(i => i.Name == "landing")));
    }

    [Fact]
    public async Task The_event_log_is_byte_identical_with_and_without_narration()
    {
        using var with = new TempScenario();
        using var without = new TempScenario();
        var a = Load(with, Timed);
        var b = Load(without, "");
        Assert.Equal(7, a.Narration.Count);
        Assert.Empty(b.Narration);
        Assert.Equal(Render(a, await RunAsync(a)), Render(b, await RunAsync(b)));
    }

    internal static string Render(ScenarioDefinition s, IReadOnlyList<LoggedEvent> events)
    {
        var text = new StringWriter();
        var writer = new JsonLinesEventWriter(text, s.Start);
        writer.OnWindow(s.DurationMs, events);
        writer.OnFinished(s.DurationMs);
        return text.ToString();
    }

    [Fact]
    public void Checkpoints_read_choices_answers_by_text_or_number_and_free_text()
    {
        using var t = new TempScenario();
        var s = Load(t, """
            narration:
              - at: "15:41:00"
                say: First question.
                audience: instructor
                checkpoint:
                  question: Which protocol carries the withdrawal to the Internet?
                  choices: [OSPF, BGP, DNS]
                  answer: BGP
                  explain: The DNS servers ask their edge routers to stop announcing.
              - at: "15:42:00"
                checkpoint: { question: "Why?", choices: ["1", "2"], answer: "2", pause: false }
              - at: "15:43:00"
                checkpoint: { question: What would you change? }
              - at: "15:44:00"
                checkpoint: { question: And now?, answer: Keep a separate out-of-band network. }
            """);
        var items = s.Narration;
        Assert.Equal(["narration1", "narration2", "narration3", "narration4"], items.Select(i => i.Name));
        Assert.Equal(NarrationAudience.Instructor, items[0].Audience);
        Assert.Equal((2, "BGP"), (items[0].Checkpoint!.AnswerChoice!.Value, items[0].Checkpoint!.Answer!));
        Assert.Equal((2, "2", false), (items[1].Checkpoint!.AnswerChoice!.Value, items[1].Checkpoint!.Answer!, items[1].Checkpoint!.Pause)); // text first
        Assert.False(items[2].Checkpoint!.IsMultipleChoice);
        Assert.Null(items[2].Checkpoint!.Answer);
        Assert.Null(items[2].Say);
        Assert.Equal("Keep a separate out-of-band network.", items[3].Checkpoint!.Answer);
        Assert.Null(items[3].Checkpoint!.AnswerChoice);
    }

    [Theory]
    [InlineData("- { at: '15:45:00', sya: hi }", "sya", "unknown field 'sya' in a narration item — did you mean 'say'?")]
    [InlineData("- { after: cat, say: hi }", "cat", "'after' names no action: 'cat' — did you mean 'cut'?")]
    [InlineData("- { on: { event: dns.withdrew }, say: hi }", "dns.withdrew", "unknown event kind 'dns.withdrew' — did you mean 'dns.withdraw'?")]
    [InlineData("- { on: { event: dns.withdraw, nod: 'p1-*' }, say: hi }", "nod", "unknown field 'nod' in 'on' — did you mean 'node'?")]
    [InlineData("- { on: { node: 'p1-*' }, say: hi }", "{ node", "'on' is missing the required field 'event'")]
    [InlineData("- { say: hi }", "{", "a narration item needs exactly one of 'at' (a time), 'after' (an action) or 'on' (an event")]
    [InlineData("- { at: '15:45:00', after: cut, say: hi }", "{", "a narration item needs exactly one of 'at'")]
    [InlineData("- { at: '17:00:00', say: hi }", "'17", "'at' 17:00:00 is outside the run")]
    [InlineData("- { at: 'soon', say: hi }", "'soon", "'at' must be a time of day (15:39:00), an offset (+9m) or an ISO-8601 time, not 'soon'")]
    [InlineData("- { at: '15:45:00', delay: 1m, say: hi }", "1m", "'delay' is for 'after' and 'on' items")]
    [InlineData("- { after: cut, delay: soon, say: hi }", "soon", "'delay' must be a duration like 10s")]
    [InlineData("- { at: '15:45:00', highlight: [dc1] }", "{", "a narration item needs 'say', a 'checkpoint' or both")]
    [InlineData("- { at: '15:45:00', say: '' }", "''", "'say' is empty")]
    [InlineData("- { at: '15:45:00', say: hi, highlight: [dc3] }", "dc3", "highlight 'dc3' names no node or site — did you mean 'dc1'?")]
    [InlineData("- { at: '15:45:00', say: hi, highlight: ['zz*'] }", "'zz*'", "highlight 'zz*' matches no node or site")]
    [InlineData("- { at: '15:45:00', say: hi, highlight: dc1 }", "dc1 }", "'highlight' must be a list")]
    [InlineData("- { at: '15:45:00', say: hi, audience: instructr }", "instructr", "'audience' is 'instructr'; expected one of all, instructor — did you mean 'instructor'?")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, choices: [alpha, beta], answer: betta } }", "betta",
        "'answer' is 'betta'; it must be one of the choices, written exactly, or its number (1 to 2) — did you mean 'beta'?")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, choices: [alpha, beta], answer: 3 } }", "3 }",
        "'answer' is '3'; it must be one of the choices, written exactly, or its number (1 to 2)")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, choices: [alpha, beta] } }", "{ question", "'checkpoint' is missing the required field 'answer'")]
    [InlineData("- { at: '15:45:00', checkpoint: { choices: [alpha, beta], answer: 1 } }", "{ choices", "'checkpoint' is missing the required field 'question'")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, choices: [alpha], answer: 1 } }", "[alpha]",
        "'choices' lists 1; a multiple-choice question needs 2 to 8 (leave 'choices' out for a free-text question)")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, choices: [a, b, c, d, e, f, g, h, i], answer: 1 } }", "[a,", "'choices' lists 9")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, choices: [a, a], answer: 1 } }", "a]", "choice 'a' is listed twice")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, pause: maybe } }", "maybe", "'pause' is 'maybe'; expected one of true, false")]
    [InlineData("- { at: '15:45:00', checkpoint: { question: Why?, answr: x } }", "answr", "unknown field 'answr' in 'checkpoint' — did you mean 'answer'?")]
    public void Bad_narration_is_an_error_at_its_line_and_column(string item, string marker, string message)
    {
        using var t = new TempScenario();
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(t, "narration:\n  " + item + "\n"));
        var e = Assert.Single(ex.Errors);
        Assert.Contains(message, e.Message);
        var lines = File.ReadAllLines(Path.Combine(t.Folder, "s.yaml"));
        var line = Array.IndexOf(lines, "narration:") + 2;
        Assert.Equal(("s.yaml", line, lines[line - 1].IndexOf(marker, StringComparison.Ordinal) + 1),
            (Path.GetFileName(e.Location.File), e.Location.Line, e.Location.Column));
        Assert.StartsWith($"{e.Location.File}:{line}:{e.Location.Column}: ", e.ToString());
    }

    [Fact]
    public void Names_are_unique_and_texts_and_the_list_are_bounded()
    {
        using var t = new TempScenario();
        var dup = Assert.Throws<ScenarioLoadException>(() => Load(t, """
            narration:
              - { at: "15:45:00", say: hi }
              - { name: narration1, at: "15:46:00", say: again }
            """));
        Assert.Equal("narration name 'narration1' is used twice", Assert.Single(dup.Errors).Message);

        var longSay = new string('x', NarrationReader.MaxTextLength + 1);
        var tooLong = Assert.Throws<ScenarioLoadException>(() => Load(t, $"narration:\n  - {{ at: \"15:45:00\", say: {longSay} }}\n"));
        Assert.Equal("'say' is 2,001 characters long; the limit is 2,000", Assert.Single(tooLong.Errors).Message);
        Load(t, $"narration:\n  - {{ at: \"15:45:00\", say: {longSay[1..]} }}\n"); // exactly at the limit

        var many = string.Concat(Enumerable.Range(0, NarrationReader.MaxItems + 1).Select(i => $"  - {{ at: \"+{i}s\", say: hi }}\n"));
        var tooMany = Assert.Throws<ScenarioLoadException>(() => Load(t, "narration:\n" + many));
        Assert.Equal("1001 narration items; the limit is 1000", Assert.Single(tooMany.Errors).Message);
    }
}

/// <summary>The FB scenario's narration, on the in-memory runtime: the story is told in causal order, each item at
/// its trigger's time, and the timeline is the same with or without it.</summary>
public class FacebookNarrationTests
{
    private const string File = "scenarios/facebook-2021-10-04.yaml";

    [Fact]
    public async Task The_story_fires_in_order_and_each_item_at_its_trigger()
    {
        var s = ScenarioLoader.Load(BackboneSim.Tests.Shared.RepoPaths.File(File));
        var sink = new RingNetwork.ListSink();
        var follower = new NarrationFollower(s);
        await using (var driver = InMemoryRun.Create(new SimulationFactory(s), s.DurationMs))
            await driver.RunToEndAsync(new CompositeSink([sink, follower]), s.DurationMs);
        var events = sink.Events;
        var byId = events.ToDictionary(e => e.Id);

        Assert.Empty(follower.NotFired);
        Assert.Equal(["welcome", "how-to-run-this", "the-command", "the-audit", "power-dip", "first-withdrawal", "why-withdraw", "cloudflare-loses-the-routes",
            "servfail", "incident", "locked-out", "on-site", "rollback", "staged-restore", "dns-back"], follower.Fired.Select(f => f.Item.Name));
        Assert.Equal(2, s.Narration.Count(i => i.Checkpoint is { IsMultipleChoice: true }));
        Assert.Contains(s.Narration, i => i.Checkpoint is { IsMultipleChoice: false });

        foreach (var f in follower.Fired)
        {
            var item = f.Item;
            var action = item.After is { } a ? events.Single(e => e.Kind == "scenario.action" && e.Subject == a) : null;
            switch (item.Trigger)
            {
                case NarrationTriggerKind.At:
                    Assert.Equal((item.AtMs!.Value, (long?)null), (f.Ms, f.EventId));
                    break;
                case NarrationTriggerKind.After:
                    Assert.Equal((action!.Ms + item.DelayMs, (long?)action.Id), (f.Ms, f.EventId));
                    break;
                default:
                    // The first event that matches the predicate, at its ms (plus the delay).
                    var matches = item.On!.Compile();
                    var first = events.First(e => matches(e) && (action is null || e.Id >= action.Id));
                    Assert.Equal((first.Ms + item.DelayMs, (long?)first.Id), (f.Ms, f.EventId));
                    Assert.Equal(item.On!.Kind, byId[f.EventId!.Value].Kind);
                    break;
            }
        }
        var cloudflare = follower.Fired.Single(f => f.Item.Name == "cloudflare-loses-the-routes");
        Assert.Equal("as13335", byId[cloudflare.EventId!.Value].NodeName);
    }

    [Fact]
    public async Task The_event_log_is_byte_identical_without_the_narration()
    {
        var text = System.IO.File.ReadAllText(BackboneSim.Tests.Shared.RepoPaths.File(File));
        var cut = text.IndexOf("\nnarration:", StringComparison.Ordinal);
        Assert.True(cut > 0);
        var topology = System.IO.File.ReadAllText(BackboneSim.Tests.Shared.RepoPaths.File("scenarios/topologies/hyperscaler.yaml"));
        async Task<(ScenarioDefinition, string)> Run(string scenarioText)
        {
            using var t = new TempScenario();
            t.Write("topologies/hyperscaler.yaml", topology);
            var s = ScenarioLoader.Load(t.Write("facebook-2021-10-04.yaml", scenarioText)); // same file name: actions name it
            var sink = new RingNetwork.ListSink();
            await using var driver = InMemoryRun.Create(new SimulationFactory(s), 60 * 60_000);
            await driver.RunToEndAsync(sink, 60 * 60_000);
            return (s, NarrationTests.Render(s, sink.Events));
        }
        var (with, withLog) = await Run(text);
        var (without, withoutLog) = await Run(text[..(cut + 1)]);
        Assert.Equal(15, with.Narration.Count);
        Assert.Empty(without.Narration);
        Assert.Contains("\"kind\":\"dns.withdraw\"", withLog);
        Assert.Equal(withoutLog, withLog);
    }
}
